#include "members/join_form.h"

#include <gtest/gtest.h>

namespace members {
namespace {

JoinInput Valid() {
  JoinInput in;
  in.first_name = " Ana ";
  in.last_name = "Ruiz";
  in.email = "Ana@Example.ORG";
  in.postal_code = "28001";
  in.region = "Madrid";
  in.country = "España";
  in.privacy_consent = true;
  return in;
}

JoinPolicy Policy() {
  JoinPolicy p;
  p.membership_types = {{"regular", "Regular"}, {"student", "Student"}};
  p.optional_questions = {"union"};
  return p;
}

TEST(JoinFormTest, ValidFormPassesAndIsCleaned) {
  EXPECT_TRUE(CheckJoin(Valid(), Policy()).empty());
  JoinInput in = Valid();
  in.answers = {{"union", "  CCOO  "}, {"union", "   "}};
  JoinInput clean = CleanJoin(in, Policy());
  EXPECT_EQ(clean.first_name, "Ana");
  EXPECT_EQ(clean.email, "Ana@example.org");
  EXPECT_EQ(clean.membership_type, "regular");
  ASSERT_EQ(clean.answers.size(), 1u);
  EXPECT_EQ(clean.answers[0].second, "CCOO");
}

TEST(JoinFormTest, EveryProblemIsNamedByField) {
  JoinInput in;
  in.phone = std::string(41, '1');
  in.membership_type = "platinum";
  in.answers = {{"salary", "x"}};
  const std::vector<JoinError> errors = CheckJoin(in, Policy());
  const std::vector<JoinError> expected = {
      {"first_name", JoinProblem::kRequired},   {"last_name", JoinProblem::kRequired},
      {"email", JoinProblem::kRequired},        {"phone", JoinProblem::kTooLong},
      {"postal_code", JoinProblem::kRequired},  {"region", JoinProblem::kRequired},
      {"country", JoinProblem::kRequired},      {"membership_type", JoinProblem::kUnknownType},
      {"answer:salary", JoinProblem::kUnknownQuestion},
      {"privacy_consent", JoinProblem::kNoConsent},
  };
  EXPECT_EQ(errors, expected);
}

TEST(JoinFormTest, BadTextAndAddressesAreRefused) {
  JoinInput in = Valid();
  in.first_name = "Ana\x01";
  in.last_name = "Ru\xC3";            // truncated UTF-8
  in.email = "ana at example.org";
  in.region = std::string(101, 'r');
  in.country = "Espa\xC2\x85na";      // C1 control
  const std::vector<JoinError> errors = CheckJoin(in, Policy());
  const std::vector<JoinError> expected = {
      {"first_name", JoinProblem::kInvalidText}, {"last_name", JoinProblem::kInvalidText},
      {"email", JoinProblem::kInvalidEmail},     {"region", JoinProblem::kTooLong},
      {"country", JoinProblem::kInvalidText},
  };
  EXPECT_EQ(errors, expected);
  // Names count characters, not bytes: 100 accented letters are fine.
  in = Valid();
  std::string name;
  for (int i = 0; i < 100; ++i) name += "é";
  in.first_name = name;
  EXPECT_TRUE(CheckJoin(in, Policy()).empty());
}

}  // namespace
}  // namespace members
