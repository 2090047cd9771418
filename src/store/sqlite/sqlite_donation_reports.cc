// SQLite donations store: row readers and the treasurer's reads (lists,
// totals, itemization, the ledger and reconciliation). Sums are computed by
// SQLite over INTEGER columns: exact, never floating point.

#include <cctype>
#include <utility>

#include "store/sqlite/sqlite_donations.h"
#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {

namespace donations_sql {

const char kDonationColumns[] =
    "d.id, d.ref, d.donor_id, d.kind, d.plan_id, d.method, d.status, d.amount_minor,"
    " d.currency, d.refunded_minor, d.received_at, d.completed_at, d.failed_at, d.expired_at,"
    " d.refunded_at, d.stripe_session_id, d.stripe_payment_intent_id, d.stripe_invoice_id,"
    " d.stripe_charge_id, d.offline_reference, d.recorded_by_user_id, d.lang, d.created_at,"
    " d.updated_at, d.sealed_extra";

const char kDonorColumns[] =
    "id, ref, email_index, sealed_profile, created_at, updated_at FROM donors";

namespace {
Status Unknown(const char* what, std::string_view v) {
  return Status::Internal(std::string("donations: unknown stored ") + what + " '" +
                          std::string(v) + "'");
}
}  // namespace

Result<Donation> ReadDonation(const Statement& r) {
  Donation d;
  d.id = r.Int64(0);
  d.ref = r.Text(1);
  d.donor_id = r.Int64(2);
  auto kind = DonationKindFrom(r.Text(3));
  if (!kind) return Unknown("kind", r.TextView(3));
  d.kind = *kind;
  if (!r.IsNull(4)) d.recurring_id = r.Int64(4);
  auto method = DonationMethodFrom(r.Text(5));
  if (!method) return Unknown("method", r.TextView(5));
  d.method = *method;
  auto status = DonationStatusFrom(r.Text(6));
  if (!status) return Unknown("status", r.TextView(6));
  d.status = *status;
  d.amount_minor = r.Int64(7);
  d.currency = r.Text(8);
  d.refunded_minor = r.Int64(9);
  BS_ASSIGN_OR_RETURN(d.received_at, OptionalTimeFrom(r, 10));
  BS_ASSIGN_OR_RETURN(d.completed_at, OptionalTimeFrom(r, 11));
  BS_ASSIGN_OR_RETURN(d.failed_at, OptionalTimeFrom(r, 12));
  BS_ASSIGN_OR_RETURN(d.expired_at, OptionalTimeFrom(r, 13));
  BS_ASSIGN_OR_RETURN(d.refunded_at, OptionalTimeFrom(r, 14));
  d.stripe.checkout_session_id = r.Text(15);  // NULL reads as ""
  d.stripe.payment_intent_id = r.Text(16);
  d.stripe.invoice_id = r.Text(17);
  d.stripe.charge_id = r.Text(18);
  d.offline_reference = r.Text(19);
  if (!r.IsNull(20)) d.recorded_by_user_id = r.Int64(20);
  d.lang = r.Text(21);
  BS_ASSIGN_OR_RETURN(d.created_at, TimeFrom(r.TextView(22)));
  BS_ASSIGN_OR_RETURN(d.updated_at, TimeFrom(r.TextView(23)));
  d.sealed_extra = r.Text(24);
  return d;
}

Result<Donor> ReadDonor(const Statement& r) {
  Donor d;
  d.id = r.Int64(0);
  d.ref = r.Text(1);
  d.email_index = r.Text(2);
  d.sealed_profile = r.Text(3);
  BS_ASSIGN_OR_RETURN(d.created_at, TimeFrom(r.TextView(4)));
  BS_ASSIGN_OR_RETURN(d.updated_at, TimeFrom(r.TextView(5)));
  return d;
}

Result<std::vector<Donation>> ReadDonations(Statement& q) {
  std::vector<Donation> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    BS_ASSIGN_OR_RETURN(Donation d, ReadDonation(q));
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::string> Currency(const std::string& c) {
  if (c.size() != 3) return Status::InvalidArgument("donations: currency must be 3 letters");
  std::string out;
  for (char ch : c) {
    if (!std::isalpha(static_cast<unsigned char>(ch))) {
      return Status::InvalidArgument("donations: currency must be 3 letters");
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return out;
}

}  // namespace donations_sql

namespace {

using ReadLease = ConnectionPool::ReadLease;
using namespace donations_sql;  // NOLINT: this module's own helpers

constexpr int kMaxPage = 1000;
// The gift's date: when the money came, else when the gift was begun.
constexpr char kDate[] = "coalesce(d.received_at, d.created_at)";

Status CheckPage(int limit, int offset) {
  if (limit < 1 || limit > kMaxPage) {
    return Status::InvalidArgument("donations: limit outside 1.." + std::to_string(kMaxPage));
  }
  if (offset < 0) return Status::InvalidArgument("donations: negative offset");
  return Status::Ok();
}

Result<std::string> FilterSql(const DonationFilter& f, Params& params) {
  std::string where = " WHERE 1";
  if (f.from) {
    where += std::string(" AND ") + kDate + " >= ?";
    params.Add(TimeText(*f.from));
  }
  if (f.to) {
    where += std::string(" AND ") + kDate + " < ?";
    params.Add(TimeText(*f.to));
  }
  if (f.status) {
    where += " AND d.status = ?";
    params.Add(std::string(DonationStatusName(*f.status)));
  }
  if (f.method) {
    where += " AND d.method = ?";
    params.Add(std::string(DonationMethodName(*f.method)));
  }
  if (f.kind) {
    where += " AND d.kind = ?";
    params.Add(std::string(DonationKindName(*f.kind)));
  }
  if (f.min_amount_minor) {
    where += " AND d.amount_minor >= ?";
    params.Add(*f.min_amount_minor);
  }
  if (f.max_amount_minor) {
    where += " AND d.amount_minor <= ?";
    params.Add(*f.max_amount_minor);
  }
  if (!f.currency.empty()) {
    BS_ASSIGN_OR_RETURN(std::string c, Currency(f.currency));
    where += " AND d.currency = ?";
    params.Add(std::move(c));
  }
  if (f.donor_id) {
    where += " AND d.donor_id = ?";
    params.Add(*f.donor_id);
  }
  if (f.recurring_id) {
    where += " AND d.plan_id = ?";
    params.Add(*f.recurring_id);
  }
  return where;
}

}  // namespace

Result<std::vector<Donation>> SqliteDonations::ListDonations(const DonationFilter& f) {
  BS_RETURN_IF_ERROR(CheckPage(f.limit, f.offset));
  Params params;
  BS_ASSIGN_OR_RETURN(std::string where, FilterSql(f, params));
  params.Add(int64_t{f.limit});
  params.Add(int64_t{f.offset});
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string("SELECT ") + kDonationColumns +
                                    " FROM donations d" + where + " ORDER BY " + kDate +
                                    " DESC, d.id DESC LIMIT ? OFFSET ?"));
  params.BindTo(*q);
  return ReadDonations(*q);
}

Result<int64_t> SqliteDonations::CountDonations(const DonationFilter& f) {
  Params params;
  BS_ASSIGN_OR_RETURN(std::string where, FilterSql(f, params));
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare("SELECT count(*) FROM donations d" + where));
  params.BindTo(*q);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->Int64(0) : 0;
}

