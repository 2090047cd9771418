// Sections (the navigation's top-level groups) and tags (rename, merge,
// delete). Permission::kManageTaxonomy.

#include "admin/handlers.h"
#include "admin/view.h"
#include "base/text.h"
#include "publishing/editorial_service.h"

namespace admin {
namespace {

base::Status NeedEditorial(const Ctx& c) {
  if (c.d.editorial == nullptr) return base::Status::Unavailable("no editorial service");
  return base::Status::Ok();
}

bool IsFormError(const base::Status& s) {
  return s.code() == base::StatusCode::kInvalidArgument || s.IsConflict();
}

int StatusFor(const base::Status& s) { return s.IsConflict() ? 409 : 400; }

const char* FieldLabel(const std::string& field) {
  if (field == "name") return "Name";
  if (field == "slug") return "Slug (web address)";
  if (field == "description") return "Description";
  if (field == "position") return "Position";
  if (field == "into") return "Merge into";
  return nullptr;
}

std::string ErrorText(const Ctx& c, const base::Status& s) {
  return FieldErrorText(c, s, FieldLabel);
}

// --- sections

publishing::SectionInput ReadSectionForm(const Ctx& c) {
  const http::Form& f = c.form.form;
  publishing::SectionInput in;
  in.name = f.Value("name");
  in.slug = std::string(base::Trim(f.Value("slug")));
  in.description = f.Value("description");
  std::optional<int64_t> pos = base::ParseInt64(base::Trim(f.Value("position")));
  in.position = pos && *pos >= -100000 && *pos <= 100000 ? static_cast<int>(*pos) : 0;
  return in;
}

AdminResult SectionForm(Ctx& c, std::optional<int64_t> id, const publishing::SectionInput& in,
                        const std::string& error, int status) {
  render::Value data = render::Value::MakeObject()
                           .Set("new", !id.has_value())
                           .Set("name", in.name)
                           .Set("slug", in.slug)
                           .Set("description", in.description)
                           .Set("position", std::to_string(in.position));
  if (id) data.Set("id", std::to_string(*id));
  if (!error.empty()) data.Set("error", error);
  return Page(c, "section_edit", std::move(data), status);
}

// --- tags

AdminResult TagForm(Ctx& c, const store::Tag& tag, const std::string& name, const std::string& slug,
                    const std::string& error, int status) {
  BS_ASSIGN_OR_RETURN(std::vector<store::TagUsage> all, c.d.editorial->ListTags());
  render::Value others = render::Value::MakeList(all.size());
  int64_t articles = 0;
  for (const store::TagUsage& u : all) {
    if (u.tag.id == tag.id) {
      articles = u.articles;
      continue;
    }
    others.Push(render::Value::MakeObject()
                    .Set("id", std::to_string(u.tag.id))
                    .Set("name", u.tag.name + " (" + std::to_string(u.articles) + ")"));
  }
  render::Value data = render::Value::MakeObject()
                           .Set("id", std::to_string(tag.id))
                           .Set("tag_name", tag.name)
                           .Set("name", name)
                           .Set("slug", slug)
                           .Set("articles", std::to_string(articles))
                           .Set("has_others", !others.as_list().empty())
                           .Set("others", std::move(others));
  if (!error.empty()) data.Set("error", error);
  return Page(c, "tag_edit", std::move(data), status);
}

}  // namespace

AdminResult SectionsList(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(std::vector<store::Section> all, c.d.editorial->ListSections());
  render::Value rows = render::Value::MakeList(all.size());
  for (const store::Section& s : all) {
    rows.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(s.id))
                  .Set("name", s.name)
                  .Set("slug", s.slug)
                  .Set("position", std::to_string(s.position)));
  }
  return Page(c, "sections", render::Value::MakeObject().Set("sections", std::move(rows)));
}

AdminResult SectionNewForm(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  return SectionForm(c, std::nullopt, {}, "", 200);
}

