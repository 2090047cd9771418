// SQLite mailbag store: questions, answers, co-signers, assignments, topics
// and per-question history. Every write runs in one transaction with its
// history event, so the queue UI never shows a change without its story.

#include "store/sqlite/sqlite_mailbag.h"

#include <string_view>
#include <utility>

#include "base/text.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_sealed.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;

constexpr int kMaxLimit = 500;

const char* ReasonText(DeclineReason r) {
  switch (r) {
    case DeclineReason::kSpam:
      return "spam";
    case DeclineReason::kAnsweredPrivately:
      return "answered_privately";
    case DeclineReason::kNone:
      break;
  }
  return "";
}

DeclineReason ReasonFrom(std::string_view t) {
  if (t == "spam") return DeclineReason::kSpam;
  if (t == "answered_privately") return DeclineReason::kAnsweredPrivately;
  return DeclineReason::kNone;
}

std::optional<QuestionStatus> QuestionStatusFrom(std::string_view t) {
  if (t == "new") return QuestionStatus::kNew;
  if (t == "assigned") return QuestionStatus::kAssigned;
  if (t == "answered") return QuestionStatus::kAnswered;
  if (t == "published") return QuestionStatus::kPublished;
  if (t == "declined") return QuestionStatus::kDeclined;
  return std::nullopt;
}

Result<std::optional<Time>> OptionalTime(const Statement& row, int col) {
  if (row.IsNull(col)) return std::optional<Time>();
  BS_ASSIGN_OR_RETURN(Time t, TimeFrom(row.TextView(col)));
  return std::optional<Time>(t);
}

// Columns read by ReadQuestion (assignees as "3,7", in assignment order).
constexpr char kQuestionColumns[] =
    "q.id, q.status, q.decline_reason, q.topic_id, q.lang, q.consent, q.notify, q.dedupe_key,"
    " q.slug, q.created_at, q.updated_at, q.published_at, q.notified_at, q.asker_name,"
    " q.asker_email_sealed, q.question, q.published_question,"
    " (SELECT group_concat(user_id) FROM (SELECT user_id FROM mailbag_assignments"
    " WHERE question_id = q.id ORDER BY assigned_at, user_id))";

Result<Question> ReadQuestion(const Statement& r) {
  Question q;
  q.id = r.Int64(0);
  auto status = QuestionStatusFrom(r.TextView(1));
  if (!status) return Status::Internal("mailbag: bad status in question " + std::to_string(q.id));
  q.status = *status;
  q.decline_reason = ReasonFrom(r.TextView(2));
  if (!r.IsNull(3)) q.topic_id = r.Int64(3);
  q.lang = r.Text(4);
  q.consent = r.Int64(5) != 0;
  q.notify = r.Int64(6) != 0;
  q.dedupe_key = r.Text(7);
  if (!r.IsNull(8)) q.slug = r.Text(8);
  BS_ASSIGN_OR_RETURN(q.created_at, TimeFrom(r.TextView(9)));
  BS_ASSIGN_OR_RETURN(q.updated_at, TimeFrom(r.TextView(10)));
  BS_ASSIGN_OR_RETURN(q.published_at, OptionalTime(r, 11));
  BS_ASSIGN_OR_RETURN(q.notified_at, OptionalTime(r, 12));
  q.asker_name = r.Text(13);
  q.asker_email_sealed = r.Text(14);
  q.question = r.Text(15);
  q.published_question = r.Text(16);
  if (!r.IsNull(17)) {
    for (std::string_view piece : base::Split(r.TextView(17), ',')) {
      auto id = base::ParseInt64(piece);
      if (!id) return Status::Internal("mailbag: bad assignee list");
      q.assignees.push_back(*id);
    }
  }
  return q;
}

constexpr char kBylinesJson[] =
    "(SELECT json_group_array(json_array(b.id, b.slug, b.name, b.kind, b.title, b.bio_html,"
    " b.photo_path, mb.position)) FROM mailbag_bylines mb JOIN bylines b ON b.id = mb.byline_id"
    " WHERE mb.question_id = q.id)";

