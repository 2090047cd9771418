// The members pages: the list (filters, search, paging), one member (every
// opening recorded), the secretary's actions, the CSV export, chapters and
// the dashboard counts. Role checks and CSRF on every route are in
// admin_routes_test; a few are repeated here where the effect matters.

#include <algorithm>

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"

namespace admin::testing {
namespace {

using accounts::Role;
using store::MemberStatus;

class AdminMembersTest : public AdminFixture {
 protected:
  void SetUp() override {
    AdminFixture::SetUp();
    AddUser("secretary@example.org", accounts::Bit(Role::kMembershipSecretary));
    AddUser("editor@example.org", accounts::Bit(Role::kEditor));
  }

  std::string SignInSecretary() { return SignIn("secretary@example.org"); }

  int64_t Member(const std::string& email, MemberStatus status = MemberStatus::kActive,
                 std::optional<int64_t> chapter = std::nullopt, const std::string& first = "Ana",
                 const std::string& last = "Ruiz") {
    NewMember m;
    m.email = email;
    m.status = status;
    m.chapter_id = chapter;
    m.first_name = first;
    m.last_name = last;
    return AddMember(m);
  }

  std::vector<store::MemberEvent> Events(int64_t id) {
    auto e = store_->members().ListMemberEvents(id);
    EXPECT_TRUE(e.ok());
    return e.ok() ? *e : std::vector<store::MemberEvent>{};
  }

  std::vector<store::AuditEntry> Audit(const std::string& action) {
    store::AuditQuery q;
    q.limit = 100;
    auto all = accounts_->ListAudit(q);
    EXPECT_TRUE(all.ok());
    std::vector<store::AuditEntry> out;
    for (const store::AuditEntry& e : *all)
      if (e.action == action) out.push_back(e);
    return out;
  }

  static bool Has(const TestResponse& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }
};

TEST_F(AdminMembersTest, EditorsGetForbiddenOnMembersAndChapters) {
  const int64_t id = Member("ana@example.org");
  const std::string csrf = SignIn("editor@example.org");
  EXPECT_EQ(Get("/admin/members").status, 403);
  EXPECT_EQ(Get("/admin/members/" + std::to_string(id)).status, 403);
  EXPECT_EQ(Get("/admin/chapters").status, 403);
  EXPECT_EQ(Post("/admin/members/export", {{"csrf", csrf}, {"confirm", "yes"}}).status, 403);
  EXPECT_TRUE(Events(id).size() == 1u);  // only "joined": nobody viewed
  TestResponse dash = Get("/admin");
  EXPECT_EQ(dash.status, 200);
  EXPECT_FALSE(Has(dash, "href=\"/admin/members\""));
}

TEST_F(AdminMembersTest, NavShowsMembersToTheSecretary) {
  SignInSecretary();
  TestResponse r = Get("/admin");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "href=\"/admin/members\""));
}

TEST_F(AdminMembersTest, ListFiltersAndSearches) {
  const int64_t north = AddChapter("North", "north");
  Member("ana@example.org", MemberStatus::kActive, north, "Ana", "Ruiz");
  Member("bo@example.org", MemberStatus::kApplicant, std::nullopt, "Bo", "Lind");
  Member("cy@example.org", MemberStatus::kLapsed, north, "Cy", "Ruiz");
  SignInSecretary();

  TestResponse all = Get("/admin/members");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(Has(all, "ana@example.org") && Has(all, "bo@example.org") &&
              Has(all, "cy@example.org"));

  TestResponse applicants = Get("/admin/members?status=applicant");
  EXPECT_TRUE(Has(applicants, "bo@example.org"));
  EXPECT_FALSE(Has(applicants, "ana@example.org"));

  TestResponse in_north = Get("/admin/members?chapter=" + std::to_string(north));
  EXPECT_TRUE(Has(in_north, "ana@example.org") && Has(in_north, "cy@example.org"));
  EXPECT_FALSE(Has(in_north, "bo@example.org"));

  TestResponse none = Get("/admin/members?chapter=none");
  EXPECT_TRUE(Has(none, "bo@example.org"));
  EXPECT_FALSE(Has(none, "ana@example.org"));

  TestResponse by_email = Get("/admin/members?q=Ana%40Example.org");
  EXPECT_TRUE(Has(by_email, "ana@example.org"));
  EXPECT_FALSE(Has(by_email, "cy@example.org"));

  TestResponse by_name = Get("/admin/members?q=ruiz");
  EXPECT_TRUE(Has(by_name, "ana@example.org") && Has(by_name, "cy@example.org"));
  EXPECT_FALSE(Has(by_name, "bo@example.org"));

  TestResponse no_consent = Get("/admin/members?consent=no");
  EXPECT_FALSE(Has(no_consent, "ana@example.org"));

  TestResponse dates = Get("/admin/members?from=2020-01-01&to=2020-12-31");
  EXPECT_FALSE(Has(dates, "ana@example.org"));
}

