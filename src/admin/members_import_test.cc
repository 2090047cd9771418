// The member import page: the report of bad rows (and nothing imported),
// the notice after a good file, the role check, and the round trip from the
// export back in through the import.

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"
#include "admin/members_csv.h"
#include "base/time_format.h"
#include "members/member_import.h"

namespace admin::testing {
namespace {

using accounts::Role;
using store::MemberStatus;

constexpr char kHeader[] = "first_name,last_name,email,postal_code,region,country\r\n";

class AdminMembersImportTest : public AdminFixture {
 protected:
  void SetUp() override {
    AdminFixture::SetUp();
    secretary_ = AddUser("secretary@example.org", accounts::Bit(Role::kMembershipSecretary));
    AddUser("editor@example.org", accounts::Bit(Role::kEditor));
  }
  int64_t Count() { return store_->members().CountMembers({}).value(); }

  // The one member (not erased) with this address, opened.
  members::MemberView Find(const std::string& email) {
    auto list = members_->Search({{}, email});
    EXPECT_TRUE(list.ok());
    EXPECT_EQ(list.ok() ? list->items.size() : 0u, 1u) << email;
    return list.ok() && !list->items.empty() ? list->items[0] : members::MemberView{};
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

  TestResponse Upload(const std::string& csv) {
    return PostFile("/admin/members/import", {{"csrf", Csrf()}}, "file", "members.csv",
                    "text/csv", csv);
  }

  static bool Has(const TestResponse& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }

  int64_t secretary_ = 0;
};

TEST_F(AdminMembersImportTest, WithoutManageMembersItIsForbidden) {
  const std::string csrf = SignIn("editor@example.org");
  EXPECT_EQ(Get("/admin/members/import").status, 403);
  const std::string csv = std::string(kHeader) + "Ana,Ruiz,ana@example.org,28001,Madrid,Spain\r\n";
  EXPECT_EQ(PostFile("/admin/members/import", {{"csrf", csrf}}, "file", "m.csv", "text/csv", csv)
                .status,
            403);
  EXPECT_EQ(Count(), 0);
}

TEST_F(AdminMembersImportTest, TheFormIsLinkedFromTheListAndNeedsCsrf) {
  SignIn("secretary@example.org");
  EXPECT_TRUE(Has(Get("/admin/members"), "href=\"/admin/members/import\""));
  TestResponse form = Get("/admin/members/import");
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(Has(form, "enctype=\"multipart/form-data\""));
  const std::string csv = std::string(kHeader) + "Ana,Ruiz,ana@example.org,28001,Madrid,Spain\r\n";
  EXPECT_EQ(PostFile("/admin/members/import", {}, "file", "m.csv", "text/csv", csv).status, 403);
  EXPECT_EQ(Count(), 0);
}

TEST_F(AdminMembersImportTest, ABadRowIsReportedAndNothingImportedThenAGoodFileIs) {
  const int64_t existing = AddMember({.first_name = "Old", .email = "old@example.org"});
  SignIn("secretary@example.org");
  std::string good_rows;
  for (int i = 0; i < 5; ++i) {
    good_rows += "Ana" + std::to_string(i) + ",Ruiz,ana" + std::to_string(i) +
                 "@example.org,28001,Madrid,Spain\r\n";
  }
  const std::string bad = std::string(kHeader) + good_rows +
                          "Ben,Ruiz,not-an-address,28001,Madrid,Spain\r\n"  // row 7
                          "Old,Friend,old@example.org,28001,Madrid,Spain\r\n";  // row 8
  TestResponse r = Upload(bad);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r, "<td>7</td><td>email</td>")) << r.body;
  EXPECT_TRUE(Has(r, "<td>8</td><td>email</td>"));
  EXPECT_FALSE(Has(r, "not-an-address"));  // the report names no values
  EXPECT_EQ(Count(), 1);
  EXPECT_TRUE(Audit("members.import").empty());

  // A file that is not CSV at all: the column is named, nothing imported.
  r = Upload("first_name,shoe_size\r\nAna,42\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r, "shoe_size"));
  EXPECT_EQ(Count(), 1);

  r = Upload(std::string(kHeader) + good_rows);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.location, "/admin/members?count=5&done=members_imported");
  TestResponse list = Get(r.location);
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(Has(list, "5 members imported.")) << list.body;
  EXPECT_EQ(Count(), 6);
  members::MemberView ana = Find("ana3@example.org");
  EXPECT_EQ(ana.profile.first_name, "Ana3");
  EXPECT_EQ(ana.member.status, MemberStatus::kActive);
  auto history = store_->members().ListMemberEvents(ana.member.id);
  ASSERT_TRUE(history.ok() && history->size() == 1u);
  EXPECT_EQ((*history)[0].kind, "imported");
  auto audit = Audit("members.import");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].detail, "count=5");
  EXPECT_TRUE(mail_.empty());  // imported members are sent nothing
  EXPECT_EQ(Find("old@example.org").member.id, existing);
}