Result<std::vector<PeriodTotal>> SqliteDonations::Totals(Time from, Time to, Period by) {
  // Stored times are "YYYY-MM-DDTHH:MM:SSZ": a prefix is the UTC period.
  const int64_t prefix = by == Period::kDay ? 10 : by == Period::kMonth ? 7 : 4;
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("SELECT substr(received_at, 1, ?) AS p, currency, count(*),"
                    " sum(amount_minor), sum(refunded_minor) FROM donations"
                    " WHERE received_at IS NOT NULL AND received_at >= ? AND received_at < ?"
                    " GROUP BY p, currency ORDER BY p, currency"));
  q->Bind(1, prefix);
  q->Bind(2, TimeText(from));
  q->Bind(3, TimeText(to));
  std::vector<PeriodTotal> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    PeriodTotal t;
    t.period = q->Text(0);
    t.currency = q->Text(1);
    t.gifts = q->Int64(2);
    t.gross_minor = q->Int64(3);
    t.refunded_minor = q->Int64(4);
    t.net_minor = t.gross_minor - t.refunded_minor;
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<CurrencyTotal>> SqliteDonations::RecurringRevenue() {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT currency, count(*), sum(amount_minor)"
                                    " FROM donation_plans WHERE status = 'active'"
                                    " GROUP BY currency ORDER BY currency"));
  std::vector<CurrencyTotal> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back(CurrencyTotal{q->Text(0), q->Int64(1), q->Int64(2)});
  }
  return out;
}

Result<std::vector<Donation>> SqliteDonations::ListRefunds(Time from, Time to, int limit,
                                                           int offset) {
  BS_RETURN_IF_ERROR(CheckPage(limit, offset));
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string("SELECT ") + kDonationColumns +
                                    " FROM donations d WHERE d.refunded_minor > 0"
                                    " AND d.refunded_at >= ? AND d.refunded_at < ?"
                                    " ORDER BY d.refunded_at DESC, d.id DESC LIMIT ? OFFSET ?"));
  q->Bind(1, TimeText(from));
  q->Bind(2, TimeText(to));
  q->Bind(3, limit);
  q->Bind(4, offset);
  return ReadDonations(*q);
}