AdminResult SectionCreate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  publishing::SectionInput in = ReadSectionForm(c);
  base::Result<int64_t> id = c.d.editorial->CreateSection(in);
  if (!id.ok()) {
    if (!IsFormError(id.status())) return id.status();
    return SectionForm(c, std::nullopt, in, ErrorText(c, id.status()), StatusFor(id.status()));
  }
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "section.create", "section", std::to_string(*id), in.name));
  return SeeOther("/admin/sections", "saved");
}

AdminResult SectionEditForm(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Section s, c.d.editorial->GetSection(id));
  publishing::SectionInput in;
  in.slug = s.slug;
  in.name = s.name;
  in.description = s.description;
  in.position = s.position;
  return SectionForm(c, id, in, "", 200);
}

AdminResult SectionUpdate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_RETURN_IF_ERROR(c.d.editorial->GetSection(id).status());
  publishing::SectionInput in = ReadSectionForm(c);
  base::Status s = c.d.editorial->UpdateSection(id, in);
  if (!s.ok()) {
    if (!IsFormError(s)) return s;
    return SectionForm(c, id, in, ErrorText(c, s), StatusFor(s));
  }
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "section.update", "section", std::to_string(id), in.name));
  return SeeOther("/admin/sections", "saved");
}

AdminResult SectionDelete(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Section s, c.d.editorial->GetSection(id));
  BS_RETURN_IF_ERROR(c.d.editorial->DeleteSection(id));
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "section.delete", "section", std::to_string(id), s.name));
  return SeeOther("/admin/sections", "deleted");
}

AdminResult TagsList(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(std::vector<store::TagUsage> all, c.d.editorial->ListTags());
  render::Value rows = render::Value::MakeList(all.size());
  for (const store::TagUsage& u : all) {
    rows.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(u.tag.id))
                  .Set("name", u.tag.name)
                  .Set("slug", u.tag.slug)
                  .Set("articles", std::to_string(u.articles)));
  }
  return Page(c, "tags", render::Value::MakeObject().Set("tags", std::move(rows)));
}

AdminResult TagEditForm(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Tag t, c.d.editorial->GetTag(id));
  return TagForm(c, t, t.name, t.slug, "", 200);
}

AdminResult TagRename(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Tag t, c.d.editorial->GetTag(id));
  const std::string name(base::Trim(c.form.form.Value("name")));
  const std::string slug(base::Trim(c.form.form.Value("slug")));
  base::Status s = c.d.editorial->RenameTag(id, name, slug);
  if (!s.ok()) {
    if (!IsFormError(s)) return s;
    return TagForm(c, t, name, slug, ErrorText(c, s), StatusFor(s));
  }
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "tag.rename", "tag", std::to_string(id),
                                         t.name + " -> " + (name.empty() ? t.name : name)));
  return SeeOther("/admin/tags/" + std::to_string(id), "saved");
}

AdminResult TagMerge(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Tag from, c.d.editorial->GetTag(id));
  std::optional<int64_t> into = base::ParseInt64(base::Trim(c.form.form.Value("into")));
  base::Result<store::Tag> target = into && *into > 0
                                        ? c.d.editorial->GetTag(*into)
                                        : base::Result<store::Tag>(base::Status::NotFound("none"));
  if (!target.ok()) {
    if (!target.status().IsNotFound()) return target.status();
    return TagForm(c, from, from.name, from.slug, T(c, "Choose the tag to merge it into."), 400);
  }
  base::Status s = c.d.editorial->MergeTags(id, target->id);
  if (!s.ok()) {
    if (!IsFormError(s)) return s;
    return TagForm(c, from, from.name, from.slug, ErrorText(c, s), StatusFor(s));
  }
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "tag.merge", "tag", std::to_string(id),
                                         from.name + " -> " + target->name));
  return SeeOther("/admin/tags/" + std::to_string(target->id), "merged");
}

AdminResult TagDelete(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Tag t, c.d.editorial->GetTag(id));
  BS_RETURN_IF_ERROR(c.d.editorial->DeleteTag(id));
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "tag.delete", "tag", std::to_string(id), t.name));
  return SeeOther("/admin/tags", "deleted");
}

}  // namespace admin