TEST_F(AdminMembersTest, BadFiltersAreClearErrorsNotFailures) {
  SignInSecretary();
  EXPECT_EQ(Get("/admin/members?status=bogus").status, 400);
  EXPECT_EQ(Get("/admin/members?chapter=abc").status, 400);
  EXPECT_EQ(Get("/admin/members?from=2026-02-30").status, 400);
  EXPECT_EQ(Get("/admin/members?consent=maybe").status, 400);
  // The query layer drops parameters that are not UTF-8; forms are checked here.
  EXPECT_EQ(Get("/admin/members?q=%FF%FE").status, 200);
  EXPECT_EQ(
      Post("/admin/members/export", {{"csrf", Csrf()}, {"confirm", "yes"}, {"q", "a\xff"}}).status,
      400);
  EXPECT_TRUE(Audit("members.export").empty());
  EXPECT_EQ(Get("/admin/members?q=" + std::string(300, 'a')).status, 400);
  EXPECT_EQ(Get("/admin/members?page=-3").status, 200);
  EXPECT_EQ(Get("/admin/members/999999").status, 404);
  EXPECT_TRUE(errors_.empty());
}

TEST_F(AdminMembersTest, ListPagesFiftyAtATimeNewestFirst) {
  for (int i = 0; i < 55; ++i) {
    Member("m" + std::to_string(i) + "@example.org");
    clock_.Advance(std::chrono::seconds(1));
  }
  SignInSecretary();
  TestResponse first = Get("/admin/members");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(Has(first, "55"));
  EXPECT_TRUE(Has(first, "m54@example.org"));
  EXPECT_FALSE(Has(first, "m4@example.org"));
  EXPECT_TRUE(Has(first, "page=2"));
  TestResponse second = Get("/admin/members?page=2");
  EXPECT_TRUE(Has(second, "m4@example.org") && Has(second, "m0@example.org"));
  EXPECT_FALSE(Has(second, "m54@example.org"));
}

