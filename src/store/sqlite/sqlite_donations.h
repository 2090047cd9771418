#pragma once
// DonationsStore on SQLite (schema: migrations/sqlite/0013_donations.sql).
// Writes (sqlite_donations.cc) load the row, change the facts in memory,
// derive the status and write the row back with its ledger rows, all in one
// transaction on the single writer; the treasurer's reports are in
// sqlite_donation_reports.cc and the receipt queue (0015_receipt_queue.sql)
// in sqlite_donation_receipts.cc.

#include "store/donations_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

// Thread-safe: every call borrows a connection from the pool.
class SqliteDonations final : public DonationsStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteDonations(ConnectionPool& pool) : pool_(pool) {}

  Result<Created> CreatePendingDonation(const DonorInput& donor, const Donation& d,
                                        const std::optional<Plan>& plan) override;
  Result<int64_t> CreatePlan(const Plan& p) override;
  Result<Created> RecordOfflineDonation(const DonorInput& donor, const Donation& d,
                                        const std::string& note) override;
  Status CorrectDonation(const DonationCorrection& c) override;

  Result<AppliedEvent> ApplyEvent(const EventApplication& e) override;
  Result<std::optional<StripeEventRecord>> GetEvent(const std::string& event_id) override;
  Result<std::vector<StripeEventRecord>> ListDonationEvents(int64_t donation_id) override;
  Result<std::vector<StripeEventRecord>> ListPlanEvents(int64_t plan_id) override;

  // sqlite_donation_receipts.cc
  Result<std::vector<QueuedReceipt>> ClaimDueReceipts(Time now, std::chrono::seconds lease,
                                                      int limit) override;
  Status MarkReceiptSent(int64_t donation_id, Time at) override;
  Status MarkReceiptFailed(int64_t donation_id, const std::string& error, Time retry_at,
                           bool give_up) override;
  Result<QueuedReceipt> GetReceipt(int64_t donation_id) override;
  Result<std::vector<QueuedReceipt>> ListReceipts(std::optional<ReceiptStatus> status, int limit,
                                                  int offset) override;

  Result<Donation> GetDonation(int64_t id) override;
  Result<Donation> GetDonationByRef(const std::string& ref) override;
  Result<Donation> GetDonationByStripeId(StripeKey which, const std::string& id) override;
  Result<Donor> GetDonor(int64_t id) override;
  Result<std::optional<Donor>> FindDonorByEmailIndex(const std::string& email_index) override;
  Result<Plan> GetPlan(int64_t id) override;
  Result<Plan> GetPlanByRef(const std::string& ref) override;
  Result<Plan> GetPlanBySubscriptionId(const std::string& subscription_id) override;
  Result<Plan> GetPlanByCancelTokenHash(const std::string& token_hash) override;
  Status SetPlanCancelTokenHash(int64_t plan_id, const std::string& token_hash) override;
  Status SetPlanStatus(int64_t plan_id, PlanStatus status, Time at) override;

  Result<std::vector<Donation>> ListDonations(const DonationFilter& f) override;
  Result<int64_t> CountDonations(const DonationFilter& f) override;
  Result<std::vector<PeriodTotal>> Totals(Time from, Time to, Period by) override;
  Result<std::vector<CurrencyTotal>> RecurringRevenue() override;
  Result<std::vector<Donation>> ListRefunds(Time from, Time to, int limit, int offset) override;
  Result<int64_t> DonorTotal(int64_t donor_id, const std::string& currency, Time from,
                             Time to) override;
  Result<std::vector<ItemizedDonor>> ItemizationCandidates(const std::string& currency,
                                                           Time from, Time to,
                                                           int64_t threshold_minor) override;
  Result<std::vector<LedgerEntry>> ListLedger(int64_t donation_id) override;
  Result<std::vector<Reconciliation>> Reconcile() override;

  Result<std::vector<SealedValue>> ListSealedDonorProfiles(int64_t after_id, int limit) override;
  Status ReplaceSealedDonorProfile(int64_t id, const std::string& expected,
                                   const std::string& resealed) override;
  Result<std::vector<SealedValue>> ListSealedDonationExtras(int64_t after_id,
                                                            int limit) override;
  Status ReplaceSealedDonationExtra(int64_t id, const std::string& expected,
                                    const std::string& resealed) override;

 private:
  ConnectionPool& pool_;
};

// Shared by the two source files: reading rows.
namespace donations_sql {

// Columns read by ReadDonation, from `donations d`.
extern const char kDonationColumns[];
Result<Donation> ReadDonation(const Statement& r);
// Columns read by ReadDonor, from `donors`.
extern const char kDonorColumns[];
Result<Donor> ReadDonor(const Statement& r);
// Every row of `q` (already bound) through ReadDonation.
Result<std::vector<Donation>> ReadDonations(Statement& q);
// "USD" from "usd"; InvalidArgument unless three ASCII letters.
Result<std::string> Currency(const std::string& c);
// Inside ApplyEvent's transaction: queues the gift's receipt, due at `at`.
// Returns false (and changes nothing) when the gift already has one.
Result<bool> QueueReceipt(Connection& conn, int64_t donation_id, Time at);

}  // namespace donations_sql

}  // namespace store::sqlite
