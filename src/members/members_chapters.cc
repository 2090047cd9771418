// Chapters in the back office (listing, saving with its checks, deleting)
// and the dashboard's joined and lapsed counts per chapter and month.

#include "members/members_service.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/form_text.h"
#include "base/text.h"
#include "base/time_format.h"

namespace members {
namespace {

constexpr size_t kChapterNameMax = 100, kChapterSlugMax = 80, kPrefixMax = 20, kListMax = 200;

// InvalidArgument "field: reason" unless `text` is short, valid one-line text.
Status CheckChapterText(const char* field, std::string_view text, size_t max_chars) {
  if (!base::IsValidUtf8(text) || base::HasControlCharacters(text, /*allow_newlines=*/false))
    return Status::InvalidArgument(std::string(field) + ": not valid UTF-8");
  if (base::CountCodePoints(text) > max_chars)
    return Status::InvalidArgument(std::string(field) + ": too long");
  return Status::Ok();
}

// Trimmed, non-empty, distinct entries; each checked like a field.
Status CleanList(const char* field, std::vector<std::string>& list, size_t max_chars) {
  std::vector<std::string> out;
  for (const std::string& raw : list) {
    const std::string item(base::Trim(raw));
    if (item.empty()) continue;
    BS_RETURN_IF_ERROR(CheckChapterText(field, item, max_chars));
    bool seen = false;
    for (const std::string& o : out)
      seen = seen || base::FoldAccentsLower(o) == base::FoldAccentsLower(item);
    if (!seen) out.push_back(item);
  }
  if (out.size() > kListMax) return Status::InvalidArgument(std::string(field) + ": too long");
  list = std::move(out);
  return Status::Ok();
}

}  // namespace

Result<std::vector<store::Chapter>> MembersService::Chapters() { return store_.ListChapters(); }

Result<store::Chapter> MembersService::GetChapter(int64_t id) { return store_.GetChapter(id); }

Result<int64_t> MembersService::SaveChapter(store::Chapter c) {
  c.name = std::string(base::Trim(c.name));
  c.region = std::string(base::Trim(c.region));
  c.slug = std::string(base::Trim(c.slug));
  BS_RETURN_IF_ERROR(CheckChapterText("name", c.name, kChapterNameMax));
  if (c.name.empty()) return Status::InvalidArgument("name: required");
  BS_RETURN_IF_ERROR(CheckChapterText("region", c.region, kChapterNameMax));
  BS_RETURN_IF_ERROR(CheckChapterText("slug", c.slug, kChapterSlugMax));
  if (c.slug.empty()) c.slug = base::Slugify(c.name);
  if (!base::IsValidSlug(c.slug)) return Status::InvalidArgument("slug: only a-z, 0-9 and '-'");
  BS_RETURN_IF_ERROR(CleanList("postal_prefixes", c.postal_prefixes, kPrefixMax));
  BS_RETURN_IF_ERROR(CleanList("regions", c.regions, kChapterNameMax));
  // Another chapter's slug: said by field, not by the store's wording.
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> all, store_.ListChapters());
  for (const store::Chapter& o : all)
    if (o.slug == c.slug && o.id != c.id) return Status::Conflict("slug: already used");
  if (c.id == 0) {
    Result<int64_t> id = store_.CreateChapter(c);
    if (id.status().IsConflict()) return Status::Conflict("slug: already used");
    return id;
  }
  Status s = store_.UpdateChapter(c);
  if (s.IsConflict()) return Status::Conflict("slug: already used");
  BS_RETURN_IF_ERROR(s);
  return c.id;
}

Status MembersService::DeleteChapter(int64_t id) { return store_.DeleteChapter(id); }

Result<std::vector<store::MemberMonthCount>> MembersService::CountByChapterAndMonth(int months) {
  if (months < 1 || months > 120) return Status::InvalidArgument("months: out of range");
  base::CivilTime start = base::ToCivil(clock_.Now());
  start.day = 1;
  start.hour = start.minute = start.second = 0;
  const int index = start.year * 12 + (start.month - 1) - (months - 1);
  start.year = index / 12;
  start.month = index % 12 + 1;
  return store_.CountByChapterAndMonth(base::FromCivil(start));
}

}  // namespace members