std::string PublishedSelect() {
  return std::string(
             "SELECT q.id, q.slug, q.published_question, q.asker_name, q.lang, q.published_at,"
             " t.id, t.slug, t.name, t.position, a.body_html, a.body_markdown, a.link_url, ") +
         kBylinesJson +
         " FROM mailbag_questions q LEFT JOIN mailbag_topics t ON t.id = q.topic_id"
         " LEFT JOIN mailbag_answers a ON a.question_id = q.id"
         " WHERE q.status = 'published'";
}

Result<PublishedQuestion> ReadPublished(const Statement& r) {
  PublishedQuestion p;
  p.id = r.Int64(0);
  p.slug = r.Text(1);
  p.question = r.Text(2);
  p.asker_name = r.Text(3);
  p.lang = r.Text(4);
  if (r.IsNull(5)) return Status::Internal("mailbag: published without a date");
  BS_ASSIGN_OR_RETURN(p.published_at, TimeFrom(r.TextView(5)));
  if (!r.IsNull(6)) {
    p.topic = MailbagTopic{r.Int64(6), r.Text(7), r.Text(8), r.Int(9)};
  }
  p.answer_html = r.Text(10);
  p.answer_markdown = r.Text(11);
  p.link_url = r.Text(12);
  BS_RETURN_IF_ERROR(ParseBylines(r.TextView(13), p.bylines));
  return p;
}

Result<std::vector<PublishedQuestion>> ReadAllPublished(Statement& q) {
  std::vector<PublishedQuestion> out;
  while (true) {
    BS_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    BS_ASSIGN_OR_RETURN(PublishedQuestion p, ReadPublished(q));
    out.push_back(std::move(p));
  }
  return out;
}

// Bumps updated_at; NotFound when the question does not exist.
Status Touch(Connection& conn, int64_t id, Time at) {
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn.Prepare("UPDATE mailbag_questions SET updated_at = ? WHERE id = ?"));
  up->Bind(1, TimeText(at));
  up->Bind(2, id);
  BS_RETURN_IF_ERROR(up->Run());
  if (conn.Changes() == 0) return Status::NotFound("mailbag question " + std::to_string(id));
  return Status::Ok();
}

Status AddEvent(Connection& conn, int64_t id, const Actor& by, std::string_view kind,
                std::string_view from, std::string_view to, std::string_view detail) {
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn.Prepare("INSERT INTO mailbag_events (question_id, at, actor_id, kind, from_status,"
                   " to_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  ins->Bind(1, id);
  ins->Bind(2, TimeText(by.at));
  ins->Bind(3, by.user_id);
  ins->Bind(4, kind);
  ins->Bind(5, from);
  ins->Bind(6, to);
  ins->Bind(7, detail);
  return ins->Run().WithContext("mailbag event");
}

std::string LikePattern(std::string_view text) {
  std::string p = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  p += '%';
  return p;
}

Status CheckPage(int limit, int offset) {
  if (limit < 1 || limit > kMaxLimit) return Status::InvalidArgument("mailbag: limit out of range");
  if (offset < 0) return Status::InvalidArgument("mailbag: negative offset");
  return Status::Ok();
}

// " WHERE ..." for a queue filter, parameters appended to `params`.
std::string QueueWhere(const QueueFilter& f, Params& params) {
  std::string w = " WHERE 1 = 1";
  if (f.status) {
    w += " AND q.status = ?";
    params.Add(std::string(QuestionStatusText(*f.status)));
  }
  if (f.topic_id) {
    w += " AND q.topic_id = ?";
    params.Add(*f.topic_id);
  }
  if (!f.lang.empty()) {
    w += " AND q.lang = ?";
    params.Add(f.lang);
  }
  if (f.assigned_to) {
    w += " AND EXISTS (SELECT 1 FROM mailbag_assignments ma WHERE ma.question_id = q.id"
         " AND ma.user_id = ?)";
    params.Add(*f.assigned_to);
  }
  if (f.created_after) {
    w += " AND q.created_at >= ?";
    params.Add(TimeText(*f.created_after));
  }
  if (f.created_before) {
    w += " AND q.created_at < ?";
    params.Add(TimeText(*f.created_before));
  }
  if (!f.text.empty()) {
    w += " AND (q.question LIKE ? ESCAPE '\\' OR q.published_question LIKE ? ESCAPE '\\')";
    params.Add(LikePattern(f.text));
    params.Add(LikePattern(f.text));
  }
  return w;
}

std::string ArchiveWhere(const ArchiveFilter& f, Params& params) {
  std::string w;
  if (f.topic_id) {
    w += " AND q.topic_id = ?";
    params.Add(*f.topic_id);
  }
  if (!f.lang.empty()) {
    w += " AND q.lang = ?";
    params.Add(f.lang);
  }
  return w;
}

// The writes of the staff form, on a connection inside the caller's write
// transaction (each touches updated_at and records its event).
Status EditQuestionIn(Connection& conn, int64_t id, const std::string& published_question,
                      std::optional<int64_t> topic_id, const Actor& by) {
  BS_RETURN_IF_ERROR(Touch(conn, id, by.at));
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn.Prepare("UPDATE mailbag_questions SET published_question = ?,"
                                   " topic_id = ? WHERE id = ?"));
  up->Bind(1, published_question);
  up->Bind(2, topic_id);
  up->Bind(3, id);
  BS_RETURN_IF_ERROR(up->Run().WithContext("edit mailbag question"));
  return AddEvent(conn, id, by, "edited", "", "", "");
}

