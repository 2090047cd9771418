// Bylines: who signs articles, a person or a body, with a bio and a photo
// from the media library. Permission::kManageTaxonomy.

#include "admin/handlers.h"
#include "admin/view.h"
#include "base/text.h"
#include "media/media_library.h"
#include "media/responsive.h"
#include "publishing/editorial_service.h"

namespace admin {
namespace {

constexpr int kPhotoChoices = 48;

base::Status NeedEditorial(const Ctx& c) {
  if (c.d.editorial == nullptr) return base::Status::Unavailable("no editorial service");
  return base::Status::Ok();
}

// The form as posted; a library photo picked in photo_pick replaces photo_path.
base::Result<publishing::BylineInput> ReadBylineForm(Ctx& c) {
  const http::Form& f = c.form.form;
  publishing::BylineInput in;
  in.name = f.Value("name");
  in.slug = std::string(base::Trim(f.Value("slug")));
  in.kind = f.Value("kind") == "body" ? store::BylineKind::kBody : store::BylineKind::kPerson;
  in.title = f.Value("byline_title");
  in.bio_markdown = f.Value("bio");
  in.photo_path = f.Value("photo_path");
  const std::string pick = f.Value("photo_pick");
  if (pick == "none") {
    in.photo_path.clear();
  } else if (std::optional<int64_t> id = base::ParseInt64(pick); id && *id > 0 && c.d.media) {
    base::Result<store::MediaItem> item = c.d.media->Get(*id);
    if (!item.ok() && !item.status().IsNotFound()) return item.status();
    if (item.ok()) in.photo_path = media::FeatureImagePath(*item);
  }
  return in;
}

const char* FieldLabel(const std::string& field) {
  if (field == "name") return "Name";
  if (field == "slug") return "Slug (web address)";
  if (field == "title") return "Title or role";
  if (field == "bio") return "Biography (Markdown)";
  if (field == "photo_path") return "Photo";
  return nullptr;
}

std::string ErrorText(const Ctx& c, const base::Status& s) {
  return FieldErrorText(c, s, FieldLabel);
}

AdminResult BylineForm(Ctx& c, std::optional<int64_t> id, const publishing::BylineInput& in,
                       const std::string& error, int status) {
  render::Value data = render::Value::MakeObject()
                           .Set("new", !id.has_value())
                           .Set("name", in.name)
                           .Set("slug", in.slug)
                           .Set("is_body", in.kind == store::BylineKind::kBody)
                           .Set("byline_title", in.title)
                           .Set("bio", in.bio_markdown)
                           .Set("photo_path", in.photo_path)
                           .Set("photo_src", "/media/" + in.photo_path)
                           .Set("has_photo", !in.photo_path.empty());
  if (id) data.Set("id", std::to_string(*id));
  if (!error.empty()) data.Set("error", error);
  render::Value photos = render::Value::MakeList();
  if (c.d.media != nullptr) {
    BS_ASSIGN_OR_RETURN(std::vector<store::MediaItem> items, c.d.media->List(kPhotoChoices, 0));
    for (const store::MediaItem& m : items) {
      photos.Push(render::Value::MakeObject()
                      .Set("id", std::to_string(m.id))
                      .Set("label", m.original_name + (m.alt.empty() ? "" : " — " + m.alt)));
    }
  }
  data.Set("photos", std::move(photos));
  return Page(c, "byline_edit", std::move(data), status);
}

publishing::BylineInput InputFrom(const store::Byline& b) {
  publishing::BylineInput in;
  in.slug = b.slug;
  in.name = b.name;
  in.kind = b.kind;
  in.title = b.title;
  in.bio_markdown = b.bio_markdown;
  in.photo_path = b.photo_path;
  return in;
}

int StatusFor(const base::Status& s) { return s.IsConflict() ? 409 : 400; }

bool IsFormError(const base::Status& s) {
  return s.code() == base::StatusCode::kInvalidArgument || s.IsConflict();
}

}  // namespace

AdminResult BylinesList(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(std::vector<store::Byline> all, c.d.editorial->ListBylines());
  render::Value rows = render::Value::MakeList(all.size());
  for (const store::Byline& b : all) {
    rows.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(b.id))
                  .Set("name", b.name)
                  .Set("slug", b.slug)
                  .Set("byline_title", b.title)
                  .Set("kind", b.kind == store::BylineKind::kBody ? T(c, "Body") : T(c, "Person")));
  }
  return Page(c, "bylines", render::Value::MakeObject().Set("bylines", std::move(rows)));
}

AdminResult BylineNewForm(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  return BylineForm(c, std::nullopt, {}, "", 200);
}

AdminResult BylineCreate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(publishing::BylineInput in, ReadBylineForm(c));
  base::Result<int64_t> id = c.d.editorial->CreateByline(in);
  if (!id.ok()) {
    if (!IsFormError(id.status())) return id.status();
    return BylineForm(c, std::nullopt, in, ErrorText(c, id.status()), StatusFor(id.status()));
  }
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "byline.create", "byline", std::to_string(*id), in.name));
  return SeeOther("/admin/bylines/" + std::to_string(*id), "saved");
}

AdminResult BylineEditForm(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Byline b, c.d.editorial->GetByline(id));
  return BylineForm(c, id, InputFrom(b), "", 200);
}

AdminResult BylineUpdate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_RETURN_IF_ERROR(c.d.editorial->GetByline(id).status());
  BS_ASSIGN_OR_RETURN(publishing::BylineInput in, ReadBylineForm(c));
  base::Status s = c.d.editorial->UpdateByline(id, in);
  if (!s.ok()) {
    if (!IsFormError(s)) return s;
    return BylineForm(c, id, in, ErrorText(c, s), StatusFor(s));
  }
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "byline.update", "byline", std::to_string(id), in.name));
  return SeeOther("/admin/bylines/" + std::to_string(id), "saved");
}

AdminResult BylineDelete(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Byline b, c.d.editorial->GetByline(id));
  base::Status s = c.d.editorial->DeleteByline(id);
  if (s.IsConflict()) {
    return BylineForm(c, id, InputFrom(b),
                      T(c,
                        "Not deleted: articles are still signed with this byline (or a staff "
                        "account uses it). Take it off them first."),
                      409);
  }
  BS_RETURN_IF_ERROR(s);
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "byline.delete", "byline", std::to_string(id), b.name));
  return SeeOther("/admin/bylines", "deleted");
}

}  // namespace admin
