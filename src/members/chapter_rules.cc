#include "members/chapter_rules.h"

#include <cctype>

#include "base/text.h"

namespace members {

std::string NormalizePostalCode(std::string_view postal_code) {
  std::string out;
  for (char c : postal_code) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<int64_t> AssignChapter(const std::vector<store::Chapter>& chapters,
                                     std::string_view postal_code, std::string_view region) {
  const std::string code = NormalizePostalCode(postal_code);
  std::optional<int64_t> best;
  size_t best_len = 0;
  if (!code.empty()) {
    for (const store::Chapter& c : chapters) {
      for (const std::string& prefix : c.postal_prefixes) {
        const std::string p = NormalizePostalCode(prefix);
        if (!p.empty() && p.size() > best_len && code.starts_with(p)) {
          best = c.id;
          best_len = p.size();
        }
      }
    }
  }
  if (best) return best;
  const std::string folded = base::FoldAccentsLower(base::Trim(region));
  if (folded.empty()) return std::nullopt;
  for (const store::Chapter& c : chapters) {
    for (const std::string& r : c.regions) {
      if (base::FoldAccentsLower(base::Trim(r)) == folded) return c.id;
    }
  }
  return std::nullopt;
}

}  // namespace members
