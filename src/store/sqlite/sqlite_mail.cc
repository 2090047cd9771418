// SQLite outbox: queue, claim with a lease, record outcomes.

#include "store/sqlite/sqlite_mail.h"

#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_sealed.h"

namespace store::sqlite {
namespace {

constexpr char kColumns[] =
    "id, kind, status, attempts, created_at, next_attempt_at, sent_at, last_error,"
    " sealed_envelope";

const char* OutboxStatusText(OutboxStatus s) {
  switch (s) {
    case OutboxStatus::kQueued: return "queued";
    case OutboxStatus::kSent: return "sent";
    case OutboxStatus::kFailed: return "failed";
  }
  return "queued";
}

Result<OutboxStatus> OutboxStatusFrom(std::string_view text) {
  if (text == "queued") return OutboxStatus::kQueued;
  if (text == "sent") return OutboxStatus::kSent;
  if (text == "failed") return OutboxStatus::kFailed;
  return Status::Internal("stored outbox status is malformed: '" + std::string(text) + "'");
}

// Reads the current row of a statement selecting kColumns.
Result<OutboxItem> ReadItem(const Statement& r) {
  OutboxItem item;
  item.id = r.Int64(0);
  item.kind = r.Text(1);
  BS_ASSIGN_OR_RETURN(item.status, OutboxStatusFrom(r.TextView(2)));
  item.attempts = r.Int(3);
  BS_ASSIGN_OR_RETURN(item.created_at, TimeFrom(r.TextView(4)));
  BS_ASSIGN_OR_RETURN(item.next_attempt_at, TimeFrom(r.TextView(5)));
  if (!r.IsNull(6)) {
    BS_ASSIGN_OR_RETURN(Time sent, TimeFrom(r.TextView(6)));
    item.sent_at = sent;
  }
  item.last_error = r.Text(7);
  item.sealed_envelope = r.Text(8);
  return item;
}

Result<std::vector<OutboxItem>> ReadAll(Statement& q) {
  std::vector<OutboxItem> out;
  while (true) {
    BS_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    BS_ASSIGN_OR_RETURN(OutboxItem item, ReadItem(q));
    out.push_back(std::move(item));
  }
  return out;
}

// After an UPDATE ... WHERE id = ? AND status <> 'sent' changed nothing:
// NotFound if there is no such message, else InvalidArgument (already sent).
Status WhyUnchanged(Connection& conn, int64_t id) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare("SELECT 1 FROM mail_outbox WHERE id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("outbox message " + std::to_string(id));
  return Status::InvalidArgument("outbox message " + std::to_string(id) + " was already sent");
}

}  // namespace

Result<int64_t> SqliteMail::Enqueue(const std::string& kind, const std::string& sealed_envelope,
                                    Time now) {
  if (kind.empty()) return Status::InvalidArgument("outbox: empty kind");
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                      conn->Prepare("INSERT INTO mail_outbox (kind, status, created_at,"
                                    " next_attempt_at, sealed_envelope)"
                                    " VALUES (?, 'queued', ?, ?, ?)"));
  const std::string at = TimeText(now);
  ins->Bind(1, kind);
  ins->Bind(2, at);
  ins->Bind(3, at);
  ins->Bind(4, sealed_envelope);
  BS_RETURN_IF_ERROR(ins->Run());
  return conn->LastInsertRowid();
}

Result<std::vector<OutboxItem>> SqliteMail::ClaimDue(Time now, std::chrono::seconds lease,
                                                     int limit) {
  if (limit < 1 || limit > 100) return Status::InvalidArgument("outbox: limit outside 1..100");
  if (lease < std::chrono::seconds(1)) return Status::InvalidArgument("outbox: lease under 1 s");
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  std::vector<OutboxItem> items;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare(std::string("SELECT ") + kColumns +
                                      " FROM mail_outbox WHERE status = 'queued'"
                                      " AND next_attempt_at <= ? ORDER BY id LIMIT ?"));
    q->Bind(1, TimeText(now));
    q->Bind(2, limit);
    BS_ASSIGN_OR_RETURN(items, ReadAll(*q));
  }
  const Time until = now + lease;
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?"));
  for (OutboxItem& item : items) {
    up->Reset();
    up->Bind(1, TimeText(until));
    up->Bind(2, item.id);
    BS_RETURN_IF_ERROR(up->Run());
    item.next_attempt_at = until;
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return items;
}