TEST_F(AdminMembersTest, ViewingRecordsAViewedEventWithTheActor) {
  const int64_t id = Member("ana@example.org");
  SignInSecretary();
  auto me = accounts_->Authenticate(cookies_[std::string(kSessionCookie)]);
  ASSERT_TRUE(me.ok());
  TestResponse r = Get("/admin/members/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Has(r, "ana@example.org"));
  auto events = Events(id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, "viewed");
  EXPECT_EQ(events.back().actor_user_id, me->user.id);
}

TEST_F(AdminMembersTest, ApproveAndDeclineApplicantsAndAudit) {
  const int64_t a = Member("a@example.org", MemberStatus::kApplicant);
  const int64_t b = Member("b@example.org", MemberStatus::kApplicant);
  const std::string csrf = SignInSecretary();
  const std::string pa = "/admin/members/" + std::to_string(a);
  const std::string pb = "/admin/members/" + std::to_string(b);
  EXPECT_EQ(Post(pa + "/approve", {{"csrf", csrf}}).status, 303);
  EXPECT_EQ(store_->members().GetMember(a)->status, MemberStatus::kActive);
  EXPECT_EQ(Post(pb + "/decline", {{"csrf", csrf}}).status, 303);
  EXPECT_EQ(store_->members().GetMember(b)->status, MemberStatus::kDeclined);
  // No longer an applicant: refused, nothing changes.
  EXPECT_EQ(Post(pa + "/decline", {{"csrf", csrf}}).status, 409);
  EXPECT_EQ(store_->members().GetMember(a)->status, MemberStatus::kActive);
  EXPECT_EQ(Audit("member.approve").size(), 1u);
  EXPECT_EQ(Audit("member.decline").size(), 1u);
  EXPECT_EQ(Audit("member.approve")[0].object_id, std::to_string(a));
}

TEST_F(AdminMembersTest, EraseNeedsTheBoxAndCsrf) {
  const int64_t id = Member("ana@example.org");
  const std::string csrf = SignInSecretary();
  const std::string path = "/admin/members/" + std::to_string(id) + "/erase";
  EXPECT_EQ(Post(path, {{"csrf", csrf}}).status, 400);
  EXPECT_EQ(Post(path, {{"confirm", "yes"}}).status, 403);
  EXPECT_EQ(store_->members().GetMember(id)->status, MemberStatus::kActive);
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"confirm", "yes"}}).status, 303);
  EXPECT_EQ(store_->members().GetMember(id)->status, MemberStatus::kErased);
  EXPECT_EQ(Audit("member.erase").size(), 1u);
  TestResponse page = Get("/admin/members/" + std::to_string(id));
  EXPECT_EQ(page.status, 200);
  EXPECT_FALSE(Has(page, "ana@example.org"));
}

TEST_F(AdminMembersTest, ChangingTheChapterRecordsAnEvent) {
  const int64_t north = AddChapter("North", "north");
  const int64_t id = Member("ana@example.org");
  const std::string csrf = SignInSecretary();
  const std::string path = "/admin/members/" + std::to_string(id) + "/chapter";
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"chapter", std::to_string(north)}}).status, 303);
  EXPECT_EQ(store_->members().GetMember(id)->chapter_id, north);
  EXPECT_EQ(Events(id).back().kind, "chapter");
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"chapter", "nonsense"}}).status, 400);
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"chapter", "987654"}}).status, 400);
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"chapter", ""}}).status, 303);
  EXPECT_FALSE(store_->members().GetMember(id)->chapter_id.has_value());
  EXPECT_EQ(Audit("member.chapter").size(), 2u);
}