TEST_F(AdminMembersImportTest, PastedTextIsImportedToo) {
  const std::string csrf = SignIn("secretary@example.org");
  TestResponse r = Post("/admin/members/import", {{"csrf", csrf}, {"text", ""}});
  EXPECT_EQ(r.status, 400);
  r = Post("/admin/members/import",
           {{"csrf", csrf},
            {"text", "email,first_name,last_name,postal_code,region,country\n"
                     "ana@example.org,Ana,Ruiz,28001,Madrid,Spain\n"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Find("ana@example.org").profile.last_name, "Ruiz");
}

// Export a filtered list, erase those members, import the file: the same
// people come back with the same details, chapters and types.
TEST_F(AdminMembersImportTest, ExportThenImportRoundTrip) {
  const int64_t north = AddChapter("North Ñ", "north");
  std::vector<int64_t> ids = {
      AddMember({.first_name = "Ana", .last_name = "Ruiz, \"La Roja\"", .email = "ana@example.org",
                 .chapter_id = north, .phone = "+34 600 111 222"}),
      AddMember({.first_name = "=Ben", .last_name = "O'Neil", .email = "Ben@example.org",
                 .email_consent = false}),
      AddMember({.first_name = "Carla", .last_name = "Peña", .email = "carla@example.org",
                 .chapter_id = north, .phone = "-"}),
  };
  // Not in the filtered export: stays as it is.
  AddMember({.first_name = "Dan", .email = "dan@example.org", .status = MemberStatus::kLapsed});
  std::vector<members::MemberView> before;
  for (int64_t id : ids) {
    auto v = members_->View(id, secretary_);
    ASSERT_TRUE(v.ok());
    before.push_back(*v);
  }

  const std::string csrf = SignIn("secretary@example.org");
  TestResponse exported =
      Post("/admin/members/export", {{"csrf", csrf}, {"confirm", "yes"}, {"status", "active"}});
  ASSERT_EQ(exported.status, 200);
  // What the exporter writes, the reader takes.
  auto rows = ParseMembersCsv(exported.body);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->size(), 3u);

  for (int64_t id : ids) ASSERT_TRUE(members_->EraseNow(id, secretary_).ok());
  clock_.Advance(std::chrono::hours(1));
  TestResponse r = Upload(exported.body);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.location, "/admin/members?count=3&done=members_imported");

  for (const members::MemberView& old : before) {
    members::MemberView now = Find(old.profile.email);
    EXPECT_NE(now.member.id, old.member.id);
    EXPECT_EQ(now.profile, old.profile);
    EXPECT_EQ(now.member.status, old.member.status);
    EXPECT_EQ(now.member.chapter_id, old.member.chapter_id);
    EXPECT_EQ(now.member.membership_type, old.member.membership_type);
    EXPECT_EQ(now.member.email_consent, old.member.email_consent);
    EXPECT_EQ(now.member.activated_at, old.member.activated_at);  // "joined" kept
  }
  EXPECT_EQ(Find("dan@example.org").member.status, MemberStatus::kLapsed);
  EXPECT_EQ(Count(), 4);
}

// A lapsed member comes back lapsed on the day they lapsed; one whose file
// gives no such day lapses on the day of the import. Either way the
// dashboard counts them as lapsed.
TEST_F(AdminMembersImportTest, LapsedMembersKeepOrGetALapseDateAndAreCounted) {
  const int64_t north = AddChapter("North", "north");
  const int64_t dan =
      AddMember({.first_name = "Dan", .email = "dan@example.org", .status = MemberStatus::kLapsed,
                 .chapter_id = north});
  auto before = members_->View(dan, secretary_);
  ASSERT_TRUE(before.ok() && before->member.lapsed_at.has_value());

  const std::string csrf = SignIn("secretary@example.org");
  TestResponse exported =
      Post("/admin/members/export", {{"csrf", csrf}, {"confirm", "yes"}, {"status", "lapsed"}});
  ASSERT_EQ(exported.status, 200);
  EXPECT_TRUE(Has(exported, ",joined,lapsed,")) << exported.body;
  ASSERT_TRUE(members_->EraseNow(dan, secretary_).ok());
  clock_.Advance(std::chrono::hours(24 * 40));  // the import is in another month
  SignIn("secretary@example.org");               // (the session ended meanwhile)
  TestResponse r = Upload(exported.body);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.location, "/admin/members?count=1&done=members_imported");
  members::MemberView back = Find("dan@example.org");
  EXPECT_EQ(back.member.status, MemberStatus::kLapsed);
  EXPECT_EQ(back.member.lapsed_at, before->member.lapsed_at);
  EXPECT_EQ(back.member.activated_at, before->member.activated_at);

  // No lapse date in the file: the import's time.
  r = Upload(std::string("first_name,last_name,email,postal_code,region,country,status,"
                         "chapter\r\n") +
             "Eva,Ruiz,eva@example.org,28001,Madrid,Spain,lapsed,north\r\n");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.location, "/admin/members?count=1&done=members_imported");
  members::MemberView eva = Find("eva@example.org");
  EXPECT_EQ(eva.member.lapsed_at, clock_.Now());
  EXPECT_EQ(eva.member.activated_at, clock_.Now());

  // Eva joined and lapsed this month (Dan did, 40 days ago, in another).
  TestResponse dash = Get("/admin");
  ASSERT_EQ(dash.status, 200);
  const std::string month = base::FormatRfc3339(clock_.Now()).substr(0, 7);
  EXPECT_TRUE(Has(dash, "<td>" + month + "</td><td>North</td><td class=\"num\">1</td>" +
                            "<td class=\"num\">1</td>"))
      << month << dash.body;
}

}  // namespace
}  // namespace admin::testing
