// SQLite donations store, writes and single reads. Every write loads the
// row it changes, moves its facts forward in memory, derives the status and
// writes the row back together with the ledger rows for the change in net
// money, inside one write transaction: the books cannot drift from the gifts.

#include "store/sqlite/sqlite_donations.h"

#include <utility>

#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_sealed.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;
using namespace donations_sql;  // NOLINT: this module's own helpers

// "" is stored as NULL, so that unique Stripe ids do not collide on "none".
void BindId(Statement& s, int i, const std::string& v) {
  if (v.empty()) {
    s.BindNull(i);
  } else {
    s.Bind(i, v);
  }
}

// The derivation documented in donations_store.h.
DonationStatus Derive(const Donation& d) {
  if (d.refunded_minor > 0) {
    return d.refunded_minor >= d.amount_minor ? DonationStatus::kRefunded
                                              : DonationStatus::kPartiallyRefunded;
  }
  if (d.completed_at) return DonationStatus::kCompleted;
  if (d.failed_at) return DonationStatus::kFailed;
  if (d.expired_at) return DonationStatus::kExpired;
  return DonationStatus::kPending;
}

// Money in, net of refunds, as the books count it.
int64_t Net(const Donation& d) { return d.received_at ? d.amount_minor - d.refunded_minor : 0; }

Result<PlanStatus> PlanStatusOf(std::string_view t) {
  auto s = PlanStatusFrom(std::string(t));
  if (!s) return Status::Internal("donations: unknown stored plan status '" + std::string(t) + "'");
  return *s;
}

constexpr char kPlanColumns[] =
    "id, ref, donor_id, amount_minor, currency, status, status_at, stripe_subscription_id,"
    " stripe_customer_id, cancel_token_hash, lang, created_at, updated_at, cancelled_at"
    " FROM donation_plans";

Result<Plan> ReadPlan(const Statement& r) {
  Plan p;
  p.id = r.Int64(0);
  p.ref = r.Text(1);
  p.donor_id = r.Int64(2);
  p.amount_minor = r.Int64(3);
  p.currency = r.Text(4);
  BS_ASSIGN_OR_RETURN(p.status, PlanStatusOf(r.TextView(5)));
  BS_ASSIGN_OR_RETURN(p.status_at, TimeFrom(r.TextView(6)));
  p.stripe_subscription_id = r.Text(7);  // NULL reads as ""
  p.stripe_customer_id = r.Text(8);
  p.cancel_token_hash = r.Text(9);
  p.lang = r.Text(10);
  BS_ASSIGN_OR_RETURN(p.created_at, TimeFrom(r.TextView(11)));
  BS_ASSIGN_OR_RETURN(p.updated_at, TimeFrom(r.TextView(12)));
  BS_ASSIGN_OR_RETURN(p.cancelled_at, OptionalTimeFrom(r, 13));
  return p;
}

template <typename T, typename Reader>
Result<std::optional<T>> One(Connection& conn, const std::string& sql, Reader read,
                             const std::string& key) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(sql));
  q->Bind(1, key);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<T>();
  BS_ASSIGN_OR_RETURN(T v, read(*q));
  return std::optional<T>(std::move(v));
}
template <typename T, typename Reader>
Result<std::optional<T>> One(Connection& conn, const std::string& sql, Reader read, int64_t key) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(sql));
  q->Bind(1, key);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<T>();
  BS_ASSIGN_OR_RETURN(T v, read(*q));
  return std::optional<T>(std::move(v));
}

Result<Donation> LoadDonation(Connection& conn, int64_t id) {
  BS_ASSIGN_OR_RETURN(std::optional<Donation> d,
                      One<Donation>(conn, std::string("SELECT ") + kDonationColumns +
                                              " FROM donations d WHERE d.id = ?",
                                    ReadDonation, id));
  if (!d) return Status::NotFound("donation " + std::to_string(id));
  return std::move(*d);
}

