// The demo site's Mailbag (see demo_site.h): demo_content_mailbag.cc's texts
// turned into MailbagService calls, the way a reader and the staff would.

#include <map>
#include <string>
#include <vector>

#include "mailbag/mailbag_service.h"
#include "publishing/demo_content.h"
#include "publishing/demo_site.h"

namespace publishing {
namespace {

using base::Result;
using base::Status;

constexpr int64_t kSystem = 0;  // MailbagService's "no user"

Result<std::vector<int64_t>> BylineIds(const std::map<std::string, int64_t, std::less<>>& ids,
                                       const std::vector<std::string_view>& slugs) {
  std::vector<int64_t> out;
  out.reserve(slugs.size());
  for (std::string_view slug : slugs) {
    auto it = ids.find(slug);
    if (it == ids.end()) return Status::NotFound("demo mailbag: no byline " + std::string(slug));
    out.push_back(it->second);
  }
  return out;
}

Status WriteQuestion(mailbag::MailbagService& mb,
                     const std::map<std::string, int64_t, std::less<>>& byline_ids,
                     const demo::DemoQuestion& q, DemoMailbagStats* stats) {
  mailbag::AskInput in;
  in.question = q.question;
  in.name = q.asker_name;
  in.topic_slug = q.topic;
  in.lang = q.lang;
  in.consent = true;
  Result<mailbag::AskResult> asked = mb.Ask(in);
  if (!asked.ok()) return asked.status();
  if (!q.published) {
    ++stats->waiting;
    return Status::Ok();
  }
  const int64_t id = asked->question_id;
  BS_ASSIGN_OR_RETURN(std::vector<int64_t> bylines, BylineIds(byline_ids, q.bylines));
  BS_RETURN_IF_ERROR(mb.SaveAnswer(id, std::string(q.answer_markdown), "", kSystem).status());
  BS_RETURN_IF_ERROR(mb.SetBylines(id, bylines, kSystem).status());
  BS_RETURN_IF_ERROR(mb.Publish(id, kSystem).status());
  ++stats->published;
  return Status::Ok();
}

}  // namespace

Result<DemoMailbagStats> CreateDemoMailbag(mailbag::MailbagService& mailbag,
                                           PublishingService& publishing) {
  DemoMailbagStats stats;
  int position = 0;
  for (const demo::DemoTopic& t : demo::MailbagTopics()) {
    Result<store::MailbagTopic> made =
        mailbag.CreateTopic(std::string(t.name), std::string(t.slug), ++position);
    if (!made.ok()) return made.status().WithContext("demo mailbag topic " + std::string(t.slug));
    ++stats.topics;
  }
  BS_ASSIGN_OR_RETURN(std::vector<store::Byline> bylines, publishing.Bylines());
  std::map<std::string, int64_t, std::less<>> byline_ids;
  for (const store::Byline& b : bylines) byline_ids[b.slug] = b.id;
  for (const demo::DemoQuestion& q : demo::MailbagQuestions()) {
    Status s = WriteQuestion(mailbag, byline_ids, q, &stats);
    if (!s.ok()) return s.WithContext("demo mailbag question \"" + std::string(q.question) + "\"");
  }
  return stats;
}

}  // namespace publishing
