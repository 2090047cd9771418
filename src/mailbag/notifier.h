#pragma once
// How the Mailbag tells an asker something, without depending on mail/: the
// composition root implements Notifier with mail::Outbox and the email
// templates (and builds the absolute link from the slug). Implementations
// should only enqueue (fast, no network); a failure is reported back but
// never undoes the asking or the publishing.

#include <cstdint>
#include <string>

#include "base/status.h"

namespace mailbag {

struct AskerNotice {
  int64_t question_id = 0;
  std::string email;     // opened from the sealed copy just for this call
  std::string name;      // the asker's name or pseudonym, may be empty
  std::string lang;      // the question's language, for the template
  std::string question;  // QuestionReceived: the asker's text; AnswerPublished: the published one
  std::string slug;      // AnswerPublished only: /mailbag/<slug>
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // After Ask, when an address was given: "we received your question".
  virtual base::Status QuestionReceived(const AskerNotice& notice) = 0;
  // On the first publication, when the asker asked to be told.
  virtual base::Status AnswerPublished(const AskerNotice& notice) = 0;
};

}  // namespace mailbag
