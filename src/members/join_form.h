#pragma once
// What a person types into the Join form, and the checks it must pass. Pure
// functions, so the web layer can point at each failing field.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace members {

struct MembershipType {
  std::string slug;  // stored with the member
  std::string name;  // shown on the form ("Reduced (unwaged)")
  // Monthly dues in minor units of the donation currency; 0 = none. Dues are
  // paid as a monthly gift: the welcome page links to the donation page
  // with this amount and "monthly" chosen (see web/join_pages.cc).
  int64_t monthly_dues_minor = 0;
};

// Optional questions the organization may switch on; `label` is an English
// msgid the page translates.
struct OptionalQuestion {
  const char* key;
  const char* label;
};
inline constexpr OptionalQuestion kOptionalQuestions[] = {
    {"union", "Are you a member of a trade union? Which one?"},
    {"interests", "What would you like to work on with us?"},
    {"heard_from", "How did you hear about us?"},
};

// The organization's choices for the Join form.
struct JoinPolicy {
  // Confirmed joiners wait for the membership secretary's approval.
  bool require_approval = false;
  // The types a person may choose; the first is the default when the form
  // sends none (a form with one type shows no choice).
  std::vector<MembershipType> membership_types = {{"regular", "Regular"}};
  // Keys of kOptionalQuestions the form shows; answers to others are refused.
  std::vector<std::string> optional_questions;
};

struct JoinInput {
  std::string first_name, last_name, email, phone, postal_code, region, country;
  std::string membership_type;  // "" = the default
  std::vector<std::pair<std::string, std::string>> answers;  // optional questions, by key
  bool privacy_consent = false;  // required
  bool email_consent = false;    // optional, separate
  std::string lang = "en";
};

// Limits, in code points.
inline constexpr size_t kNameMax = 100;
inline constexpr size_t kEmailMax = 254;
inline constexpr size_t kPhoneMax = 40;
inline constexpr size_t kPostalCodeMax = 20;
inline constexpr size_t kPlaceMax = 100;  // region, country
inline constexpr size_t kAnswerMax = 1000;

enum class JoinProblem {
  kRequired,
  kTooLong,
  kInvalidText,   // invalid UTF-8 or control characters
  kInvalidEmail,
  kNoConsent,
  kUnknownType,
  kUnknownQuestion,
};

struct JoinError {
  std::string field;  // the form field: "first_name", "email", "answer:union", ...
  JoinProblem problem = JoinProblem::kRequired;
  bool operator==(const JoinError&) const = default;
};

// Every problem with `in`, in form order; empty when it may be submitted.
// Fields are judged after trimming.
std::vector<JoinError> CheckJoin(const JoinInput& in, const JoinPolicy& policy);

// `in` trimmed, the email normalized and the default type filled in.
// REQUIRES: CheckJoin(in, policy) is empty.
JoinInput CleanJoin(const JoinInput& in, const JoinPolicy& policy);

}  // namespace members