Result<Plan> LoadPlan(Connection& conn, int64_t id) {
  BS_ASSIGN_OR_RETURN(std::optional<Plan> p,
                      One<Plan>(conn, std::string("SELECT ") + kPlanColumns + " WHERE id = ?",
                                ReadPlan, id));
  if (!p) return Status::NotFound("donation plan " + std::to_string(id));
  return std::move(*p);
}

Status CheckDonation(const Donation& d) {
  if (d.ref.empty()) return Status::InvalidArgument("donations: a gift needs a ref");
  if (d.amount_minor <= 0) return Status::InvalidArgument("donations: amount must be > 0");
  return Status::Ok();
}

// Inserts or refreshes the donor (DonorInput's rule); returns its id.
Result<int64_t> UpsertDonor(Connection& conn, const DonorInput& in, Time at) {
  if (in.ref.empty() || in.email_index.empty() || in.sealed_profile.empty()) {
    return Status::InvalidArgument("donations: a donor needs a ref, an email index and a profile");
  }
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn.Prepare("SELECT id, ref FROM donors WHERE email_index = ?"));
    q->Bind(1, in.email_index);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (row) {
      const int64_t id = q->Int64(0);
      if (q->TextView(1) != in.ref) {
        return Status::Conflict("donor " + std::to_string(id) +
                                " has this email under another ref; seal with that ref");
      }
      BS_ASSIGN_OR_RETURN(ScopedStatement up,
                          conn.Prepare("UPDATE donors SET sealed_profile = ?, updated_at = ?"
                                       " WHERE id = ?"));
      up->Bind(1, in.sealed_profile);
      up->Bind(2, TimeText(at));
      up->Bind(3, id);
      BS_RETURN_IF_ERROR(up->Run().WithContext("donor " + std::to_string(id)));
      return id;
    }
  }
  BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                      conn.Prepare("INSERT INTO donors (ref, email_index, created_at, updated_at,"
                                   " sealed_profile) VALUES (?, ?, ?, ?, ?)"));
  ins->Bind(1, in.ref);
  ins->Bind(2, in.email_index);
  ins->Bind(3, TimeText(at));
  ins->Bind(4, TimeText(at));
  ins->Bind(5, in.sealed_profile);
  BS_RETURN_IF_ERROR(ins->Run().WithContext("create donor"));
  return conn.LastInsertRowid();
}

// Writes every column of `d` (status derived), inserting when d.id == 0.
// Returns the id.
Result<int64_t> WriteDonation(Connection& conn, const Donation& d) {
  const bool insert = d.id == 0;
  const std::string sql =
      insert ? "INSERT INTO donations (ref, donor_id, kind, plan_id, method, status,"
               " amount_minor, currency, refunded_minor, received_at, completed_at, failed_at,"
               " expired_at, refunded_at, stripe_session_id, stripe_payment_intent_id,"
               " stripe_invoice_id, stripe_charge_id, offline_reference, recorded_by_user_id,"
               " lang, created_at, updated_at, sealed_extra)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
             : "UPDATE donations SET ref = ?, donor_id = ?, kind = ?, plan_id = ?, method = ?,"
               " status = ?, amount_minor = ?, currency = ?, refunded_minor = ?,"
               " received_at = ?, completed_at = ?, failed_at = ?, expired_at = ?,"
               " refunded_at = ?, stripe_session_id = ?, stripe_payment_intent_id = ?,"
               " stripe_invoice_id = ?, stripe_charge_id = ?, offline_reference = ?,"
               " recorded_by_user_id = ?, lang = ?, created_at = ?, updated_at = ?,"
               " sealed_extra = ? WHERE id = ?";
  BS_ASSIGN_OR_RETURN(ScopedStatement s, conn.Prepare(sql));
  s->Bind(1, d.ref);
  s->Bind(2, d.donor_id);
  s->Bind(3, DonationKindName(d.kind));
  s->Bind(4, d.recurring_id);
  s->Bind(5, DonationMethodName(d.method));
  s->Bind(6, DonationStatusName(Derive(d)));
  s->Bind(7, d.amount_minor);
  s->Bind(8, d.currency);
  s->Bind(9, d.refunded_minor);
  BindOptionalTime(*s, 10, d.received_at);
  BindOptionalTime(*s, 11, d.completed_at);
  BindOptionalTime(*s, 12, d.failed_at);
  BindOptionalTime(*s, 13, d.expired_at);
  BindOptionalTime(*s, 14, d.refunded_at);
  BindId(*s, 15, d.stripe.checkout_session_id);
  BindId(*s, 16, d.stripe.payment_intent_id);
  BindId(*s, 17, d.stripe.invoice_id);
  BindId(*s, 18, d.stripe.charge_id);
  s->Bind(19, d.offline_reference);
  s->Bind(20, d.recorded_by_user_id);
  s->Bind(21, d.lang);
  s->Bind(22, TimeText(d.created_at));
  s->Bind(23, TimeText(d.updated_at));
  s->Bind(24, d.sealed_extra);
  if (!insert) s->Bind(25, d.id);
  // Conflict for a taken ref or Stripe id; InvalidArgument (a foreign key)
  // for a missing donor, plan or user.
  BS_RETURN_IF_ERROR(
      s->Run().WithContext(insert ? "create donation" : "donation " + std::to_string(d.id)));
  return insert ? conn.LastInsertRowid() : d.id;
}