TEST_F(AdminMembersTest, ExportRefusesWithoutTheBox) {
  Member("ana@example.org");
  const std::string csrf = SignInSecretary();
  TestResponse list = Get("/admin/members");
  EXPECT_TRUE(Has(list, "action=\"/admin/members/export\""));
  TestResponse r = Post("/admin/members/export", {{"csrf", csrf}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("Content-Disposition"), "");
  EXPECT_TRUE(Audit("members.export").empty());
  EXPECT_EQ(Post("/admin/members/export", {{"confirm", "yes"}}).status, 403);
}

TEST_F(AdminMembersTest, ExportWritesEscapedCsvOfTheFilteredListAndAudits) {
  const int64_t north = AddChapter("North", "north");
  Member("ana@example.org", MemberStatus::kActive, north, "=HYPERLINK(\"x\")", "Ruiz, \"Jr\"");
  Member("bo@example.org", MemberStatus::kApplicant, std::nullopt, "Bo", "Lind");
  const std::string csrf = SignInSecretary();
  TestResponse r =
      Post("/admin/members/export", {{"csrf", csrf}, {"confirm", "yes"}, {"status", "active"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.Header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(r.body.rfind("id,first_name,last_name,email,", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("\"'=HYPERLINK(\"\"x\"\")\",\"Ruiz, \"\"Jr\"\"\",ana@example.org,"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(",North,"), std::string::npos);
  EXPECT_EQ(r.body.find("bo@example.org"), std::string::npos);
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 2);
  auto audit = Audit("members.export");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].detail.find("status=active"), std::string::npos);
  EXPECT_NE(audit[0].detail.find("count=1"), std::string::npos);
}

TEST_F(AdminMembersTest, ExportAuditKeepsNoSearchText) {
  Member("ana@example.org");
  const std::string csrf = SignInSecretary();
  TestResponse r =
      Post("/admin/members/export", {{"csrf", csrf}, {"confirm", "yes"}, {"q", "ana@example.org"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("ana@example.org"), std::string::npos);
  auto audit = Audit("members.export");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].detail.find("ana"), std::string::npos) << audit[0].detail;
  EXPECT_NE(audit[0].detail.find("count=1"), std::string::npos);
}

TEST_F(AdminMembersTest, ExportIncludesEveryPage) {
  for (int i = 0; i < 1003; ++i) Member("m" + std::to_string(i) + "@example.org");
  const std::string csrf = SignInSecretary();
  TestResponse r = Post("/admin/members/export", {{"csrf", csrf}, {"confirm", "yes"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 1004);
  EXPECT_NE(Audit("members.export")[0].detail.find("count=1003"), std::string::npos);
}

TEST_F(AdminMembersTest, ChaptersCreateUpdateDelete) {
  const std::string csrf = SignInSecretary();
  TestResponse created = Post("/admin/chapters", {{"csrf", csrf},
                                                  {"name", "North Side"},
                                                  {"region", "North"},
                                                  {"postal_prefixes", "280\n 281 \n\n"},
                                                  {"regions", "Madrid"}});
  ASSERT_EQ(created.status, 303) << created.body;
  auto chapters = store_->members().ListChapters();
  ASSERT_TRUE(chapters.ok() && chapters->size() == 1u);
  const store::Chapter& ch = chapters->front();
  EXPECT_EQ(ch.slug, "north-side");
  EXPECT_EQ(ch.postal_prefixes, (std::vector<std::string>{"280", "281"}));
  EXPECT_EQ(Audit("chapter.create").size(), 1u);

  const std::string path = "/admin/chapters/" + std::to_string(ch.id);
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"name", "North"}, {"slug", "north"}}).status, 303);
  EXPECT_EQ(store_->members().GetChapter(ch.id)->name, "North");
  TestResponse page = Get("/admin/chapters");
  EXPECT_EQ(page.status, 200);
  // Each chapter's own form carries the session's CSRF token.
  const size_t form = page.body.find("action=\"" + path + "\"");
  ASSERT_NE(form, std::string::npos);
  EXPECT_NE(page.body.find("value=\"" + csrf + "\"", form), std::string::npos);
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"action", "delete"}}).status, 303);
  EXPECT_TRUE(store_->members().ListChapters()->empty());
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"action", "delete"}}).status, 404);
}

