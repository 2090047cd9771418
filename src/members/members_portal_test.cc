// The member portal's editing features: details, consent to email, and a
// change of address confirmed from the new address.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "members/members_test_support.h"

namespace members {
namespace {

using base::StatusCode;

class MembersPortalTest : public ::testing::Test {
 protected:
  MembersPortalTest() : f_(Policy()) {}
  static JoinPolicy Policy() {
    JoinPolicy p;
    p.optional_questions = {"union"};
    return p;
  }
  // Joins, confirms and signs in; returns the session token.
  std::string Member(const std::string& email, const std::string& first = "Ana") {
    EXPECT_TRUE(f_.service->Join(f_.Form(email, first)).ok());
    EXPECT_TRUE(f_.service->ConfirmJoin(f_.LastToken("confirm")).ok());
    EXPECT_TRUE(f_.service->RequestSignIn(email).ok());
    auto session = f_.service->SignIn(f_.LastToken("sign_in"));
    EXPECT_TRUE(session.ok());
    return session.ok() ? *session : "";
  }
  OwnDetails Details(const std::string& session) {
    MemberView v = f_.service->SessionMember(session).value();
    OwnDetails d;
    d.first_name = v.profile.first_name;
    d.last_name = v.profile.last_name;
    d.phone = v.profile.phone;
    d.postal_code = v.profile.postal_code;
    d.region = v.profile.region;
    d.country = v.profile.country;
    d.answers = v.profile.answers;
    d.version = v.member.version;
    return d;
  }
  size_t SentOf(const std::string& kind) const {
    size_t n = 0;
    for (const testing::Sent& s : f_.notifier.sent) n += s.kind == kind;
    return n;
  }