Status SqliteMail::MarkSent(int64_t id, Time at) {
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE mail_outbox SET status = 'sent', sent_at = ?,"
                                    " attempts = attempts + 1, sealed_envelope = ''"
                                    " WHERE id = ? AND status <> 'sent'"));
  up->Bind(1, TimeText(at));
  up->Bind(2, id);
  BS_RETURN_IF_ERROR(up->Run());
  if (conn->Changes() == 0) return WhyUnchanged(*conn, id);
  return Status::Ok();
}

Status SqliteMail::MarkFailed(int64_t id, const std::string& error, Time next_attempt_at,
                              bool give_up) {
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE mail_outbox SET status = ?, attempts = attempts + 1,"
                                    " last_error = ?, next_attempt_at = ?"
                                    " WHERE id = ? AND status <> 'sent'"));
  up->Bind(1, OutboxStatusText(give_up ? OutboxStatus::kFailed : OutboxStatus::kQueued));
  up->Bind(2, error);
  up->Bind(3, TimeText(next_attempt_at));
  up->Bind(4, id);
  BS_RETURN_IF_ERROR(up->Run());
  if (conn->Changes() == 0) return WhyUnchanged(*conn, id);
  return Status::Ok();
}

Status SqliteMail::Requeue(int64_t id, Time now) {
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE mail_outbox SET status = 'queued', next_attempt_at = ?"
                                    " WHERE id = ? AND status <> 'sent'"));
  up->Bind(1, TimeText(now));
  up->Bind(2, id);
  BS_RETURN_IF_ERROR(up->Run());
  if (conn->Changes() == 0) return WhyUnchanged(*conn, id);
  return Status::Ok();
}

Result<OutboxItem> SqliteMail::GetOutboxItem(int64_t id) {
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(std::string("SELECT ") + kColumns +
                                                       " FROM mail_outbox WHERE id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("outbox message " + std::to_string(id));
  return ReadItem(*q);
}

Result<std::vector<OutboxItem>> SqliteMail::ListOutbox(std::optional<OutboxStatus> status,
                                                       int limit, int offset) {
  if (limit < 1 || limit > 500) return Status::InvalidArgument("outbox: limit outside 1..500");
  if (offset < 0) return Status::InvalidArgument("outbox: negative offset");
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireReader());
  std::string sql = std::string("SELECT ") + kColumns + " FROM mail_outbox";
  if (status) sql += " WHERE status = ?";
  sql += " ORDER BY id DESC LIMIT ? OFFSET ?";
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  int i = 1;
  if (status) q->Bind(i++, OutboxStatusText(*status));
  q->Bind(i++, limit);
  q->Bind(i++, offset);
  return ReadAll(*q);
}

Result<int64_t> SqliteMail::CountOutbox(std::optional<OutboxStatus> status) {
  BS_ASSIGN_OR_RETURN(auto conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(status ? "SELECT count(*) FROM mail_outbox WHERE status = ?"
                                           : "SELECT count(*) FROM mail_outbox"));
  if (status) q->Bind(1, OutboxStatusText(*status));
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::Internal("outbox: count returned no row");
  return q->Int64(0);
}

namespace {
constexpr SealedColumn kEnvelopes{"mail_outbox", "sealed_envelope", "outbox message"};
}  // namespace

Result<std::vector<SealedValue>> SqliteMail::ListSealedEnvelopes(int64_t after_id, int limit) {
  return ListSealed(pool_, kEnvelopes, after_id, limit);
}

Status SqliteMail::ReplaceSealedEnvelope(int64_t id, const std::string& expected,
                                         const std::string& resealed) {
  return ReplaceSealed(pool_, kEnvelopes, id, expected, resealed);
}

}  // namespace store::sqlite