Status AddLedger(Connection& conn, const LedgerEntry& e) {
  BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                      conn.Prepare("INSERT INTO donation_ledger (donation_id, at, kind,"
                                   " amount_minor, currency, event_id, actor_user_id, note)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  ins->Bind(1, e.donation_id);
  ins->Bind(2, TimeText(e.at));
  ins->Bind(3, LedgerKindName(e.kind));
  ins->Bind(4, e.amount_minor);
  ins->Bind(5, e.currency);
  BindId(*ins, 6, e.event_id);
  ins->Bind(7, e.actor_user_id);
  ins->Bind(8, e.note);
  return ins->Run().WithContext("donation " + std::to_string(e.donation_id) + " ledger");
}

// Fills unknown ids from `in`; Conflict when a known one differs.
Status MergeId(std::string& stored, const std::string& in, const char* what) {
  if (in.empty() || stored == in) return Status::Ok();
  if (!stored.empty()) {
    return Status::Conflict(std::string("donations: a different ") + what + " is already known");
  }
  stored = in;
  return Status::Ok();
}

Status MergeRefs(StripeRefs& stored, const StripeRefs& in) {
  BS_RETURN_IF_ERROR(MergeId(stored.checkout_session_id, in.checkout_session_id, "session"));
  BS_RETURN_IF_ERROR(MergeId(stored.payment_intent_id, in.payment_intent_id, "payment intent"));
  BS_RETURN_IF_ERROR(MergeId(stored.invoice_id, in.invoice_id, "invoice"));
  return MergeId(stored.charge_id, in.charge_id, "charge");
}

Result<int64_t> InsertPlan(Connection& conn, const Plan& p, int64_t donor_id) {
  if (p.ref.empty() || p.amount_minor <= 0) {
    return Status::InvalidArgument("donations: a plan needs a ref and an amount > 0");
  }
  BS_ASSIGN_OR_RETURN(std::string currency, Currency(p.currency));
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn.Prepare("INSERT INTO donation_plans (ref, donor_id, amount_minor, currency, status,"
                   " status_at, stripe_subscription_id, stripe_customer_id, cancel_token_hash,"
                   " lang, created_at, updated_at, cancelled_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  ins->Bind(1, p.ref);
  ins->Bind(2, donor_id);
  ins->Bind(3, p.amount_minor);
  ins->Bind(4, currency);
  ins->Bind(5, PlanStatusName(p.status));
  ins->Bind(6, TimeText(p.created_at));
  BindId(*ins, 7, p.stripe_subscription_id);
  BindId(*ins, 8, p.stripe_customer_id);
  BindId(*ins, 9, p.cancel_token_hash);
  ins->Bind(10, p.lang);
  ins->Bind(11, TimeText(p.created_at));
  ins->Bind(12, TimeText(p.created_at));
  BindOptionalTime(*ins, 13, p.status == PlanStatus::kCancelled ? std::optional<Time>(p.created_at)
                                                        : std::nullopt);
  BS_RETURN_IF_ERROR(ins->Run().WithContext("create donation plan"));
  return conn.LastInsertRowid();
}

// PlanUpdate's rule, at `at`; writes only when something changed.
Status UpdatePlan(Connection& conn, int64_t plan_id, const PlanUpdate& u, Time at, Time now) {
  BS_ASSIGN_OR_RETURN(Plan p, LoadPlan(conn, plan_id));
  const Plan before = p;
  if (u.status && p.status != PlanStatus::kCancelled && at >= p.status_at) {
    p.status = *u.status;
    p.status_at = at;
    if (p.status == PlanStatus::kCancelled) p.cancelled_at = at;
  }
  BS_RETURN_IF_ERROR(MergeId(p.stripe_subscription_id, u.stripe_subscription_id, "subscription"));
  BS_RETURN_IF_ERROR(MergeId(p.stripe_customer_id, u.stripe_customer_id, "customer"));
  if (p.status == before.status && p.status_at == before.status_at &&
      p.stripe_subscription_id == before.stripe_subscription_id &&
      p.stripe_customer_id == before.stripe_customer_id) {
    return Status::Ok();
  }
  BS_ASSIGN_OR_RETURN(
      ScopedStatement up,
      conn.Prepare("UPDATE donation_plans SET status = ?, status_at = ?, cancelled_at = ?,"
                   " stripe_subscription_id = ?, stripe_customer_id = ?, updated_at = ?"
                   " WHERE id = ?"));
  up->Bind(1, PlanStatusName(p.status));
  up->Bind(2, TimeText(p.status_at));
  BindOptionalTime(*up, 3, p.cancelled_at);
  BindId(*up, 4, p.stripe_subscription_id);
  BindId(*up, 5, p.stripe_customer_id);
  up->Bind(6, TimeText(now));
  up->Bind(7, plan_id);
  return up->Run().WithContext("donation plan " + std::to_string(plan_id));
}

Result<StripeEventRecord> ReadEvent(const Statement& r) {
  StripeEventRecord e;
  e.event_id = r.Text(0);
  e.type = r.Text(1);
  BS_ASSIGN_OR_RETURN(e.occurred_at, TimeFrom(r.TextView(2)));
  BS_ASSIGN_OR_RETURN(e.received_at, TimeFrom(r.TextView(3)));
  if (!r.IsNull(4)) e.donation_id = r.Int64(4);
  if (!r.IsNull(5)) e.plan_id = r.Int64(5);
  return e;
}
constexpr char kEventColumns[] =
    "SELECT event_id, type, occurred_at, received_at, donation_id, plan_id FROM donation_events";

// The gift an event meant to create, if an earlier event (or a concurrent
// one, serialized by the writer) already made it: same invoice, payment
// intent or charge.
Result<std::optional<Donation>> FindExisting(Connection& conn, const StripeRefs& ids) {
  const std::pair<const char*, const std::string*> keys[] = {
      {"stripe_invoice_id", &ids.invoice_id},
      {"stripe_payment_intent_id", &ids.payment_intent_id},
      {"stripe_charge_id", &ids.charge_id}};
  for (const auto& [column, value] : keys) {
    if (value->empty()) continue;
    BS_ASSIGN_OR_RETURN(std::optional<Donation> d,
                        One<Donation>(conn, std::string("SELECT ") + kDonationColumns +
                                                " FROM donations d WHERE d." + column + " = ?",
                                      ReadDonation, *value));
    if (d) return d;
  }
  return std::optional<Donation>();
}

// A new gift from the fields a caller may set, facts cleared.
Result<Donation> Fresh(const Donation& in, int64_t donor_id) {
  BS_RETURN_IF_ERROR(CheckDonation(in));
  Donation d;
  d.ref = in.ref;
  d.donor_id = donor_id;
  d.kind = in.kind;
  d.recurring_id = in.recurring_id;
  d.method = in.method;
  d.amount_minor = in.amount_minor;
  BS_ASSIGN_OR_RETURN(d.currency, Currency(in.currency));
  d.stripe = in.stripe;
  d.created_at = d.updated_at = in.created_at;
  d.lang = in.lang;
  d.offline_reference = in.offline_reference;
  d.recorded_by_user_id = in.recorded_by_user_id;
  d.sealed_extra = in.sealed_extra;
  return d;
}

}  // namespace

// --- Creating ---------------------------------------------------------------

Result<DonationsStore::Created> SqliteDonations::CreatePendingDonation(
    const DonorInput& donor, const Donation& d, const std::optional<Plan>& plan) {
  BS_RETURN_IF_ERROR(CheckDonation(d));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  Created out;
  BS_ASSIGN_OR_RETURN(out.donor_id, UpsertDonor(*conn, donor, d.created_at));
  BS_ASSIGN_OR_RETURN(Donation row, Fresh(d, out.donor_id));
  if (plan) {
    BS_ASSIGN_OR_RETURN(int64_t plan_id, InsertPlan(*conn, *plan, out.donor_id));
    out.plan_id = plan_id;
    row.recurring_id = plan_id;
  }
  BS_ASSIGN_OR_RETURN(out.donation_id, WriteDonation(*conn, row));
  BS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<int64_t> SqliteDonations::CreatePlan(const Plan& p) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  return InsertPlan(*conn, p, p.donor_id);
}

Result<DonationsStore::Created> SqliteDonations::RecordOfflineDonation(const DonorInput& donor,
                                                                       const Donation& d,
                                                                       const std::string& note) {
  BS_RETURN_IF_ERROR(CheckDonation(d));
  if (d.method == DonationMethod::kStripe) {
    return Status::InvalidArgument("donations: an offline gift is not a Stripe payment");
  }
  if (!d.received_at) return Status::InvalidArgument("donations: an offline gift needs its date");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  Created out;
  BS_ASSIGN_OR_RETURN(out.donor_id, UpsertDonor(*conn, donor, d.created_at));
  BS_ASSIGN_OR_RETURN(Donation row, Fresh(d, out.donor_id));
  row.stripe = {};
  row.received_at = row.completed_at = d.received_at;
  BS_ASSIGN_OR_RETURN(out.donation_id, WriteDonation(*conn, row));
  LedgerEntry e;
  e.donation_id = out.donation_id;
  e.at = d.created_at;
  e.kind = LedgerKind::kOffline;
  e.amount_minor = row.amount_minor;
  e.currency = row.currency;
  e.actor_user_id = d.recorded_by_user_id;
  e.note = note;
  BS_RETURN_IF_ERROR(AddLedger(*conn, e));
  BS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status SqliteDonations::CorrectDonation(const DonationCorrection& c) {
  if (c.note.empty()) return Status::InvalidArgument("donations: a correction needs a note");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_ASSIGN_OR_RETURN(Donation d, LoadDonation(*conn, c.donation_id));
  const int64_t before = Net(d);
  if (c.amount_minor) d.amount_minor = *c.amount_minor;
  if (c.refunded_minor) {
    if (*c.refunded_minor > d.refunded_minor) d.refunded_at = c.at;
    d.refunded_minor = *c.refunded_minor;
    // An offline refund of a gift never received still proves the money came.
    if (d.refunded_minor > 0 && !d.received_at) d.received_at = c.at;
  }
  if (c.received_at) {
    if (!d.received_at) {
      return Status::InvalidArgument("donation " + std::to_string(d.id) + " was not received");
    }
    d.received_at = c.received_at;
  }
  if (d.amount_minor <= 0 || d.refunded_minor < 0 || d.refunded_minor > d.amount_minor) {
    return Status::InvalidArgument("donation " + std::to_string(d.id) +
                                   ": refunded must stay within 0..amount, amount > 0");
  }
  d.updated_at = c.at;
  BS_RETURN_IF_ERROR(WriteDonation(*conn, d).status());
  LedgerEntry e;
  e.donation_id = d.id;
  e.at = c.at;
  e.kind = LedgerKind::kCorrection;
  e.amount_minor = Net(d) - before;
  e.currency = d.currency;
  e.actor_user_id = c.actor_user_id;
  e.note = c.note;
  BS_RETURN_IF_ERROR(AddLedger(*conn, e));
  return tx.Commit();
}

// --- Stripe events ----------------------------------------------------------

Result<AppliedEvent> SqliteDonations::ApplyEvent(const EventApplication& a) {
  const StripeEventRecord& ev = a.event;
  if (ev.event_id.empty() || ev.type.empty()) {
    return Status::InvalidArgument("donations: an event needs an id and a type");
  }
  if (a.create_donation && ev.donation_id) {
    return Status::InvalidArgument("donations: an event creates a gift or targets one, not both");
  }
  if (a.donation.refunded_minor && *a.donation.refunded_minor < 0) {
    return Status::InvalidArgument("donations: negative refund");
  }
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  AppliedEvent out;
  {
    BS_ASSIGN_OR_RETURN(std::optional<StripeEventRecord> seen,
                        One<StripeEventRecord>(*conn, std::string(kEventColumns) +
                                                          " WHERE event_id = ?",
                                               ReadEvent, ev.event_id));
    if (seen) {  // applied before: report what it touched, change nothing
      out.donation_id = seen->donation_id;
      out.plan_id = seen->plan_id;
      return out;
    }
  }
  out.applied = true;
  out.donation_id = ev.donation_id;
  out.plan_id = ev.plan_id;
  std::optional<Donation> before, after;
  if (a.create_donation) {
    BS_ASSIGN_OR_RETURN(before, FindExisting(*conn, a.create_donation->stripe));
    if (!before) {
      BS_ASSIGN_OR_RETURN(Donation fresh, Fresh(*a.create_donation, a.create_donation->donor_id));
      fresh.created_at = fresh.updated_at = ev.received_at;
      BS_ASSIGN_OR_RETURN(fresh.id, WriteDonation(*conn, fresh));
      before = std::move(fresh);
    }
    out.donation_id = before->id;
  } else if (ev.donation_id) {
    BS_ASSIGN_OR_RETURN(Donation d, LoadDonation(*conn, *ev.donation_id));
    before = std::move(d);
  }
  if (before) {
    Donation d = *before;
    const DonationUpdate& u = a.donation;
    if (a.create_donation) BS_RETURN_IF_ERROR(MergeRefs(d.stripe, a.create_donation->stripe));
    BS_RETURN_IF_ERROR(MergeRefs(d.stripe, u.stripe));
    if (u.completed_at && !d.completed_at) {
      d.completed_at = u.completed_at;
      d.received_at = u.completed_at;  // replaces a provisional one from a refund
    }
    if (u.refunded_minor && *u.refunded_minor > d.refunded_minor) {
      if (*u.refunded_minor > d.amount_minor) {
        return Status::InvalidArgument("donation " + std::to_string(d.id) +
                                       ": refund above the amount");
      }
      d.refunded_minor = *u.refunded_minor;
      d.refunded_at = ev.occurred_at;
      if (!d.received_at) d.received_at = ev.occurred_at;  // a refund proves the money came
    }
    if (u.failed_at && !d.failed_at) d.failed_at = u.failed_at;
    if (u.expired_at && !d.expired_at) d.expired_at = u.expired_at;
    d.updated_at = ev.received_at;
    BS_RETURN_IF_ERROR(WriteDonation(*conn, d).status());
    after = std::move(d);
  }
  if (ev.plan_id) {
    BS_RETURN_IF_ERROR(UpdatePlan(*conn, *ev.plan_id, a.plan, ev.occurred_at, ev.received_at));
  }
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                        conn->Prepare("INSERT INTO donation_events (event_id, type, occurred_at,"
                                      " received_at, donation_id, plan_id)"
                                      " VALUES (?, ?, ?, ?, ?, ?)"));
    ins->Bind(1, ev.event_id);
    ins->Bind(2, ev.type);
    ins->Bind(3, TimeText(ev.occurred_at));
    ins->Bind(4, TimeText(ev.received_at));
    ins->Bind(5, out.donation_id);
    ins->Bind(6, out.plan_id);
    BS_RETURN_IF_ERROR(ins->Run().WithContext("event " + ev.event_id));
  }
  if (after) {
    LedgerEntry e;
    e.donation_id = after->id;
    e.currency = after->currency;
    e.event_id = ev.event_id;
    if (after->received_at && !before->received_at) {
      e.at = *after->received_at;
      e.kind = LedgerKind::kReceived;
      e.amount_minor = after->amount_minor;
      BS_RETURN_IF_ERROR(AddLedger(*conn, e));
    }
    out.newly_refunded_minor = after->refunded_minor - before->refunded_minor;
    if (out.newly_refunded_minor > 0) {
      e.at = ev.occurred_at;
      e.kind = LedgerKind::kRefund;
      e.amount_minor = -out.newly_refunded_minor;
      BS_RETURN_IF_ERROR(AddLedger(*conn, e));
    }
    out.newly_completed = after->completed_at && !before->completed_at;
    if (out.newly_completed) {
      // With the completion, or not at all: a crash after this commit
      // still leaves the receipt to send (README.md, "Receipts").
      BS_ASSIGN_OR_RETURN(out.receipt_queued, QueueReceipt(*conn, after->id, ev.received_at));
    }
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::optional<StripeEventRecord>> SqliteDonations::GetEvent(const std::string& event_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return One<StripeEventRecord>(*conn, std::string(kEventColumns) + " WHERE event_id = ?",
                                ReadEvent, event_id);
}

namespace {
Result<std::vector<StripeEventRecord>> Events(Connection& conn, const char* column, int64_t id) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn.Prepare(std::string(kEventColumns) + " WHERE " + column +
                                   " = ? ORDER BY occurred_at, received_at, event_id"));
  q->Bind(1, id);
  std::vector<StripeEventRecord> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    BS_ASSIGN_OR_RETURN(StripeEventRecord e, ReadEvent(*q));
    out.push_back(std::move(e));
  }
  return out;
}
}  // namespace

