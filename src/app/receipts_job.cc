// The donation receipts' background job (receipts_job.h).

#include "app/receipts_job.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace app {
namespace {

constexpr int kPerPass = 100;
// A pass that filled its limit is followed at once by another, this many at
// most, so a backlog (after an outage) drains without starving other jobs.
constexpr int kPassesPerRun = 10;

base::Status SendReceipts(donations::DonationsService& d) {
  int sent_total = 0;
  for (int pass = 0; pass < kPassesPerRun; ++pass) {
    std::vector<donations::ReceiptFailure> failures;
    base::Result<int> sent = d.SendDueReceipts(kPerPass, &failures);
    for (const donations::ReceiptFailure& f : failures) {
      if (f.gave_up) {
        spdlog::error("donation receipt for gift {}: gave up after {} attempts: {}", f.donation_id,
                      f.attempts, f.error);
      } else {
        spdlog::warn("donation receipt for gift {}: attempt {} failed, will retry: {}",
                     f.donation_id, f.attempts, f.error);
      }
    }
    if (!sent.ok()) return sent.status();
    sent_total += *sent;
    if (*sent + static_cast<int>(failures.size()) < kPerPass) break;
  }
  if (sent_total > 0) spdlog::info("queued {} donation receipt(s) for mailing", sent_total);
  return base::Status::Ok();
}

}  // namespace

BackgroundJobs::Job ReceiptsJob(donations::DonationsService* donations) {
  return {kReceiptsJobName, std::chrono::seconds(2),
          [donations] { return donations ? SendReceipts(*donations) : base::Status::Ok(); }};
}

}  // namespace app
