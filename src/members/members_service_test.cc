#include "members/members_service.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "members/members_test_support.h"

namespace members {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::MembersFixture;

TEST(MembersServiceTest, JoinConfirmAndActivate) {
  MembersFixture f;
  store::Chapter madrid;
  madrid.slug = "madrid";
  madrid.name = "Madrid";
  madrid.postal_prefixes = {"28"};
  ASSERT_TRUE(f.store->members().CreateChapter(madrid).ok());

  ASSERT_TRUE(f.service->Join(f.Form("Ana@Example.org")).ok());
  ASSERT_EQ(f.notifier.sent.size(), 1u);
  EXPECT_EQ(f.notifier.sent[0].kind, "confirm");
  EXPECT_EQ(f.notifier.sent[0].notice.email, "Ana@example.org");
  EXPECT_EQ(f.notifier.sent[0].notice.first_name, "Ana");

  auto list = f.service->Search({});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->total, 1);
  EXPECT_EQ(list->items[0].member.status, MemberStatus::kPending);
  ASSERT_TRUE(list->items[0].chapter.has_value());
  EXPECT_EQ(list->items[0].chapter->name, "Madrid");
  EXPECT_EQ(list->items[0].profile.phone, "+34 600 111 222");

  f.clock.Advance(hours(47));
  auto confirmed = f.service->ConfirmJoin(f.LastToken("confirm"));
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_EQ(confirmed->status, MemberStatus::kActive);
  EXPECT_EQ(confirmed->first_name, "Ana");
  ASSERT_TRUE(confirmed->chapter.has_value());
  const store::Member m = f.service->Search({})->items[0].member;
  EXPECT_EQ(m.status, MemberStatus::kActive);
  EXPECT_TRUE(m.confirmed_at.has_value());
  EXPECT_TRUE(m.activated_at.has_value());
  // The link works once.
  EXPECT_EQ(f.service->ConfirmJoin(f.LastToken("confirm")).status().code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_TRUE(f.service->ConfirmJoin("made-up").status().IsNotFound());
}

TEST(MembersServiceTest, ConfirmationLinksExpireAfter48Hours) {
  MembersFixture f;
  ASSERT_TRUE(f.service->Join(f.Form("ana@example.org")).ok());
  f.clock.Advance(hours(48));
  EXPECT_EQ(f.service->ConfirmJoin(f.LastToken("confirm")).status().code(),
            base::StatusCode::kPermissionDenied);
  // Joining again sends a fresh link, and the old one stays dead.
  const std::string old = f.LastToken("confirm");
  ASSERT_TRUE(f.service->Join(f.Form("ana@example.org")).ok());
  EXPECT_NE(f.LastToken("confirm"), old);
  EXPECT_TRUE(f.service->ConfirmJoin(f.LastToken("confirm")).ok());
  EXPECT_EQ(f.service->Search({})->total, 1);
}

TEST(MembersServiceTest, JoiningTwiceNeverRevealsMembershipAndCreatesNoDuplicate) {
  MembersFixture f;
  ASSERT_TRUE(f.service->Join(f.Form("ana@example.org")).ok());
  ASSERT_TRUE(f.service->ConfirmJoin(f.LastToken("confirm")).ok());
  const size_t before = f.notifier.sent.size();
  // Same answer (OK) for the member's address, in another case, as for a new one.
  EXPECT_TRUE(f.service->Join(f.Form("ANA@example.org", "Someone")).ok());
  EXPECT_TRUE(f.service->Join(f.Form("new@example.org")).ok());
  ASSERT_EQ(f.notifier.sent.size(), before + 2);
  EXPECT_EQ(f.notifier.sent[before].kind, "already");
  // The "already with us" mail goes to the member, not to what was typed.
  EXPECT_EQ(f.notifier.sent[before].notice.first_name, "Ana");
  EXPECT_FALSE(f.notifier.sent[before].notice.token.empty());  // a sign-in link
  EXPECT_EQ(f.notifier.sent[before + 1].kind, "confirm");
  EXPECT_EQ(f.service->Search({})->total, 2);
  // The member's data was not overwritten by the second form.
  store::MemberFilter active;
  active.status = MemberStatus::kActive;
  EXPECT_EQ(f.service->Search({active, ""})->items[0].profile.first_name, "Ana");
}

TEST(MembersServiceTest, BadFormsStoreAndSendNothing) {
  MembersFixture f;
  JoinInput in = f.Form("not-an-address");
  in.privacy_consent = false;
  std::vector<JoinError> errors;
  EXPECT_TRUE(f.service->Join(in, &errors).IsInvalidArgument());
  EXPECT_EQ(errors.size(), 2u);
  EXPECT_TRUE(f.notifier.sent.empty());
  EXPECT_EQ(f.service->Search({})->total, 0);
}

TEST(MembersServiceTest, ApprovalWhenRequired) {
  JoinPolicy p;
  p.require_approval = true;
  MembersFixture f(p);
  ASSERT_TRUE(f.service->Join(f.Form("ana@example.org")).ok());
  auto c = f.service->ConfirmJoin(f.LastToken("confirm"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status, MemberStatus::kApplicant);
  const int64_t id = f.service->Search({})->items[0].member.id;
  EXPECT_FALSE(f.service->Search({})->items[0].member.activated_at.has_value());
  const int64_t secretary = f.Staff();
  ASSERT_TRUE(f.service->Approve(id, secretary).ok());
  EXPECT_EQ(f.notifier.sent.back().kind, "approved");
  EXPECT_EQ(f.service->Search({})->items[0].member.status, MemberStatus::kActive);
  EXPECT_TRUE(f.service->Approve(id, secretary).IsConflict());  // not an applicant any more
  EXPECT_TRUE(f.service->Decline(id, secretary).IsConflict());

  ASSERT_TRUE(f.service->Join(f.Form("ben@example.org", "Ben")).ok());
  ASSERT_TRUE(f.service->ConfirmJoin(f.LastToken("confirm")).ok());
  store::MemberFilter applicants;
  applicants.status = MemberStatus::kApplicant;
  const int64_t ben = f.service->Search({applicants, ""})->items[0].member.id;
  ASSERT_TRUE(f.service->Decline(ben, secretary).ok());
  EXPECT_EQ(f.notifier.sent.back().kind, "declined");
  EXPECT_EQ(f.notifier.sent.back().notice.first_name, "Ben");
  // A declined person cannot sign in, and gets no link.
  const size_t before = f.notifier.sent.size();
  EXPECT_TRUE(f.service->RequestSignIn("ben@example.org").ok());
  EXPECT_EQ(f.notifier.sent.size(), before);
  auto events = f.store->members().ListMemberEvents(ben);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->back().kind, "declined");
  EXPECT_EQ(events->back().actor_user_id, secretary);
}

TEST(MembersServiceTest, MagicLinkSignInSessionsAndExport) {
  MembersFixture f;
  ASSERT_TRUE(f.service->Join(f.Form("ana@example.org")).ok());
  ASSERT_TRUE(f.service->ConfirmJoin(f.LastToken("confirm")).ok());
  // Unknown addresses get the same OK, and no mail.
  const size_t before = f.notifier.sent.size();
  EXPECT_TRUE(f.service->RequestSignIn("nobody@example.org").ok());
  EXPECT_EQ(f.notifier.sent.size(), before);
  EXPECT_TRUE(f.service->RequestSignIn("garbage").IsInvalidArgument());

  ASSERT_TRUE(f.service->RequestSignIn("Ana@Example.org").ok());
  const std::string link = f.LastToken("sign_in");
  ASSERT_FALSE(link.empty());
  f.clock.Advance(minutes(14));
  auto session = f.service->SignIn(link);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(f.service->SignIn(link).status().code(), base::StatusCode::kPermissionDenied);
  auto me = f.service->SessionMember(*session);
  ASSERT_TRUE(me.ok()) << me.status().ToString();
  EXPECT_EQ(me->profile.email, "ana@example.org");

  auto exported = f.service->ExportOwnData(*session);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*exported, ec);
  ASSERT_FALSE(ec) << *exported;
  EXPECT_EQ(v.at("profile").at("email").as_string(), "ana@example.org");
  EXPECT_EQ(v.at("profile").at("phone").as_string(), "+34 600 111 222");
  EXPECT_EQ(v.at("membership").at("status").as_string(), "active");
  EXPECT_GE(v.at("history").as_array().size(), 3u);  // joined, confirmed, signed in