Result<std::vector<StripeEventRecord>> SqliteDonations::ListDonationEvents(int64_t donation_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return Events(*conn, "donation_id", donation_id);
}

Result<std::vector<StripeEventRecord>> SqliteDonations::ListPlanEvents(int64_t plan_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return Events(*conn, "plan_id", plan_id);
}

// --- Reading one ------------------------------------------------------------

Result<Donation> SqliteDonations::GetDonation(int64_t id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return LoadDonation(*conn, id);
}

namespace {
Result<Donation> DonationBy(Connection& conn, const char* column, const std::string& key) {
  if (key.empty()) return Status::NotFound("donation with an empty key");
  BS_ASSIGN_OR_RETURN(std::optional<Donation> d,
                      One<Donation>(conn, std::string("SELECT ") + kDonationColumns +
                                              " FROM donations d WHERE d." + column + " = ?",
                                    ReadDonation, key));
  if (!d) return Status::NotFound(std::string("donation by ") + column);
  return std::move(*d);
}
Result<Plan> PlanBy(Connection& conn, const char* column, const std::string& key) {
  if (key.empty()) return Status::NotFound("donation plan with an empty key");
  BS_ASSIGN_OR_RETURN(std::optional<Plan> p,
                      One<Plan>(conn, std::string("SELECT ") + kPlanColumns + " WHERE " + column +
                                          " = ?",
                                ReadPlan, key));
  if (!p) return Status::NotFound(std::string("donation plan by ") + column);
  return std::move(*p);
}
}  // namespace

