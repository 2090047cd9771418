#include "crypto/reseal.h"

namespace crypto {

base::Result<ResealReport> Reseal(const Keyring& ring, const ResealColumn& column,
                                  int page_size) {
  ResealReport report;
  report.name = column.name;
  int64_t after = 0;
  for (;;) {
    auto page = column.list(after, page_size);
    if (!page.ok()) return page.status().WithContext("re-sealing " + column.name);
    if (page->empty()) break;
    for (const SealedRow& row : *page) {
      after = row.id;
      if (ring.IsCurrent(row.sealed)) {
        ++report.already_current;
        continue;
      }
      auto ad = column.associated_data(row);
      if (!ad.ok()) return ad.status().WithContext("re-sealing " + column.name);
      auto plain = ring.Open(row.sealed, *ad);
      if (!plain.ok()) {
        report.unreadable.push_back(row.id);
        continue;
      }
      auto resealed = ring.Seal(*plain, *ad);
      if (!resealed.ok()) return resealed.status().WithContext("re-sealing " + column.name);
      base::Status s = column.replace(row.id, row.sealed, *resealed);
      if (s.IsConflict()) {
        ++report.changed;
      } else if (!s.ok()) {
        return s.WithContext("re-sealing " + column.name + " " + std::to_string(row.id));
      } else {
        ++report.resealed;
      }
    }
  }
  return report;
}

}  // namespace crypto