  ASSERT_TRUE(f.service->SignOut(*session).ok());
  EXPECT_TRUE(f.service->SessionMember(*session).status().IsNotFound());
  EXPECT_TRUE(f.service->SessionMember("").status().IsNotFound());

  // Sign-in links last 15 minutes.
  ASSERT_TRUE(f.service->RequestSignIn("ana@example.org").ok());
  f.clock.Advance(minutes(15));
  EXPECT_EQ(f.service->SignIn(f.LastToken("sign_in")).status().code(),
            base::StatusCode::kPermissionDenied);
  // Sessions end after 12 hours.
  ASSERT_TRUE(f.service->RequestSignIn("ana@example.org").ok());
  auto s2 = f.service->SignIn(f.LastToken("sign_in"));
  ASSERT_TRUE(s2.ok());
  f.clock.Advance(hours(12));
  EXPECT_TRUE(f.service->SessionMember(*s2).status().IsNotFound());
}

TEST(MembersServiceTest, DeletionAfterTheGracePeriodOrAtOnce) {
  MembersFixture f;
  ASSERT_TRUE(f.service->Join(f.Form("ana@example.org")).ok());
  ASSERT_TRUE(f.service->ConfirmJoin(f.LastToken("confirm")).ok());
  ASSERT_TRUE(f.service->RequestSignIn("ana@example.org").ok());
  auto session = f.service->SignIn(f.LastToken("sign_in"));
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(f.service->RequestDeletion(*session).ok());
  EXPECT_TRUE(f.service->SessionMember(*session).status().IsNotFound());  // signed out

  EXPECT_EQ(f.service->PurgeDue().value(), 0);
  f.clock.Advance(kDefaultDeletionGrace);
  EXPECT_EQ(f.service->PurgeDue().value(), 1);
  store::MemberFilter erased;
  erased.status = MemberStatus::kErased;
  auto tomb = f.service->Search({erased, ""});
  ASSERT_TRUE(tomb.ok());
  ASSERT_EQ(tomb->total, 1);
  EXPECT_EQ(tomb->items[0].profile.email, "");
  EXPECT_EQ(f.service->Search({})->total, 0);
  // The address may join again afresh.
  EXPECT_TRUE(f.service->Join(f.Form("ana@example.org")).ok());
  EXPECT_EQ(f.notifier.sent.back().kind, "confirm");

  // The secretary erases at once.
  const int64_t id = f.service->Search({})->items[0].member.id;
  const int64_t secretary = f.Staff();
  ASSERT_TRUE(f.service->EraseNow(id, secretary).ok());
  EXPECT_TRUE(f.service->EraseNow(id, secretary).ok());
  EXPECT_EQ(f.service->Search({})->total, 0);
}

