// EditorialService: bylines, sections and tags.

#include "base/text.h"
#include "publishing/editorial_service.h"
#include "publishing/validation.h"
#include "render/markdown.h"

namespace publishing {

using internal::CheckMediaPath;
using internal::CheckText;
using internal::Field;
using internal::kMaxBodyBytes;
using internal::kMaxDeckBytes;
using internal::kMaxTagBytes;
using internal::kMaxTitleBytes;
using internal::ResolveSlug;

namespace {

// A unique-slug clash from the store, said for the form.
Status SlugTaken(const Status& s, const char* what) {
  if (s.IsConflict()) return Status::Conflict(std::string("slug: already used by another ") + what);
  return s;
}

// `given`, else `current` (on update), else derived from `from`.
Result<std::string> SlugFor(const std::string& given, const std::string& current,
                            const std::string& from) {
  if (given.empty() && !current.empty()) return current;
  return ResolveSlug(given, from, "slug");
}

}  // namespace

// --- bylines

Result<std::vector<store::Byline>> EditorialService::ListBylines() { return store_.ListBylines(); }

Result<store::Byline> EditorialService::GetByline(int64_t id) { return store_.GetBylineById(id); }

Result<store::Byline> EditorialService::BuildByline(const BylineInput& in,
                                                    const std::string& current_slug) {
  BS_RETURN_IF_ERROR(CheckText(in.name, "name", kMaxTitleBytes, true));
  BS_RETURN_IF_ERROR(CheckText(in.title, "title", kMaxTitleBytes, false));
  BS_RETURN_IF_ERROR(CheckText(in.bio_markdown, "bio", kMaxBodyBytes, false));
  BS_RETURN_IF_ERROR(CheckMediaPath(in.photo_path, "photo_path"));
  store::Byline b;
  BS_ASSIGN_OR_RETURN(b.slug, SlugFor(in.slug, current_slug, in.name));
  b.name = std::string(base::Trim(in.name));
  b.kind = in.kind;
  b.title = in.title;
  b.bio_markdown = in.bio_markdown;
  b.bio_html = render::MarkdownToHtml(in.bio_markdown);
  b.photo_path = in.photo_path;
  return b;
}

Result<int64_t> EditorialService::CreateByline(const BylineInput& in) {
  BS_ASSIGN_OR_RETURN(store::Byline b, BuildByline(in, ""));
  Result<int64_t> id = store_.CreateByline(b);
  if (!id.ok()) return SlugTaken(id.status(), "byline");
  return id;
}

Status EditorialService::UpdateByline(int64_t id, const BylineInput& in) {
  BS_ASSIGN_OR_RETURN(store::Byline current, store_.GetBylineById(id));
  BS_ASSIGN_OR_RETURN(store::Byline b, BuildByline(in, current.slug));
  b.id = id;
  return SlugTaken(store_.UpdateByline(b), "byline");
}

Status EditorialService::DeleteByline(int64_t id) { return store_.DeleteByline(id); }

// --- sections

Result<std::vector<store::Section>> EditorialService::ListSections() {
  return store_.ListSections();
}

Result<store::Section> EditorialService::GetSection(int64_t id) {
  return store_.GetSectionById(id);
}

Result<store::Section> EditorialService::BuildSection(const SectionInput& in,
                                                      const std::string& current_slug) {
  BS_RETURN_IF_ERROR(CheckText(in.name, "name", kMaxTitleBytes, true));
  BS_RETURN_IF_ERROR(CheckText(in.description, "description", kMaxDeckBytes, false));
  store::Section s;
  BS_ASSIGN_OR_RETURN(s.slug, SlugFor(in.slug, current_slug, in.name));
  s.name = std::string(base::Trim(in.name));
  s.description = in.description;
  s.position = in.position;
  return s;
}

Result<int64_t> EditorialService::CreateSection(const SectionInput& in) {
  BS_ASSIGN_OR_RETURN(store::Section s, BuildSection(in, ""));
  Result<int64_t> id = store_.CreateSection(s);
  if (!id.ok()) return SlugTaken(id.status(), "section");
  return id;
}

Status EditorialService::UpdateSection(int64_t id, const SectionInput& in) {
  BS_ASSIGN_OR_RETURN(store::Section current, store_.GetSectionById(id));
  BS_ASSIGN_OR_RETURN(store::Section s, BuildSection(in, current.slug));
  s.id = id;
  return SlugTaken(store_.UpdateSection(s), "section");
}

Status EditorialService::DeleteSection(int64_t id) {
  return store_.DeleteSection(id, clock_.Now());
}

// --- tags

Result<std::vector<store::TagUsage>> EditorialService::ListTags() { return store_.ListTagUsage(); }

Result<store::Tag> EditorialService::GetTag(int64_t id) { return store_.GetTagById(id); }

Status EditorialService::RenameTag(int64_t id, const std::string& name, const std::string& slug) {
  BS_ASSIGN_OR_RETURN(store::Tag tag, store_.GetTagById(id));
  const std::string trimmed(base::Trim(name));
  if (!trimmed.empty()) {
    BS_RETURN_IF_ERROR(CheckText(trimmed, "name", kMaxTagBytes, true));
    tag.name = trimmed;
  }
  if (!slug.empty()) {
    if (!base::IsValidSlug(slug)) return Field("slug", "only a-z, 0-9 and '-'");
    tag.slug = slug;
  }
  return SlugTaken(store_.UpdateTag(tag, clock_.Now()), "tag");
}

Status EditorialService::MergeTags(int64_t from, int64_t into) {
  if (from == into) return Field("into", "must be another tag");
  return store_.MergeTags(from, into, clock_.Now());
}

Status EditorialService::DeleteTag(int64_t id) { return store_.DeleteTag(id, clock_.Now()); }

}  // namespace publishing
