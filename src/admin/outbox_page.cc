// The outgoing-mail queue (admins, Permission::kViewOutbox): what is waiting,
// what failed and why, and a button to try a failed message again.

#include "admin/handlers.h"
#include "admin/view.h"
#include "mail/outbox.h"

namespace admin {
namespace {

constexpr int kPerPage = 50;

const char* StatusName(store::OutboxStatus s) {
  switch (s) {
    case store::OutboxStatus::kQueued: return "queued";
    case store::OutboxStatus::kSent: return "sent";
    case store::OutboxStatus::kFailed: return "failed";
  }
  return "queued";
}

std::optional<store::OutboxStatus> ParseStatus(const std::string& s) {
  if (s == "queued") return store::OutboxStatus::kQueued;
  if (s == "sent") return store::OutboxStatus::kSent;
  if (s == "failed") return store::OutboxStatus::kFailed;
  return std::nullopt;
}

}  // namespace

AdminResult OutboxList(Ctx& c) {
  if (c.d.outbox == nullptr) return base::Status::Unavailable("no outbox configured");
  const std::string status_text = c.req.QueryParam("status").value_or("");
  const std::optional<store::OutboxStatus> status = ParseStatus(status_text);
  int page = 1;
  if (auto p = c.req.QueryParam("page")) {
    page = std::atoi(p->c_str());
    if (page < 1 || page > 100000) return base::Status::InvalidArgument("page out of range");
  }
  BS_ASSIGN_OR_RETURN(int64_t total, c.d.outbox->Count(status));
  BS_ASSIGN_OR_RETURN(std::vector<mail::OutboxView> items,
                      c.d.outbox->List(status, kPerPage, (page - 1) * kPerPage));
  render::Value rows = render::Value::MakeList(items.size());
  for (const mail::OutboxView& m : items) {
    render::Value row = render::Value::MakeObject()
                            .Set("id", std::to_string(m.id))
                            .Set("kind", m.kind)
                            .Set("status", T(c, StatusName(m.status)))
                            .Set("attempts", std::to_string(m.attempts))
                            .Set("created_at", FormatTime(c, m.created_at))
                            .Set("last_error", m.last_error)
                            .Set("can_retry", m.status != store::OutboxStatus::kSent);
    if (m.status == store::OutboxStatus::kQueued)
      row.Set("next_attempt_at", FormatTime(c, m.next_attempt_at));
    if (m.sent_at) row.Set("sent_at", FormatTime(c, *m.sent_at));
    switch (m.envelope) {
      case mail::OutboxView::Envelope::kReadable:
        row.Set("to", m.to_address).Set("subject", m.subject);
        break;
      case mail::OutboxView::Envelope::kErased:
        row.Set("to", T(c, "(erased after sending)"));
        break;
      case mail::OutboxView::Envelope::kUnreadable:
        row.Set("to", T(c, "(unreadable: sealed with another key)"));
        break;
    }
    rows.Push(std::move(row));
  }
  render::Value filters = render::Value::MakeList();
  for (const char* s : {"", "queued", "failed", "sent"}) {
    filters.Push(render::Value::MakeObject()
                     .Set("value", s)
                     .Set("label", *s ? T(c, s) : T(c, "all"))
                     .Set("selected", status_text == s));
  }
  render::Value data = render::Value::MakeObject()
                           .Set("messages", std::move(rows))
                           .Set("total", std::to_string(total))
                           .Set("filters", std::move(filters))
                           .Set("mail_configured", c.d.mail_configured);
  const std::string base = "/admin/outbox?status=" + status_text + "&page=";
  if (page > 1) data.Set("prev_url", base + std::to_string(page - 1));
  if (static_cast<int64_t>(page) * kPerPage < total) data.Set("next_url", base + std::to_string(page + 1));
  return Page(c, "outbox", std::move(data));
}

AdminResult OutboxRetry(Ctx& c) {
  if (c.d.outbox == nullptr) return base::Status::Unavailable("no outbox configured");
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_RETURN_IF_ERROR(c.d.outbox->Requeue(id));
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "mail.requeue", "outbox", std::to_string(id)));
  return SeeOther("/admin/outbox", "requeued");
}

}  // namespace admin
