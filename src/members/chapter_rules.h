#pragma once
// Which chapter a new member joins: by postal-code prefix (the longest
// matching prefix wins), else by region. Pure, so admins can preview it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/members_store.h"

namespace members {

// The chapter for someone at `postal_code` in `region`, or nullopt. Postal
// codes compare without spaces or dashes and ignoring case ("SW1A 1AA" is
// "sw1a1aa"); regions ignoring case and accents. Ties go to the chapter
// listed first.
std::optional<int64_t> AssignChapter(const std::vector<store::Chapter>& chapters,
                                     std::string_view postal_code, std::string_view region);

// `postal_code` as AssignChapter compares it.
std::string NormalizePostalCode(std::string_view postal_code);

}  // namespace members