Result<Donation> SqliteDonations::GetDonationByRef(const std::string& ref) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return DonationBy(*conn, "ref", ref);
}

Result<Donation> SqliteDonations::GetDonationByStripeId(StripeKey which, const std::string& id) {
  const char* column = "stripe_charge_id";
  switch (which) {
    case StripeKey::kCheckoutSession:
      column = "stripe_session_id";
      break;
    case StripeKey::kPaymentIntent:
      column = "stripe_payment_intent_id";
      break;
    case StripeKey::kInvoice:
      column = "stripe_invoice_id";
      break;
    case StripeKey::kCharge:
      break;
  }
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return DonationBy(*conn, column, id);
}

Result<Donor> SqliteDonations::GetDonor(int64_t id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(std::optional<Donor> d,
                      One<Donor>(*conn, std::string("SELECT ") + kDonorColumns + " WHERE id = ?",
                                 ReadDonor, id));
  if (!d) return Status::NotFound("donor " + std::to_string(id));
  return std::move(*d);
}

Result<std::optional<Donor>> SqliteDonations::FindDonorByEmailIndex(
    const std::string& email_index) {
  if (email_index.empty()) return std::optional<Donor>();
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return One<Donor>(*conn, std::string("SELECT ") + kDonorColumns + " WHERE email_index = ?",
                    ReadDonor, email_index);
}