TEST(MembersServiceTest, BackOfficeSearchByEmailOrNameAndAuditedViews) {
  MembersFixture f;
  ASSERT_TRUE(f.service->Join(f.Form("ana@example.org", "Ana María")).ok());
  ASSERT_TRUE(f.service->Join(f.Form("ben@example.org", "Ben")).ok());
  EXPECT_EQ(f.service->Search({{}, "BEN@example.org"})->total, 1);
  EXPECT_EQ(f.service->Search({{}, "maria ruiz"})->total, 1);
  EXPECT_EQ(f.service->Search({{}, "Ruiz"})->total, 2);
  EXPECT_EQ(f.service->Search({{}, "Carla"})->total, 0);
  EXPECT_EQ(f.service->Search({{}, "?!"})->total, 0);
  const int64_t id = f.service->Search({{}, "ben"})->items[0].member.id;
  const int64_t secretary = f.Staff();
  auto v = f.service->View(id, secretary);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->profile.first_name, "Ben");
  auto events = f.store->members().ListMemberEvents(id);
  EXPECT_EQ(events->back().kind, "viewed");
  EXPECT_EQ(events->back().actor_user_id, secretary);
  EXPECT_TRUE(f.service->View(999, secretary).status().IsNotFound());
}

}  // namespace
}  // namespace members
