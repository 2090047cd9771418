// The chapter contact form's rules (see chapter_contact.h).

#include "members/chapter_contact.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "base/form_text.h"
#include "base/text.h"

namespace members {
namespace {

// Checks one text field; returns whether it is fine so far.
bool CheckText(std::vector<ContactError>& errors, const char* field, std::string_view value,
               size_t min, size_t max, bool multiline) {
  const std::string_view v = base::Trim(value);
  if (v.empty()) {
    errors.push_back({field, ContactProblem::kRequired});
    return false;
  }
  if (!base::IsValidUtf8(v) || base::HasControlCharacters(v, multiline)) {
    errors.push_back({field, ContactProblem::kInvalidText});
    return false;
  }
  const size_t n = base::CountCodePoints(v);
  if (n > max) {
    errors.push_back({field, ContactProblem::kTooLong});
    return false;
  }
  if (n < min) {
    errors.push_back({field, ContactProblem::kTooShort});
    return false;
  }
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

int CountContactLinks(std::string_view s) {
  int links = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    const std::string_view word = s.substr(start, i - start);
    if (word.empty()) continue;
    if (word.find("://") != std::string_view::npos || base::StartsWithNoCase(word, "www.")) {
      ++links;
    }
  }
  return links;
}

std::vector<ContactError> CheckChapterMessage(const ChapterMessage& in) {
  std::vector<ContactError> errors;
  CheckText(errors, "name", in.sender_name, 1, kContactNameMax, /*multiline=*/false);
  if (CheckText(errors, "email", in.sender_email, 1, kContactEmailMax, /*multiline=*/false) &&
      !base::NormalizeEmail(in.sender_email)) {
    errors.push_back({"email", ContactProblem::kInvalidEmail});
  }
  if (CheckText(errors, "message", in.message, kContactMessageMin, kContactMessageMax,
                /*multiline=*/true) &&
      CountContactLinks(in.message) > kContactLinksMax) {
    errors.push_back({"message", ContactProblem::kTooManyLinks});
  }
  return errors;
}

base::Result<std::vector<store::Chapter>> ChapterContact::Chapters() { return members_.Chapters(); }

base::Result<store::Chapter> ChapterContact::Find(const std::string& slug) {
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> all, members_.Chapters());
  for (store::Chapter& c : all) {
    if (c.slug == slug) return std::move(c);
  }
  return base::Status::NotFound("chapter: no such chapter");
}

base::Status ChapterContact::Send(const ChapterMessage& in, std::vector<ContactError>* errors) {
  BS_ASSIGN_OR_RETURN(store::Chapter chapter, Find(in.chapter_slug));
  std::vector<ContactError> problems = CheckChapterMessage(in);
  if (!problems.empty()) {
    if (errors != nullptr) *errors = std::move(problems);
    return base::Status::InvalidArgument("chapter message: check the fields");
  }
  BS_ASSIGN_OR_RETURN(std::vector<ContactRecipient> leaders, directory_.Leaders(chapter.id));
  // Who certainly reads the mail first (the active leaders, or else the
  // secretaries), then the leaders whose invitation waits.
  std::vector<ContactRecipient> first, invited;
  for (ContactRecipient& r : leaders) (r.invited ? invited : first).push_back(std::move(r));
  const bool to_secretaries = first.empty();
  if (to_secretaries) {
    BS_ASSIGN_OR_RETURN(first, directory_.Secretaries());
  }
  if (first.empty() && invited.empty()) {
    return base::Status::Unavailable("chapter message: no leader or membership secretary");
  }
  RelayedMessage m;
  m.chapter_name = chapter.name;
  m.sender_name = std::string(base::Trim(in.sender_name));
  m.sender_email = *base::NormalizeEmail(in.sender_email);
  m.message = std::string(base::Trim(in.message));
  m.lang = in.lang.empty() ? "en" : in.lang;
  std::vector<std::string> sent_to;  // one email per address, whatever the roles
  auto send = [&](ContactRecipient& r, bool to_secretary) -> base::Status {
    if (std::find(sent_to.begin(), sent_to.end(), r.email) != sent_to.end())
      return base::Status::Ok();
    sent_to.push_back(r.email);
    m.to = std::move(r);
    m.to_secretary = to_secretary;
    m.leaders_invited = to_secretary && !invited.empty();
    return relay_.Relay(m);
  };
  for (ContactRecipient& r : first) BS_RETURN_IF_ERROR(send(r, to_secretaries));
  for (ContactRecipient& r : invited) BS_RETURN_IF_ERROR(send(r, false));
  return base::Status::Ok();
}

}  // namespace members