Result<Plan> SqliteDonations::GetPlan(int64_t id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return LoadPlan(*conn, id);
}
Result<Plan> SqliteDonations::GetPlanByRef(const std::string& ref) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return PlanBy(*conn, "ref", ref);
}
Result<Plan> SqliteDonations::GetPlanBySubscriptionId(const std::string& subscription_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return PlanBy(*conn, "stripe_subscription_id", subscription_id);
}
Result<Plan> SqliteDonations::GetPlanByCancelTokenHash(const std::string& token_hash) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return PlanBy(*conn, "cancel_token_hash", token_hash);
}

Status SqliteDonations::SetPlanCancelTokenHash(int64_t plan_id, const std::string& token_hash) {
  if (token_hash.empty()) return Status::InvalidArgument("donations: empty cancel hash");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE donation_plans SET cancel_token_hash = ? WHERE id = ?"));
  up->Bind(1, token_hash);
  up->Bind(2, plan_id);
  BS_RETURN_IF_ERROR(up->Run().WithContext("donation plan " + std::to_string(plan_id)));
  if (conn->Changes() == 0) return Status::NotFound("donation plan " + std::to_string(plan_id));
  return Status::Ok();
}

Status SqliteDonations::SetPlanStatus(int64_t plan_id, PlanStatus status, Time at) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  PlanUpdate u;
  u.status = status;
  BS_RETURN_IF_ERROR(UpdatePlan(*conn, plan_id, u, at, at));
  return tx.Commit();
}

// --- Re-sealing -------------------------------------------------------------

namespace {
constexpr SealedColumn kDonorProfiles{"donors", "sealed_profile", "donor"};
constexpr SealedColumn kExtras{"donations", "sealed_extra", "donation"};
}  // namespace

Result<std::vector<SealedValue>> SqliteDonations::ListSealedDonorProfiles(int64_t after_id,
                                                                          int limit) {
  return ListSealed(pool_, kDonorProfiles, after_id, limit);
}
Status SqliteDonations::ReplaceSealedDonorProfile(int64_t id, const std::string& expected,
                                                  const std::string& resealed) {
  return ReplaceSealed(pool_, kDonorProfiles, id, expected, resealed);
}
Result<std::vector<SealedValue>> SqliteDonations::ListSealedDonationExtras(int64_t after_id,
                                                                           int limit) {
  return ListSealed(pool_, kExtras, after_id, limit);
}
Status SqliteDonations::ReplaceSealedDonationExtra(int64_t id, const std::string& expected,
                                                   const std::string& resealed) {
  return ReplaceSealed(pool_, kExtras, id, expected, resealed);
}

}  // namespace store::sqlite
