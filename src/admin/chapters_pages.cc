// Chapters (Permission::kManageMembers): the list, each one editable in
// place, and a form for a new one. A chapter's assignment rules are postal
// code prefixes and region names, one per line. A refused save draws the
// page again from what was posted, with 400 for bad input and 409 for a
// slug another chapter has.

#include <algorithm>

#include "admin/handlers.h"
#include "admin/view.h"
#include "base/text.h"
#include "members/members_service.h"

namespace admin {
namespace {

base::Status NeedMembers(const Ctx& c) {
  if (c.d.members == nullptr) return base::Status::Unavailable("no members service");
  return base::Status::Ok();
}

const char* ChapterFieldLabel(const std::string& field) {
  if (field == "name") return "Name";
  if (field == "slug") return "Slug (web address)";
  if (field == "region") return "Region";
  if (field == "postal_prefixes") return "Postal code prefixes";
  if (field == "regions") return "Regions";
  return nullptr;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::string_view line : base::Split(text, '\n')) out.emplace_back(base::Trim(line));
  return out;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

store::Chapter ReadChapter(const Ctx& c) {
  const http::Form& f = c.form.form;
  store::Chapter ch;
  ch.name = f.Value("name");
  ch.slug = f.Value("slug");
  ch.region = f.Value("region");
  ch.postal_prefixes = Lines(f.Value("postal_prefixes"));
  ch.regions = Lines(f.Value("regions"));
  ch.position = static_cast<int>(
      std::clamp<int64_t>(base::ParseInt64(f.Value("position")).value_or(0), -100000, 100000));
  return ch;
}

render::Value ChapterData(const store::Chapter& ch) {
  return render::Value::MakeObject()
      .Set("id", std::to_string(ch.id))
      .Set("name", ch.name)
      .Set("slug", ch.slug)
      .Set("region", ch.region)
      .Set("postal_prefixes", JoinLines(ch.postal_prefixes))
      .Set("regions", JoinLines(ch.regions))
      .Set("position", std::to_string(ch.position));
}

// `posted`, when given, replaces the stored values of its chapter (id != 0)
// or fills the new-chapter form (id == 0).
AdminResult RenderChapters(Ctx& c, const std::string& error, int status,
                           const std::optional<store::Chapter>& posted) {
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, c.d.members->Chapters());
  render::Value rows = render::Value::MakeList(chapters.size());
  for (const store::Chapter& ch : chapters) {
    if (posted && posted->id == ch.id) {
      rows.Push(ChapterData(*posted).Set("has_error", true));
    } else {
      rows.Push(ChapterData(ch));
    }
  }
  store::Chapter fresh;
  if (posted && posted->id == 0) fresh = *posted;
  render::Value data =
      render::Value::MakeObject().Set("chapters", std::move(rows)).Set("new", ChapterData(fresh));
  if (!error.empty()) data.Set("error", error);
  return Page(c, "chapters", std::move(data), status);
}

AdminResult RefusedChapter(Ctx& c, const base::Status& s, const store::Chapter& posted) {
  if (s.code() == base::StatusCode::kInvalidArgument || s.IsConflict()) {
    return RenderChapters(c, FieldErrorText(c, s, ChapterFieldLabel), s.IsConflict() ? 409 : 400,
                          posted);
  }
  return s;
}

}  // namespace

AdminResult ChaptersList(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  return RenderChapters(c, "", 200, std::nullopt);
}

AdminResult ChapterCreate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  const store::Chapter ch = ReadChapter(c);
  base::Result<int64_t> id = c.d.members->SaveChapter(ch);
  if (!id.ok()) return RefusedChapter(c, id.status(), ch);
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "chapter.create", "chapter", std::to_string(*id), ""));
  return SeeOther("/admin/chapters", "saved");
}

// action=delete deletes; anything else saves the posted fields.
AdminResult ChapterUpdate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  const std::string sid = std::to_string(id);
  if (c.form.form.Value("action") == "delete") {
    BS_RETURN_IF_ERROR(c.d.members->DeleteChapter(id));
    BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "chapter.delete", "chapter", sid, ""));
    return SeeOther("/admin/chapters", "deleted");
  }
  BS_RETURN_IF_ERROR(c.d.members->GetChapter(id).status());
  store::Chapter ch = ReadChapter(c);
  ch.id = id;
  base::Result<int64_t> saved = c.d.members->SaveChapter(ch);
  if (!saved.ok()) return RefusedChapter(c, saved.status(), ch);
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "chapter.update", "chapter", sid, ""));
  return SeeOther("/admin/chapters", "saved");
}

}  // namespace admin
