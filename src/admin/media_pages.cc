// The media library: upload (multipart, decoded and cleaned by media/),
// describe, delete with a warning when in use.

#include "admin/handlers.h"
#include "admin/view.h"
#include "media/media_library.h"
#include "media/responsive.h"

namespace admin {
namespace {

constexpr int kPerPage = 48;

render::Value ItemView(const Ctx& c, const store::MediaItem& m) {
  const std::string base = "/media/" + media::LibraryPrefix(m.key);
  const int thumb = m.widths.empty() ? 0 : m.widths.front();
  return render::Value::MakeObject()
      .Set("id", std::to_string(m.id))
      .Set("thumb", base + std::to_string(thumb) + ".jpg")
      .Set("path", media::FeatureImagePath(m))
      .Set("src", "/media/" + media::FeatureImagePath(m))
      .Set("original_name", m.original_name)
      .Set("format", m.format)
      .Set("size", std::to_string(m.width) + "×" + std::to_string(m.height))
      .Set("width", std::to_string(m.width))
      .Set("height", std::to_string(m.height))
      .Set("kib", std::to_string((m.bytes + 1023) / 1024))
      .Set("alt", m.alt)
      .Set("caption", m.caption)
      .Set("credit", m.credit)
      .Set("credit_url", m.credit_url)
      .Set("created_at", FormatTime(c, m.created_at));
}

AdminResult ListPage(Ctx& c, render::Value data, int status) {
  if (c.d.media == nullptr) return base::Status::Unavailable("no media library");
  int page = 1;
  if (auto p = c.req.QueryParam("page")) {
    page = std::atoi(p->c_str());
    if (page < 1 || page > 100000) return base::Status::InvalidArgument("page out of range");
  }
  BS_ASSIGN_OR_RETURN(int64_t total, c.d.media->Count());
  BS_ASSIGN_OR_RETURN(std::vector<store::MediaItem> items,
                      c.d.media->List(kPerPage, (page - 1) * kPerPage));
  render::Value list = render::Value::MakeList(items.size());
  for (const store::MediaItem& m : items) list.Push(ItemView(c, m));
  data.Set("items", std::move(list));
  data.Set("total", std::to_string(total));
  if (page > 1) data.Set("prev_url", "/admin/media?page=" + std::to_string(page - 1));
  if (static_cast<int64_t>(page) * kPerPage < total)
    data.Set("next_url", "/admin/media?page=" + std::to_string(page + 1));
  return Page(c, "media", std::move(data), status);
}

// The description fields as typed, to put back into a form.
render::Value TypedText(const Ctx& c) {
  return render::Value::MakeObject()
      .Set("alt", c.form.form.Value("alt"))
      .Set("caption", c.form.form.Value("caption"))
      .Set("credit", c.form.form.Value("credit"))
      .Set("credit_url", c.form.form.Value("credit_url"));
}

}  // namespace

AdminResult MediaList(Ctx& c) {
  return ListPage(c, render::Value::MakeObject().Set("upload", TypedText(c)), 200);
}

AdminResult MediaUpload(Ctx& c) {
  if (c.d.media == nullptr) return base::Status::Unavailable("no media library");
  render::Value data = render::Value::MakeObject().Set("upload", TypedText(c));
  const http::FilePart* file = c.form.File("file");
  if (file == nullptr) {
    data.Set("error", T(c, "Choose an image file to upload."));
    return ListPage(c, std::move(data), 400);
  }
  base::Result<store::MediaItem> item =
      c.d.media->Upload(file->data, file->filename, c.user().id);
  if (!item.ok()) {
    if (item.status().code() != base::StatusCode::kInvalidArgument) return item.status();
    // media/ words its refusals for people ("This file is not a JPEG, PNG,
    // WebP or GIF image."); show it, translated when the catalog has it.
    data.Set("error", T(c, item.status().message()));
    return ListPage(c, std::move(data), 400);
  }
  base::Status described =
      c.d.media->UpdateText(item->id, c.form.form.Value("alt"), c.form.form.Value("caption"),
                            c.form.form.Value("credit"), c.form.form.Value("credit_url"));
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "media.upload", "media",
                                         std::to_string(item->id), file->filename));
  const std::string to = "/admin/media/" + std::to_string(item->id);
  // The image is kept either way; a bad description is fixed on its page.
  if (!described.ok()) return SeeOther(to + "?bad_text=1", "uploaded");
  return SeeOther(to, "uploaded");
}

AdminResult MediaEditForm(Ctx& c) {
  if (c.d.media == nullptr) return base::Status::Unavailable("no media library");
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::MediaItem m, c.d.media->Get(id));
  render::Value data = ItemView(c, m);
  data.Set("can_delete", c.Can(accounts::Permission::kDeleteMedia));
  if (c.req.QueryParam("bad_text"))
    data.Set("error", T(c, "The image was uploaded, but its description was not saved: please "
                           "check the lengths and that the credit link starts with https://."));
  return Page(c, "media_edit", std::move(data));
}

AdminResult MediaUpdate(Ctx& c) {
  if (c.d.media == nullptr) return base::Status::Unavailable("no media library");
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::MediaItem m, c.d.media->Get(id));
  base::Status s =
      c.d.media->UpdateText(id, c.form.form.Value("alt"), c.form.form.Value("caption"),
                            c.form.form.Value("credit"), c.form.form.Value("credit_url"));
  if (s.ok()) {
    BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "media.update", "media", std::to_string(id)));
    return SeeOther("/admin/media/" + std::to_string(id), "saved");
  }
  if (s.code() != base::StatusCode::kInvalidArgument) return s;
  render::Value data = ItemView(c, m);
  for (const char* k : {"alt", "caption", "credit", "credit_url"}) data.Set(k, c.form.form.Value(k));
  data.Set("can_delete", c.Can(accounts::Permission::kDeleteMedia));
  data.Set("error", T(c, "Not saved: please check the lengths and that the credit link starts "
                         "with https://."));
  return Page(c, "media_edit", std::move(data), 400);
}

AdminResult MediaDelete(Ctx& c) {
  if (c.d.media == nullptr) return base::Status::Unavailable("no media library");
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::MediaItem m, c.d.media->Get(id));
  const bool force = c.form.form.Value("force") == "1";
  base::Status s = c.d.media->Delete(id, force);
  if (s.code() == base::StatusCode::kConflict) {
    // In use: say so, and offer to delete anyway.
    render::Value data = ItemView(c, m);
    data.Set("can_delete", true);
    data.Set("in_use", true);
    data.Set("error", T(c, "This image is used on the site. Deleting it leaves those pages "
                           "without their picture."));
    return Page(c, "media_edit", std::move(data), 409);
  }
  BS_RETURN_IF_ERROR(s);
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "media.delete", "media", std::to_string(id),
                                         m.original_name + (force ? " (in use)" : "")));
  return SeeOther("/admin/media", "deleted");
}

}  // namespace admin