Result<int64_t> SqliteDonations::DonorTotal(int64_t donor_id, const std::string& currency,
                                            Time from, Time to) {
  BS_ASSIGN_OR_RETURN(std::string c, Currency(currency));
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT coalesce(sum(amount_minor - refunded_minor), 0)"
                                    " FROM donations WHERE donor_id = ? AND currency = ?"
                                    " AND received_at >= ? AND received_at < ?"));
  q->Bind(1, donor_id);
  q->Bind(2, c);
  q->Bind(3, TimeText(from));
  q->Bind(4, TimeText(to));
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->Int64(0) : 0;
}

Result<std::vector<ItemizedDonor>> SqliteDonations::ItemizationCandidates(
    const std::string& currency, Time from, Time to, int64_t threshold_minor) {
  BS_ASSIGN_OR_RETURN(std::string c, Currency(currency));
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  // One snapshot: totals and gifts agree even while events arrive.
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  std::vector<ItemizedDonor> out;
  {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement q,
        conn->Prepare(std::string("SELECT t.total, ") + kDonorColumns +
                      " JOIN (SELECT donor_id, sum(amount_minor - refunded_minor) AS total"
                      " FROM donations WHERE currency = ? AND received_at >= ?"
                      " AND received_at < ? GROUP BY donor_id) t ON t.donor_id = donors.id"
                      " WHERE t.total > ? ORDER BY donors.id"));
    q->Bind(1, c);
    q->Bind(2, TimeText(from));
    q->Bind(3, TimeText(to));
    q->Bind(4, threshold_minor);
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      ItemizedDonor item;
      item.total_minor = q->Int64(0);
      item.donor.id = q->Int64(1);
      item.donor.ref = q->Text(2);
      item.donor.email_index = q->Text(3);
      item.donor.sealed_profile = q->Text(4);
      BS_ASSIGN_OR_RETURN(item.donor.created_at, TimeFrom(q->TextView(5)));
      BS_ASSIGN_OR_RETURN(item.donor.updated_at, TimeFrom(q->TextView(6)));
      out.push_back(std::move(item));
    }
  }
  BS_ASSIGN_OR_RETURN(ScopedStatement gifts,
                      conn->Prepare(std::string("SELECT ") + kDonationColumns +
                                    " FROM donations d WHERE d.donor_id = ? AND d.currency = ?"
                                    " AND d.received_at >= ? AND d.received_at < ?"
                                    " ORDER BY d.received_at, d.id"));
  for (ItemizedDonor& item : out) {
    gifts->Reset();
    gifts->Bind(1, item.donor.id);
    gifts->Bind(2, c);
    gifts->Bind(3, TimeText(from));
    gifts->Bind(4, TimeText(to));
    BS_ASSIGN_OR_RETURN(item.donations, ReadDonations(*gifts));
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<LedgerEntry>> SqliteDonations::ListLedger(int64_t donation_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT id, at, kind, amount_minor, currency, event_id,"
                                    " actor_user_id, note FROM donation_ledger"
                                    " WHERE donation_id = ? ORDER BY id"));
  q->Bind(1, donation_id);
  std::vector<LedgerEntry> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    LedgerEntry e;
    e.id = q->Int64(0);
    e.donation_id = donation_id;
    BS_ASSIGN_OR_RETURN(e.at, TimeFrom(q->TextView(1)));
    bool known = false;
    for (LedgerKind k : {LedgerKind::kReceived, LedgerKind::kRefund, LedgerKind::kOffline,
                         LedgerKind::kCorrection}) {
      if (q->TextView(2) == LedgerKindName(k)) {
        e.kind = k;
        known = true;
      }
    }
    if (!known) return Status::Internal("donations: unknown ledger kind");
    e.amount_minor = q->Int64(3);
    e.currency = q->Text(4);
    e.event_id = q->Text(5);
    if (!q->IsNull(6)) e.actor_user_id = q->Int64(6);
    e.note = q->Text(7);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Reconciliation>> SqliteDonations::Reconcile() {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("SELECT currency, sum(l), sum(g) FROM ("
                    " SELECT currency, amount_minor AS l, 0 AS g FROM donation_ledger"
                    " UNION ALL"
                    " SELECT currency, 0, amount_minor - refunded_minor FROM donations"
                    "  WHERE received_at IS NOT NULL)"
                    " GROUP BY currency ORDER BY currency"));
  std::vector<Reconciliation> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back(Reconciliation{q->Text(0), q->Int64(1), q->Int64(2)});
  }
  return out;
}

}  // namespace store::sqlite