TEST_F(AdminMembersTest, ChapterBadInputKeepsWhatWasTyped) {
  AddChapter("North", "north");
  const std::string csrf = SignInSecretary();
  TestResponse empty =
      Post("/admin/chapters", {{"csrf", csrf}, {"name", "  "}, {"region", "Kept"}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(Has(empty, "value=\"Kept\""));
  TestResponse dup =
      Post("/admin/chapters", {{"csrf", csrf}, {"name", "Other North"}, {"slug", "north"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_TRUE(Has(dup, "value=\"Other North\""));
  EXPECT_EQ(Post("/admin/chapters", {{"csrf", csrf}, {"name", std::string(101, 'x')}}).status, 400);
  EXPECT_EQ(Post("/admin/chapters", {{"csrf", csrf}, {"name", "bad\xff"}}).status, 400);
  EXPECT_EQ(Post("/admin/chapters", {{"csrf", csrf}, {"name", "X"}, {"slug", "Not A Slug"}}).status,
            400);
  EXPECT_EQ(store_->members().ListChapters()->size(), 1u);
  EXPECT_TRUE(errors_.empty());
}

TEST_F(AdminMembersTest, DashboardCountsNewAndLapsedByChapter) {
  const int64_t north = AddChapter("Northern Branch", "north");
  Member("a@example.org", MemberStatus::kActive, north);
  Member("b@example.org", MemberStatus::kActive, north);
  Member("c@example.org", MemberStatus::kLapsed, north);
  SignInSecretary();
  TestResponse r = Get("/admin");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "Northern Branch"));
  // Three joined this month (the lapsed one too), one lapsed.
  EXPECT_TRUE(Has(r, "<td>Northern Branch</td><td class=\"num\">3</td><td class=\"num\">1</td>"))
      << r.body;
}

// A chapter leader's dashboard counts their chapter only: no other
// chapter's name or numbers, no members without a chapter.
TEST_F(AdminMembersTest, ChapterLeaderDashboardCountsOnlyTheirChapter) {
  const int64_t north = AddChapter("Northern Branch", "north");
  const int64_t south = AddChapter("Southern Branch", "south");
  Member("a@example.org", MemberStatus::kActive, north);
  Member("b@example.org", MemberStatus::kLapsed, north);
  for (int i = 0; i < 7; ++i)
    Member("s" + std::to_string(i) + "@example.org", MemberStatus::kActive, south);
  Member("x@example.org", MemberStatus::kActive, std::nullopt);
  const int64_t leader = AddUser("leader@example.org", accounts::Bit(Role::kChapterLeader));
  store::User u = *store_->accounts().GetUser(leader);
  u.chapter_id = north;
  ASSERT_TRUE(store_->accounts().UpdateUser(u).ok());

  SignIn("leader@example.org");
  TestResponse r = Get("/admin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Has(r, "<td>Northern Branch</td><td class=\"num\">2</td><td class=\"num\">1</td>"))
      << r.body;
  EXPECT_FALSE(Has(r, "Southern Branch"));
  EXPECT_FALSE(Has(r, "<td class=\"num\">7</td>"));
  EXPECT_FALSE(Has(r, "(no chapter)"));
  EXPECT_TRUE(Has(r, "href=\"/admin/members\""));

  // The secretary, on the same data, sees every chapter.
  SignInSecretary();
  r = Get("/admin");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "<td>Southern Branch</td><td class=\"num\">7</td><td class=\"num\">0</td>"));
  EXPECT_TRUE(Has(r, "(no chapter)"));
}

TEST_F(AdminMembersTest, ChapterLeaderWithoutAChapterSeesNoCounts) {
  const int64_t north = AddChapter("Northern Branch", "north");
  Member("a@example.org", MemberStatus::kActive, north);
  AddUser("leader@example.org", accounts::Bit(Role::kChapterLeader));
  SignIn("leader@example.org");
  TestResponse r = Get("/admin");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(Has(r, "Northern Branch"));
  EXPECT_FALSE(Has(r, "member-counts"));
}

