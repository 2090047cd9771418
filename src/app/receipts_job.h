#pragma once
// The background job that sends queued donation receipts
// (donations::DonationsService::SendDueReceipts): every 2 seconds, and at
// once after BackgroundJobs::Wake(kReceiptsJobName), which the composition
// root calls each time a webhook queues a receipt, so donors get their mail
// promptly while the webhook's request does none of the work.

#include "app/background_jobs.h"
#include "donations/donations_service.h"

namespace app {

inline constexpr char kReceiptsJobName[] = "donation-receipts";

// `donations` may be null (giving is off): the job then does nothing. It
// must outlive the job. Failures are logged with spdlog (a gift's id and the
// error, never the donor); a receipt given up on is an error for the
// treasurer to see.
BackgroundJobs::Job ReceiptsJob(donations::DonationsService* donations);

}  // namespace app