Status SaveAnswerIn(Connection& conn, int64_t id, const MailbagAnswer& a, const Actor& by) {
  BS_RETURN_IF_ERROR(Touch(conn, id, by.at));
  BS_ASSIGN_OR_RETURN(
      ScopedStatement up,
      conn.Prepare("INSERT INTO mailbag_answers (question_id, updated_at, updated_by, link_url,"
                   " body_markdown, body_html) VALUES (?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (question_id) DO UPDATE SET updated_at = excluded.updated_at,"
                   " updated_by = excluded.updated_by, link_url = excluded.link_url,"
                   " body_markdown = excluded.body_markdown, body_html = excluded.body_html"));
  up->Bind(1, id);
  up->Bind(2, TimeText(by.at));
  up->Bind(3, by.user_id);
  up->Bind(4, a.link_url);
  up->Bind(5, a.body_markdown);
  up->Bind(6, a.body_html);
  BS_RETURN_IF_ERROR(up->Run().WithContext("save mailbag answer"));
  return AddEvent(conn, id, by, "answer", "", "", "");
}

Status SetBylinesIn(Connection& conn, int64_t id, const std::vector<int64_t>& byline_ids,
                    const Actor& by) {
  BS_RETURN_IF_ERROR(Touch(conn, id, by.at));
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement del,
                        conn.Prepare("DELETE FROM mailbag_bylines WHERE question_id = ?"));
    del->Bind(1, id);
    BS_RETURN_IF_ERROR(del->Run());
  }
  std::string detail;
  for (size_t i = 0; i < byline_ids.size(); ++i) {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement ins,
        conn.Prepare("INSERT INTO mailbag_bylines (question_id, byline_id, position)"
                     " VALUES (?, ?, ?)"));
    ins->Bind(1, id);
    ins->Bind(2, byline_ids[i]);
    ins->Bind(3, static_cast<int64_t>(i));
    Status s = ins->Run();
    if (s.IsConflict()) return Status::InvalidArgument("mailbag: byline listed twice");
    BS_RETURN_IF_ERROR(s.WithContext("mailbag byline"));
    if (!detail.empty()) detail += ',';
    detail += std::to_string(byline_ids[i]);
  }
  return AddEvent(conn, id, by, "bylines", "", "", detail);
}

Status ChangeStatusIn(Connection& conn, int64_t id, const StatusChange& c, const Actor& by) {
  BS_RETURN_IF_ERROR(Touch(conn, id, by.at));
  const bool publish = c.to == QuestionStatus::kPublished;
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn.Prepare("UPDATE mailbag_questions SET status = ?, decline_reason = ?,"
                                   " slug = CASE WHEN ? != '' THEN ? ELSE slug END,"
                                   " published_at = CASE WHEN ? THEN ? ELSE published_at END"
                                   " WHERE id = ? AND status = ?"));
  up->Bind(1, QuestionStatusText(c.to));
  up->Bind(2, c.to == QuestionStatus::kDeclined ? ReasonText(c.decline_reason) : "");
  up->Bind(3, c.slug);
  up->Bind(4, c.slug);
  up->Bind(5, publish);
  up->Bind(6, TimeText(by.at));
  up->Bind(7, id);
  up->Bind(8, QuestionStatusText(c.from));
  BS_RETURN_IF_ERROR(up->Run().WithContext("mailbag status"));
  if (conn.Changes() == 0)
    return Status::Conflict("mailbag question " + std::to_string(id) + " is no longer " +
                            QuestionStatusText(c.from));
  return AddEvent(conn, id, by, "status", QuestionStatusText(c.from), QuestionStatusText(c.to),
                  c.detail);
}