// A chapter leader sees their own chapter's members and nothing else: not
// the other chapters' members (by list or by id, where the answer is the
// same 404 as for an id that does not exist, and nothing is recorded), not
// the secretary's actions, not the export, not the chapters page.
TEST_F(AdminMembersTest, ChapterLeaderSeesOnlyTheirChapter) {
  const int64_t north = AddChapter("North", "north");
  const int64_t south = AddChapter("South", "south");
  const int64_t mine = Member("ana@example.org", MemberStatus::kActive, north, "Ana", "Ruiz");
  const int64_t theirs = Member("ben@example.org", MemberStatus::kApplicant, south, "Ben", "Ode");
  const int64_t nowhere =
      Member("cy@example.org", MemberStatus::kActive, std::nullopt, "Cy", "Lindqvist");
  const int64_t leader = AddUser("leader@example.org", accounts::Bit(Role::kChapterLeader));
  store::User u = *store_->accounts().GetUser(leader);
  u.chapter_id = north;
  ASSERT_TRUE(store_->accounts().UpdateUser(u).ok());
  const std::string csrf = SignIn("leader@example.org");

  for (const std::string& path :
       {std::string("/admin/members"), std::string("/admin/members?chapter=") + std::to_string(south),
        std::string("/admin/members?chapter=none"), std::string("/admin/members?q=ben%40example.org")}) {
    TestResponse list = Get(path);
    EXPECT_EQ(list.status, 200) << path;
    // (The search box shows what the leader typed; the results must not.)
    EXPECT_FALSE(Has(list, "Ode")) << path;
    EXPECT_FALSE(Has(list, "Lindqvist")) << path;
    EXPECT_FALSE(Has(list, "cy@example.org")) << path;
    EXPECT_FALSE(Has(list, "/admin/members/export")) << path;
    EXPECT_FALSE(Has(list, "href=\"/admin/chapters\"")) << path;
  }
  EXPECT_TRUE(Has(Get("/admin/members"), "ana@example.org"));

  TestResponse own = Get("/admin/members/" + std::to_string(mine));
  EXPECT_EQ(own.status, 200);
  EXPECT_TRUE(Has(own, "ana@example.org"));
  EXPECT_FALSE(Has(own, "/erase"));
  EXPECT_EQ(Events(mine).back().kind, "viewed");

  const size_t before = Events(theirs).size();
  EXPECT_EQ(Get("/admin/members/" + std::to_string(theirs)).status, 404);
  EXPECT_EQ(Get("/admin/members/" + std::to_string(nowhere)).status, 404);
  EXPECT_EQ(Get("/admin/members/987654").status, 404);
  EXPECT_EQ(Events(theirs).size(), before);  // no "viewed": nothing was shown

  const std::string id = std::to_string(theirs);
  EXPECT_EQ(Post("/admin/members/" + id + "/approve", {{"csrf", csrf}}).status, 403);
  EXPECT_EQ(Post("/admin/members/" + std::to_string(mine) + "/erase",
                 {{"csrf", csrf}, {"confirm", "yes"}}).status, 403);
  EXPECT_EQ(Post("/admin/members/export", {{"csrf", csrf}, {"confirm", "yes"}}).status, 403);
  EXPECT_EQ(Get("/admin/chapters").status, 403);
  EXPECT_EQ(store_->members().GetMember(theirs)->status, MemberStatus::kApplicant);
  EXPECT_TRUE(Has(Get("/admin"), "href=\"/admin/members\""));
}

TEST_F(AdminMembersTest, ChapterLeaderWithoutAChapterSeesNobody) {
  const int64_t north = AddChapter("North", "north");
  const int64_t id = Member("ana@example.org", MemberStatus::kActive, north);
  AddUser("leader@example.org", accounts::Bit(Role::kChapterLeader));
  SignIn("leader@example.org");
  EXPECT_EQ(Get("/admin/members").status, 403);
  EXPECT_EQ(Get("/admin/members/" + std::to_string(id)).status, 403);
  EXPECT_EQ(Events(id).size(), 1u);
}

// The admin assigns the chapter on the user form; the change is audited.
TEST_F(AdminMembersTest, AdminAssignsTheChapterALeaderLeads) {
  const int64_t north = AddChapter("North", "north");
  const int64_t leader = AddUser("leader@example.org", accounts::Bit(Role::kChapterLeader));
  AddUser("boss@example.org", accounts::Bit(Role::kAdmin));
  const std::string csrf = SignIn("boss@example.org");
  TestResponse form = Get("/admin/users/" + std::to_string(leader));
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(Has(form, "name=\"chapter_id\""));
  EXPECT_EQ(Post("/admin/users/" + std::to_string(leader),
                 {{"csrf", csrf}, {"display_name", "Lea Der"}, {"roles", "chapter-leader"},
                  {"chapter_id", std::to_string(north)}}).status,
            303);
  EXPECT_EQ(store_->accounts().GetUser(leader)->chapter_id, north);
  // A value that names no chapter clears it rather than pointing nowhere.
  EXPECT_EQ(Post("/admin/users/" + std::to_string(leader),
                 {{"csrf", csrf}, {"display_name", "Lea Der"}, {"roles", "chapter-leader"},
                  {"chapter_id", "987654"}}).status,
            303);
  EXPECT_FALSE(store_->accounts().GetUser(leader)->chapter_id.has_value());
  bool audited = false;
  for (const store::AuditEntry& e : Audit("user.update"))
    if (e.detail.find("chapter:") != std::string::npos) audited = true;
  EXPECT_TRUE(audited);
}

}  // namespace
}  // namespace admin::testing
