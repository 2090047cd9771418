// SQLite donations store: the receipt queue (migrations/sqlite/
// 0015_receipt_queue.sql). ApplyEvent queues a row with the completion it
// records (QueueReceipt, in its transaction); a sender claims due rows
// under a lease and marks each sent or failed.

#include <utility>

#include "store/sqlite/sqlite_donations.h"
#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {

namespace donations_sql {

Result<bool> QueueReceipt(Connection& conn, int64_t donation_id, Time at) {
  // The gift is the key: a second completion (there is none; the facts only
  // move forward) could never queue a second receipt.
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn.Prepare("INSERT INTO donation_receipts (donation_id, status, queued_at, due_at)"
                   " VALUES (?, 'due', ?, ?) ON CONFLICT (donation_id) DO NOTHING"));
  ins->Bind(1, donation_id);
  ins->Bind(2, TimeText(at));
  ins->Bind(3, TimeText(at));
  BS_RETURN_IF_ERROR(
      ins->Run().WithContext("donation " + std::to_string(donation_id) + " receipt"));
  return conn.Changes() > 0;
}

}  // namespace donations_sql

namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;

constexpr int kMaxPage = 1000;

constexpr char kReceiptColumns[] =
    "SELECT donation_id, status, attempts, queued_at, due_at, sent_at, last_error"
    " FROM donation_receipts";

Result<QueuedReceipt> ReadReceipt(const Statement& r) {
  QueuedReceipt q;
  q.donation_id = r.Int64(0);
  const std::string_view status = r.TextView(1);
  if (status == "due") {
    q.status = ReceiptStatus::kDue;
  } else if (status == "sent") {
    q.status = ReceiptStatus::kSent;
  } else if (status == "failed") {
    q.status = ReceiptStatus::kFailed;
  } else {
    return Status::Internal("donations: unknown stored receipt status '" + std::string(status) +
                            "'");
  }
  q.attempts = static_cast<int>(r.Int64(2));
  BS_ASSIGN_OR_RETURN(q.queued_at, TimeFrom(r.TextView(3)));
  BS_ASSIGN_OR_RETURN(q.due_at, TimeFrom(r.TextView(4)));
  BS_ASSIGN_OR_RETURN(q.sent_at, OptionalTimeFrom(r, 5));
  q.last_error = r.Text(6);
  return q;
}

Result<std::vector<QueuedReceipt>> ReadReceipts(Statement& q) {
  std::vector<QueuedReceipt> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    BS_ASSIGN_OR_RETURN(QueuedReceipt r, ReadReceipt(q));
    out.push_back(std::move(r));
  }
  return out;
}

// The row's status, or nullopt when the gift has none (after an UPDATE that
// changed nothing: tells NotFound from a row in another state).
Result<std::optional<std::string>> StatusOf(Connection& conn, int64_t donation_id) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn.Prepare("SELECT status FROM donation_receipts WHERE donation_id = ?"));
  q->Bind(1, donation_id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(q->Text(0));
}

Status NoReceipt(int64_t donation_id) {
  return Status::NotFound("no receipt queued for donation " + std::to_string(donation_id));
}

}  // namespace

Result<std::vector<QueuedReceipt>> SqliteDonations::ClaimDueReceipts(Time now,
                                                                     std::chrono::seconds lease,
                                                                     int limit) {
  if (limit < 1 || limit > kMaxPage) {
    return Status::InvalidArgument("donations: limit outside 1.." + std::to_string(kMaxPage));
  }
  if (lease.count() < 0) return Status::InvalidArgument("donations: negative lease");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  std::vector<QueuedReceipt> claimed;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(std::string(kReceiptColumns) +
                                                         " WHERE status = 'due' AND due_at <= ?"
                                                         " ORDER BY due_at, donation_id LIMIT ?"));
    q->Bind(1, TimeText(now));
    q->Bind(2, limit);
    BS_ASSIGN_OR_RETURN(claimed, ReadReceipts(*q));
  }
  if (claimed.empty()) return claimed;  // nothing written: the transaction rolls back
  const Time until = now + lease;
  BS_ASSIGN_OR_RETURN(ScopedStatement up, conn->Prepare("UPDATE donation_receipts SET due_at = ?"
                                                        " WHERE donation_id = ?"));
  for (QueuedReceipt& r : claimed) {
    up->Reset();
    up->Bind(1, TimeText(until));
    up->Bind(2, r.donation_id);
    BS_RETURN_IF_ERROR(up->Run().WithContext("claim receipt " + std::to_string(r.donation_id)));
    r.due_at = until;
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return claimed;
}

Status SqliteDonations::MarkReceiptSent(int64_t donation_id, Time at) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement up,
      conn->Prepare("UPDATE donation_receipts SET status = 'sent', sent_at = ?,"
                    " attempts = attempts + 1 WHERE donation_id = ? AND status <> 'sent'"));
  up->Bind(1, TimeText(at));
  up->Bind(2, donation_id);
  BS_RETURN_IF_ERROR(up->Run().WithContext("receipt of donation " + std::to_string(donation_id)));
  if (conn->Changes() > 0) return Status::Ok();
  BS_ASSIGN_OR_RETURN(std::optional<std::string> status, StatusOf(*conn, donation_id));
  if (!status) return NoReceipt(donation_id);
  return Status::Ok();  // sent before
}

Status SqliteDonations::MarkReceiptFailed(int64_t donation_id, const std::string& error,
                                          Time retry_at, bool give_up) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement up,
      conn->Prepare("UPDATE donation_receipts SET status = ?, due_at = ?, last_error = ?,"
                    " attempts = attempts + 1 WHERE donation_id = ? AND status = 'due'"));
  up->Bind(1, give_up ? "failed" : "due");
  up->Bind(2, TimeText(retry_at));
  up->Bind(3, error);
  up->Bind(4, donation_id);
  BS_RETURN_IF_ERROR(up->Run().WithContext("receipt of donation " + std::to_string(donation_id)));
  if (conn->Changes() > 0) return Status::Ok();
  BS_ASSIGN_OR_RETURN(std::optional<std::string> status, StatusOf(*conn, donation_id));
  if (!status) return NoReceipt(donation_id);
  return Status::InvalidArgument("receipt of donation " + std::to_string(donation_id) +
                                 " is already " + *status);
}

Result<QueuedReceipt> SqliteDonations::GetReceipt(int64_t donation_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string(kReceiptColumns) + " WHERE donation_id = ?"));
  q->Bind(1, donation_id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return NoReceipt(donation_id);
  return ReadReceipt(*q);
}

Result<std::vector<QueuedReceipt>> SqliteDonations::ListReceipts(
    std::optional<ReceiptStatus> status, int limit, int offset) {
  if (limit < 1 || limit > kMaxPage) {
    return Status::InvalidArgument("donations: limit outside 1.." + std::to_string(kMaxPage));
  }
  if (offset < 0) return Status::InvalidArgument("donations: negative offset");
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  std::string sql = kReceiptColumns;
  if (status) sql += " WHERE status = ?";
  sql += " ORDER BY queued_at DESC, donation_id DESC LIMIT ? OFFSET ?";
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  int i = 1;
  if (status) q->Bind(i++, ReceiptStatusName(*status));
  q->Bind(i++, limit);
  q->Bind(i, offset);
  return ReadReceipts(*q);
}

}  // namespace store::sqlite