// The question's revision: its latest event's id (0 = none).
Result<int64_t> RevisionOf(Connection& conn, int64_t id) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn.Prepare("SELECT coalesce(max(id), 0) FROM mailbag_events"
                                   " WHERE question_id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->Int64(0) : 0;
}

}  // namespace

const char* QuestionStatusText(QuestionStatus s) {
  switch (s) {
    case QuestionStatus::kNew:
      return "new";
    case QuestionStatus::kAssigned:
      return "assigned";
    case QuestionStatus::kAnswered:
      return "answered";
    case QuestionStatus::kPublished:
      return "published";
    case QuestionStatus::kDeclined:
      return "declined";
  }
  return "new";
}

// --- Topics

Result<int64_t> SqliteMailbag::CreateTopic(const MailbagTopic& t) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn->Prepare("INSERT INTO mailbag_topics (slug, name, position) VALUES (?, ?, ?)"));
  ins->Bind(1, t.slug);
  ins->Bind(2, t.name);
  ins->Bind(3, t.position);
  BS_RETURN_IF_ERROR(ins->Run().WithContext("create mailbag topic " + t.slug));
  return conn->LastInsertRowid();
}

Status SqliteMailbag::UpdateTopic(const MailbagTopic& t) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement up,
      conn->Prepare("UPDATE mailbag_topics SET slug = ?, name = ?, position = ? WHERE id = ?"));
  up->Bind(1, t.slug);
  up->Bind(2, t.name);
  up->Bind(3, t.position);
  up->Bind(4, t.id);
  BS_RETURN_IF_ERROR(up->Run().WithContext("update mailbag topic " + t.slug));
  if (conn->Changes() == 0) return Status::NotFound("mailbag topic " + std::to_string(t.id));
  return Status::Ok();
}

Status SqliteMailbag::DeleteTopic(int64_t id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement del,
                      conn->Prepare("DELETE FROM mailbag_topics WHERE id = ?"));
  del->Bind(1, id);
  BS_RETURN_IF_ERROR(del->Run().WithContext("delete mailbag topic"));
  if (conn->Changes() == 0) return Status::NotFound("mailbag topic " + std::to_string(id));
  return Status::Ok();
}

Result<std::vector<MailbagTopic>> SqliteMailbag::ListTopics() {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT id, slug, name, position FROM mailbag_topics"
                                    " ORDER BY position, name, id"));
  std::vector<MailbagTopic> out;
  while (true) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back(MailbagTopic{q->Int64(0), q->Text(1), q->Text(2), q->Int(3)});
  }
  return out;
}

Result<MailbagTopic> SqliteMailbag::GetTopicBySlug(const std::string& slug) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("SELECT id, slug, name, position FROM mailbag_topics WHERE slug = ?"));
  q->Bind(1, slug);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("mailbag topic '" + slug + "'");
  return MailbagTopic{q->Int64(0), q->Text(1), q->Text(2), q->Int(3)};
}

// --- Questions