  testing::MembersFixture f_;
};

TEST_F(MembersPortalTest, DetailsChangeAndTheNameIndexFollows) {
  const std::string s = Member("ana@example.org");
  OwnDetails d = Details(s);
  d.first_name = "  Anabel ";
  d.last_name = "Quiroga";
  d.phone = "";
  d.answers = {{"union", "CCOO"}};
  ASSERT_TRUE(f_.service->UpdateOwnDetails(s, d).ok());
  MemberView v = f_.service->SessionMember(s).value();
  EXPECT_EQ(v.profile.first_name, "Anabel");  // trimmed, as when joining
  EXPECT_EQ(v.profile.last_name, "Quiroga");
  EXPECT_EQ(v.profile.phone, "");
  EXPECT_EQ(v.profile.email, "ana@example.org");  // not changed here
  ASSERT_EQ(v.profile.answers.size(), 1u);
  EXPECT_EQ(f_.service->Search({{}, "quiroga"}).value().total, 1);
  EXPECT_EQ(f_.service->Search({{}, "ruiz"}).value().total, 0);
  // The history names the fields, never their values.
  auto events = f_.store->members().ListMemberEvents(v.member.id).value();
  ASSERT_EQ(events.back().kind, "details_changed");
  EXPECT_EQ(events.back().detail.find("Quiroga"), std::string::npos);
  EXPECT_NE(events.back().detail.find("last_name"), std::string::npos);
}

TEST_F(MembersPortalTest, BadDetailsAreRefusedFieldByFieldAndNothingChanges) {
  const std::string s = Member("ana@example.org");
  OwnDetails d = Details(s);
  d.first_name = "";
  d.postal_code = std::string(30, '1');
  d.region = "bad\x01";
  d.answers = {{"salary", "lots"}};
  std::vector<JoinError> errors;
  Status st = f_.service->UpdateOwnDetails(s, d, &errors);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(errors, (std::vector<JoinError>{{"first_name", JoinProblem::kRequired},
                                            {"postal_code", JoinProblem::kTooLong},
                                            {"region", JoinProblem::kInvalidText},
                                            {"answer:salary", JoinProblem::kUnknownQuestion}}));
  EXPECT_EQ(f_.service->SessionMember(s).value().profile.first_name, "Ana");
}

TEST_F(MembersPortalTest, AStaleFormIsAConflict) {
  const std::string s = Member("ana@example.org");
  OwnDetails first = Details(s);
  OwnDetails second = first;  // another tab, same version
  first.first_name = "Anabel";
  ASSERT_TRUE(f_.service->UpdateOwnDetails(s, first).ok());
  second.first_name = "Anita";
  EXPECT_EQ(f_.service->UpdateOwnDetails(s, second).code(), StatusCode::kConflict);
  EXPECT_EQ(f_.service->SessionMember(s).value().profile.first_name, "Anabel");
}

TEST_F(MembersPortalTest, EverythingNeedsASession) {
  EXPECT_TRUE(f_.service->UpdateOwnDetails("nope", {}).IsNotFound());
  EXPECT_TRUE(f_.service->SetEmailConsent("nope", true).IsNotFound());
  EXPECT_TRUE(f_.service->RequestEmailChange("nope", "x@example.org").IsNotFound());
  EXPECT_TRUE(f_.service->UpdateOwnDetails("", {}).IsNotFound());
}

TEST_F(MembersPortalTest, ConsentTogglesAndIsRecorded) {
  const std::string s = Member("ana@example.org");
  EXPECT_FALSE(f_.service->SessionMember(s).value().member.email_consent);
  ASSERT_TRUE(f_.service->SetEmailConsent(s, true).ok());
  MemberView v = f_.service->SessionMember(s).value();
  EXPECT_TRUE(v.member.email_consent);
  store::MemberFilter only_consenting;
  only_consenting.email_consent = true;
  EXPECT_EQ(f_.service->Search({only_consenting, ""}).value().total, 1);
  ASSERT_TRUE(f_.service->SetEmailConsent(s, false).ok());
  EXPECT_FALSE(f_.service->SessionMember(s).value().member.email_consent);
  auto events = f_.store->members().ListMemberEvents(v.member.id).value();
  EXPECT_EQ(events.back().kind, "email_consent");
  EXPECT_EQ(events.back().detail, "off");
}

TEST_F(MembersPortalTest, EmailChangeRoundTrip) {
  const std::string s = Member("ana@example.org");
  const int64_t id = f_.service->SessionMember(s).value().member.id;
  EXPECT_TRUE(f_.service->RequestEmailChange(s, "not an address").IsInvalidArgument());
  ASSERT_TRUE(f_.service->RequestEmailChange(s, " Ana.New@Example.ORG ").ok());
  ASSERT_EQ(SentOf("new_email"), 1u);
  ASSERT_EQ(SentOf("email_notice"), 1u);
  const testing::Sent& link = f_.notifier.sent[f_.notifier.sent.size() - 2];
  const testing::Sent& notice = f_.notifier.sent.back();
  EXPECT_EQ(link.notice.email, "Ana.New@example.org");
  EXPECT_FALSE(link.notice.token.empty());
  EXPECT_EQ(notice.notice.email, "ana@example.org");  // the old address hears of it
  EXPECT_TRUE(notice.notice.token.empty());           // with no link
  // Nothing changes until the new address confirms.
  EXPECT_EQ(f_.service->SessionMember(s).value().profile.email, "ana@example.org");

  ASSERT_TRUE(f_.service->ConfirmEmailChange(link.notice.token).ok());
  EXPECT_EQ(f_.service->ConfirmEmailChange(link.notice.token).code(),
            StatusCode::kPermissionDenied);  // once
  EXPECT_TRUE(f_.service->ConfirmEmailChange("made-up").IsNotFound());
  EXPECT_TRUE(f_.service->SessionMember(s).status().IsNotFound());  // signed out everywhere

  // The index moved: the new address finds the member, the old one nobody.
  auto found = f_.service->Search({{}, "ana.new@example.org"}).value();
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(found.items[0].member.id, id);
  EXPECT_EQ(found.items[0].profile.email, "Ana.New@example.org");
  EXPECT_EQ(f_.service->Search({{}, "ana@example.org"}).value().total, 0);
  auto events = f_.store->members().ListMemberEvents(id).value();
  EXPECT_EQ(events.back().kind, "email_changed");
  EXPECT_EQ(events.back().detail, "");
  // Joining with the old address now makes a new member.
  ASSERT_TRUE(f_.service->Join(f_.Form("ana@example.org", "Other")).ok());
  EXPECT_EQ(f_.notifier.sent.back().kind, "confirm");
  EXPECT_EQ(f_.service->Search({}).value().total, 2);
  // Signing in works with the new address.
  ASSERT_TRUE(f_.service->RequestSignIn("ana.new@example.org").ok());
  EXPECT_EQ(f_.notifier.sent.back().notice.email, "Ana.New@example.org");
}

TEST_F(MembersPortalTest, AnotherMembersAddressGetsNothingAndTheAnswerIsTheSame) {
  Member("ben@example.org", "Ben");
  const std::string s = Member("ana@example.org");
  const size_t before = SentOf("new_email");
  EXPECT_TRUE(f_.service->RequestEmailChange(s, "BEN@example.org").ok());
  EXPECT_EQ(SentOf("new_email"), before);
  EXPECT_EQ(f_.notifier.sent.back().kind, "email_notice");
  EXPECT_EQ(f_.notifier.sent.back().notice.email, "ana@example.org");
  for (const testing::Sent& sent : f_.notifier.sent) {
    if (sent.kind != "confirm" && sent.kind != "sign_in") {
      EXPECT_NE(sent.notice.email, "ben@example.org") << sent.kind;
    }
  }
  // Its own address: nothing to do.
  const size_t total = f_.notifier.sent.size();
  EXPECT_TRUE(f_.service->RequestEmailChange(s, "ana@example.org").ok());
  EXPECT_EQ(f_.notifier.sent.size(), total);
}

TEST_F(MembersPortalTest, AnAddressTakenMeanwhileIsAConflict) {
  const std::string s = Member("ana@example.org");
  ASSERT_TRUE(f_.service->RequestEmailChange(s, "shared@example.org").ok());
  const std::string link = f_.LastToken("new_email");
  Member("shared@example.org", "Carla");  // joins with it before Ana confirms
  EXPECT_TRUE(f_.service->ConfirmEmailChange(link).IsConflict());
  EXPECT_EQ(f_.service->SessionMember(s).value().profile.email, "ana@example.org");
}

TEST_F(MembersPortalTest, LinksExpireAfter48HoursAndANewRequestReplacesTheOld) {
  const std::string s = Member("ana@example.org");
  ASSERT_TRUE(f_.service->RequestEmailChange(s, "one@example.org").ok());
  const std::string first = f_.LastToken("new_email");
  ASSERT_TRUE(f_.service->RequestEmailChange(s, "two@example.org").ok());
  const std::string second = f_.LastToken("new_email");
  EXPECT_FALSE(f_.service->ConfirmEmailChange(first).ok());
  f_.clock.Advance(std::chrono::hours(49));
  EXPECT_EQ(f_.service->ConfirmEmailChange(second).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(f_.service->Search({{}, "ana@example.org"}).value().total, 1);
}

std::string DatabaseBytes(const std::string& dir) {
  std::string all;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("site.db", 0) != 0) continue;
    std::ifstream in(e.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

TEST_F(MembersPortalTest, NeitherAddressIsInTheDatabaseInClear) {
  const std::string s = Member("ximena.old@example.org", "Ximena");
  ASSERT_TRUE(f_.service->RequestEmailChange(s, "ximena.nueva@correo.example").ok());
  const std::string link = f_.LastToken("new_email");
  std::string bytes = DatabaseBytes(f_.dir.path());  // while the link waits
  ASSERT_GT(bytes.size(), 4096u);
  for (const char* secret : {"ximena", "Ximena", "correo.example", "example.org"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
  ASSERT_TRUE(f_.service->ConfirmEmailChange(link).ok());
  f_.service.reset();
  f_.store->Close();
  bytes = DatabaseBytes(f_.dir.path());
  for (const char* secret : {"ximena", "Ximena", "correo.example", "example.org"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(bytes.find(link), std::string::npos);
}

}  // namespace
}  // namespace members
