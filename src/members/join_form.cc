#include "members/join_form.h"

#include <algorithm>

#include "base/form_text.h"
#include "base/text.h"

namespace members {
namespace {

// Checks one text field; returns whether it is fine.
bool CheckText(std::vector<JoinError>& errors, const std::string& field, std::string_view value,
               bool required, size_t max, bool multiline = false) {
  const std::string_view v = base::Trim(value);
  if (v.empty()) {
    if (required) errors.push_back({field, JoinProblem::kRequired});
    return !required;
  }
  if (!base::IsValidUtf8(v) || base::HasControlCharacters(v, multiline)) {
    errors.push_back({field, JoinProblem::kInvalidText});
    return false;
  }
  if (base::CountCodePoints(v) > max) {
    errors.push_back({field, JoinProblem::kTooLong});
    return false;
  }
  return true;
}

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

std::vector<JoinError> CheckJoin(const JoinInput& in, const JoinPolicy& policy) {
  std::vector<JoinError> errors;
  CheckText(errors, "first_name", in.first_name, true, kNameMax);
  CheckText(errors, "last_name", in.last_name, true, kNameMax);
  if (CheckText(errors, "email", in.email, true, kEmailMax) &&
      !base::NormalizeEmail(in.email)) {
    errors.push_back({"email", JoinProblem::kInvalidEmail});
  }
  CheckText(errors, "phone", in.phone, false, kPhoneMax);
  CheckText(errors, "postal_code", in.postal_code, true, kPostalCodeMax);
  CheckText(errors, "region", in.region, true, kPlaceMax);
  CheckText(errors, "country", in.country, true, kPlaceMax);
  const bool known_type =
      std::any_of(policy.membership_types.begin(), policy.membership_types.end(),
                  [&](const MembershipType& t) { return t.slug == in.membership_type; });
  if (!in.membership_type.empty() && !known_type) {
    errors.push_back({"membership_type", JoinProblem::kUnknownType});
  }
  for (const auto& [key, answer] : in.answers) {
    const std::string field = "answer:" + key;
    if (!Contains(policy.optional_questions, key)) {
      errors.push_back({field, JoinProblem::kUnknownQuestion});
      continue;
    }
    CheckText(errors, field, answer, false, kAnswerMax, /*multiline=*/true);
  }
  if (!in.privacy_consent) errors.push_back({"privacy_consent", JoinProblem::kNoConsent});
  return errors;
}

JoinInput CleanJoin(const JoinInput& in, const JoinPolicy& policy) {
  JoinInput out = in;
  for (std::string* f : {&out.first_name, &out.last_name, &out.phone, &out.postal_code,
                         &out.region, &out.country}) {
    *f = std::string(base::Trim(*f));
  }
  out.email = base::NormalizeEmail(in.email).value_or(std::string(base::Trim(in.email)));
  if (out.membership_type.empty() && !policy.membership_types.empty()) {
    out.membership_type = policy.membership_types.front().slug;
  }
  out.answers.clear();
  for (const auto& [key, answer] : in.answers) {
    const std::string_view a = base::Trim(answer);
    if (!a.empty()) out.answers.emplace_back(key, std::string(a));
  }
  return out;
}

}  // namespace members