Result<int64_t> SqliteMailbag::CreateQuestion(const Question& q) {
  if (q.status != QuestionStatus::kNew)
    return Status::InvalidArgument("mailbag: a question starts as new");
  if (q.dedupe_key.empty()) return Status::InvalidArgument("mailbag: empty dedupe key");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn->Prepare("INSERT INTO mailbag_questions (status, topic_id, lang, consent, notify,"
                    " dedupe_key, created_at, updated_at, asker_name, asker_email_sealed,"
                    " question, published_question) VALUES ('new', ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " ?, ?)"));
  const std::string created = TimeText(q.created_at);
  ins->Bind(1, q.topic_id);
  ins->Bind(2, q.lang);
  ins->Bind(3, q.consent);
  ins->Bind(4, q.notify);
  ins->Bind(5, q.dedupe_key);
  ins->Bind(6, created);
  ins->Bind(7, created);
  ins->Bind(8, q.asker_name);
  ins->Bind(9, q.asker_email_sealed);
  ins->Bind(10, q.question);
  ins->Bind(11, q.published_question.empty() ? q.question : q.published_question);
  BS_RETURN_IF_ERROR(ins->Run().WithContext("create mailbag question"));
  const int64_t id = conn->LastInsertRowid();
  BS_RETURN_IF_ERROR(
      AddEvent(*conn, id, Actor{std::nullopt, q.created_at}, "asked", "", "new", ""));
  BS_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<Question> SqliteMailbag::GetQuestion(int64_t id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  // One snapshot for the question, its answer and its bylines.
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  Question out;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare(std::string("SELECT ") + kQuestionColumns +
                                      " FROM mailbag_questions q WHERE q.id = ?"));
    q->Bind(1, id);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return Status::NotFound("mailbag question " + std::to_string(id));
    BS_ASSIGN_OR_RETURN(out, ReadQuestion(*q));
  }
  {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement a,
        conn->Prepare("SELECT body_markdown, body_html, link_url, updated_at, updated_by"
                      " FROM mailbag_answers WHERE question_id = ?"));
    a->Bind(1, id);
    BS_ASSIGN_OR_RETURN(bool row, a->Step());
    if (row) {
      MailbagAnswer ans;
      ans.body_markdown = a->Text(0);
      ans.body_html = a->Text(1);
      ans.link_url = a->Text(2);
      BS_ASSIGN_OR_RETURN(ans.updated_at, TimeFrom(a->TextView(3)));
      if (!a->IsNull(4)) ans.updated_by = a->Int64(4);
      out.answer = std::move(ans);
    }
  }
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement b,
                        conn->Prepare(std::string("SELECT ") + kBylinesJson +
                                      " FROM mailbag_questions q WHERE q.id = ?"));
    b->Bind(1, id);
    BS_ASSIGN_OR_RETURN(bool row, b->Step());
    if (row) BS_RETURN_IF_ERROR(ParseBylines(b->TextView(0), out.bylines));
  }
  BS_ASSIGN_OR_RETURN(out.revision, RevisionOf(*conn, id));
  BS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::optional<int64_t>> SqliteMailbag::FindByDedupeKey(const std::string& key) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT id FROM mailbag_questions WHERE dedupe_key = ?"));
  q->Bind(1, key);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(q->Int64(0));
}

Result<std::vector<Question>> SqliteMailbag::ListQueue(const QueueFilter& f) {
  BS_RETURN_IF_ERROR(CheckPage(f.limit, f.offset));
  Params params;
  std::string sql =
      std::string("SELECT ") + kQuestionColumns + " FROM mailbag_questions q" +
      QueueWhere(f, params) +
      (f.oldest_first ? " ORDER BY q.created_at, q.id" : " ORDER BY q.created_at DESC, q.id DESC") +
      " LIMIT ? OFFSET ?";
  params.Add(int64_t{f.limit});
  params.Add(int64_t{f.offset});
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  params.BindTo(*q);
  std::vector<Question> out;
  while (true) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    BS_ASSIGN_OR_RETURN(Question one, ReadQuestion(*q));
    out.push_back(std::move(one));
  }
  return out;
}

Result<int64_t> SqliteMailbag::CountQueue(const QueueFilter& f) {
  Params params;
  std::string sql = "SELECT COUNT(*) FROM mailbag_questions q" + QueueWhere(f, params);
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  params.BindTo(*q);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->Int64(0) : int64_t{0};
}

Result<QuestionCounts> SqliteMailbag::CountByStatus() {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("SELECT status, COUNT(*) FROM mailbag_questions GROUP BY status"));
  QuestionCounts c;
  while (true) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    const int64_t n = q->Int64(1);
    switch (QuestionStatusFrom(q->TextView(0)).value_or(QuestionStatus::kNew)) {
      case QuestionStatus::kNew:
        c.new_ += n;
        break;
      case QuestionStatus::kAssigned:
        c.assigned += n;
        break;
      case QuestionStatus::kAnswered:
        c.answered += n;
        break;
      case QuestionStatus::kPublished:
        c.published += n;
        break;
      case QuestionStatus::kDeclined:
        c.declined += n;
        break;
    }
  }
  return c;
}

Result<std::vector<QuestionEvent>> SqliteMailbag::ListEvents(int64_t question_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT id, at, actor_id, kind, from_status, to_status, detail"
                                    " FROM mailbag_events WHERE question_id = ? ORDER BY id"));
  q->Bind(1, question_id);
  std::vector<QuestionEvent> out;
  while (true) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    QuestionEvent e;
    e.id = q->Int64(0);
    BS_ASSIGN_OR_RETURN(e.at, TimeFrom(q->TextView(1)));
    if (!q->IsNull(2)) e.actor_id = q->Int64(2);
    e.kind = q->Text(3);
    e.from = QuestionStatusFrom(q->TextView(4));
    e.to = QuestionStatusFrom(q->TextView(5));
    e.detail = q->Text(6);
    out.push_back(std::move(e));
  }
  return out;
}

// --- Writes

Status SqliteMailbag::EditQuestion(int64_t id, const std::string& published_question,
                                   std::optional<int64_t> topic_id, const Actor& by) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(EditQuestionIn(*conn, id, published_question, topic_id, by));
  return tx.Commit();
}

Status SqliteMailbag::SaveAnswer(int64_t id, const MailbagAnswer& a, const Actor& by) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(SaveAnswerIn(*conn, id, a, by));
  return tx.Commit();
}

Status SqliteMailbag::SetBylines(int64_t id, const std::vector<int64_t>& byline_ids,
                                 const Actor& by) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(SetBylinesIn(*conn, id, byline_ids, by));
  return tx.Commit();
}

Status SqliteMailbag::SaveEdit(int64_t id, const QuestionEdit& e, const Actor& by) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  QuestionStatus status = QuestionStatus::kNew;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("SELECT status FROM mailbag_questions WHERE id = ?"));
    q->Bind(1, id);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return Status::NotFound("mailbag question " + std::to_string(id));
    const std::optional<QuestionStatus> stored = QuestionStatusFrom(q->TextView(0));
    if (!stored) return Status::Internal("mailbag question " + std::to_string(id) + ": bad status");
    status = *stored;
  }
  if (e.expected_revision) {
    BS_ASSIGN_OR_RETURN(int64_t revision, RevisionOf(*conn, id));
    if (revision != *e.expected_revision)
      return Status::Conflict("mailbag question " + std::to_string(id) +
                              " was saved by someone else (revision " +
                              std::to_string(revision) + ", expected " +
                              std::to_string(*e.expected_revision) + ")");
  }
  if (status == QuestionStatus::kDeclined)
    return Status::Conflict("mailbag question " + std::to_string(id) + " is declined");
  BS_RETURN_IF_ERROR(EditQuestionIn(*conn, id, e.published_question, e.topic_id, by));
  BS_RETURN_IF_ERROR(SetBylinesIn(*conn, id, e.byline_ids, by));
  if (e.answer) {
    BS_RETURN_IF_ERROR(SaveAnswerIn(*conn, id, *e.answer, by));
    if (status == QuestionStatus::kNew || status == QuestionStatus::kAssigned) {
      StatusChange c;
      c.from = status;
      c.to = QuestionStatus::kAnswered;
      BS_RETURN_IF_ERROR(ChangeStatusIn(*conn, id, c, by));
    }
  }
  return tx.Commit();
}

Status SqliteMailbag::Assign(int64_t id, int64_t user_id, const Actor& by) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(Touch(*conn, id, by.at));
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn->Prepare("INSERT INTO mailbag_assignments (question_id, user_id, assigned_at)"
                    " VALUES (?, ?, ?) ON CONFLICT DO NOTHING"));
  ins->Bind(1, id);
  ins->Bind(2, user_id);
  ins->Bind(3, TimeText(by.at));
  BS_RETURN_IF_ERROR(ins->Run().WithContext("mailbag assign"));
  if (conn->Changes() == 0) return Status::Ok();  // already assigned; nothing to record
  BS_RETURN_IF_ERROR(AddEvent(*conn, id, by, "assigned", "", "", std::to_string(user_id)));
  return tx.Commit();
}

Status SqliteMailbag::Unassign(int64_t id, int64_t user_id, const Actor& by) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(Touch(*conn, id, by.at));
  BS_ASSIGN_OR_RETURN(
      ScopedStatement del,
      conn->Prepare("DELETE FROM mailbag_assignments WHERE question_id = ? AND user_id = ?"));
  del->Bind(1, id);
  del->Bind(2, user_id);
  BS_RETURN_IF_ERROR(del->Run());
  if (conn->Changes() == 0) return Status::NotFound("mailbag: user not assigned");
  BS_RETURN_IF_ERROR(AddEvent(*conn, id, by, "unassigned", "", "", std::to_string(user_id)));
  return tx.Commit();
}

Status SqliteMailbag::ChangeStatus(int64_t id, const StatusChange& c, const Actor& by) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(ChangeStatusIn(*conn, id, c, by));
  return tx.Commit();
}

Status SqliteMailbag::MarkNotified(int64_t id, Time at) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(Touch(*conn, id, at));
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE mailbag_questions SET notified_at = ?"
                                    " WHERE id = ? AND notified_at IS NULL"));
  up->Bind(1, TimeText(at));
  up->Bind(2, id);
  BS_RETURN_IF_ERROR(up->Run());
  if (conn->Changes() == 0) return Status::Conflict("mailbag: asker already notified");
  BS_RETURN_IF_ERROR(AddEvent(*conn, id, Actor{std::nullopt, at}, "notified", "", "", ""));
  return tx.Commit();
}

// --- Public reads

Result<std::vector<PublishedQuestion>> SqliteMailbag::ListPublished(const ArchiveFilter& f) {
  BS_RETURN_IF_ERROR(CheckPage(f.limit, f.offset));
  Params params;
  // The page's ids first, from the (status, published_at, id) index alone:
  // the answer and co-signer columns are then built for those rows only, not
  // for every row OFFSET skips (page 50 costs what page 1 does).
  std::string sql = PublishedSelect() +
                    " AND q.id IN (SELECT q.id FROM mailbag_questions q"
                    " WHERE q.status = 'published'" +
                    ArchiveWhere(f, params) +
                    " ORDER BY q.published_at DESC, q.id DESC LIMIT ? OFFSET ?)"
                    " ORDER BY q.published_at DESC, q.id DESC";
  params.Add(int64_t{f.limit});
  params.Add(int64_t{f.offset});
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  params.BindTo(*q);
  return ReadAllPublished(*q);
}

Result<int64_t> SqliteMailbag::CountPublished(const ArchiveFilter& f) {
  Params params;
  std::string sql = "SELECT COUNT(*) FROM mailbag_questions q WHERE q.status = 'published'" +
                    ArchiveWhere(f, params);
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  params.BindTo(*q);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->Int64(0) : int64_t{0};
}

Result<PublishedQuestion> SqliteMailbag::GetPublishedBySlug(const std::string& slug) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(PublishedSelect() + " AND q.slug = ?"));
  q->Bind(1, slug);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("published mailbag question '" + slug + "'");
  return ReadPublished(*q);
}

Result<std::vector<PublishedQuestion>> SqliteMailbag::ListRelated(int64_t question_id,
                                                                  std::optional<int64_t> topic_id,
                                                                  int limit) {
  BS_RETURN_IF_ERROR(CheckPage(limit, 0));
  Params params;
  std::string sql = PublishedSelect() + " AND q.id != ?";
  params.Add(question_id);
  if (topic_id) {
    sql += " AND q.topic_id = ?";
    params.Add(*topic_id);
  }
  sql += " ORDER BY q.published_at DESC, q.id DESC LIMIT ?";
  params.Add(int64_t{limit});
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  params.BindTo(*q);
  return ReadAllPublished(*q);
}

namespace {
constexpr SealedColumn kAskerEmails{"mailbag_questions", "asker_email_sealed",
                                    "mailbag question"};
}  // namespace

Result<std::vector<SealedValue>> SqliteMailbag::ListSealedEmails(int64_t after_id, int limit) {
  return ListSealed(pool_, kAskerEmails, after_id, limit);
}

Status SqliteMailbag::ReplaceSealedEmail(int64_t id, const std::string& expected,
                                         const std::string& resealed) {
  return ReplaceSealed(pool_, kAskerEmails, id, expected, resealed);
}

}  // namespace store::sqlite
