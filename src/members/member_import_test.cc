// MemberImporter: every row checked before anything is written; all or none.

#include "members/member_import.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "base/time_format.h"
#include "members/members_test_support.h"

namespace members {
namespace {

using store::MemberStatus;
using testing::MembersFixture;

}  // namespace

// Readable failures.
void PrintTo(const ImportIssue& i, std::ostream* os) {
  *os << "{row " << i.row << ", " << i.column << ", problem " << static_cast<int>(i.problem)
      << "}";
}

namespace {

class MemberImportTest : public ::testing::Test {
 protected:
  MemberImportTest() : f_(Policy()) {
    importer_ = std::make_unique<MemberImporter>(f_.store->members(), *f_.ring, *f_.indexer,
                                                 f_.clock, Policy());
    options_.actor_user_id = f_.Staff();
    options_.lang = "es";
  }
  static JoinPolicy Policy() {
    JoinPolicy p;
    p.membership_types = {{"regular", "Regular"}, {"reduced", "Reduced"}};
    return p;
  }
  // A good row number `n` (row n + 1 in its file: the header is row 1).
  static ImportRow Row(int n) {
    ImportRow r;
    r.row = n + 1;
    r.first_name = "Ana" + std::to_string(n);
    r.last_name = "Ruiz";
    r.email = "ana" + std::to_string(n) + "@example.org";
    r.phone = "+34 600 111 222";
    r.postal_code = "28001";
    r.region = "Madrid";
    r.country = "España";
    return r;
  }
  static std::vector<ImportRow> Rows(int count) {
    std::vector<ImportRow> rows;
    for (int i = 1; i <= count; ++i) rows.push_back(Row(i));
    return rows;
  }
  int64_t Count() { return f_.store->members().CountMembers({}).value(); }
  // Imports `rows`, expecting problems; returns them.
  std::vector<ImportIssue> Refused(const std::vector<ImportRow>& rows) {
    std::vector<ImportIssue> issues;
    auto r = importer_->Import(rows, options_, &issues);
    EXPECT_TRUE(r.status().IsInvalidArgument()) << r.status().ToString();
    EXPECT_EQ(Count(), 0) << "nothing may be written";
    return issues;
  }

  MembersFixture f_;
  std::unique_ptr<MemberImporter> importer_;
  ImportOptions options_;
};

TEST_F(MemberImportTest, GoodRowsAreAllImportedAndFoundByEmail) {
  auto north = f_.service->SaveChapter({0, "north", "North", "", {"280"}, {}, 0});
  ASSERT_TRUE(north.ok());
  auto south = f_.service->SaveChapter({0, "sur", "Sur Ñ", "", {}, {}, 1});
  ASSERT_TRUE(south.ok());
  std::vector<ImportRow> rows = Rows(30);
  rows[1].status = "Applicant";
  rows[2].status = "lapsed";
  rows[2].joined = "2020-03-01";
  rows[3].chapter = "sur ñ";  // by name, case and accents folded
  rows[4].chapter = "sur";    // by slug
  rows[5].membership_type = "reduced";
  rows[6].email_consent = "yes";
  rows[7].email = "  Mixed.Case@Example.ORG ";
  rows[8].phone = "";
  auto n = importer_->Import(rows, options_);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 30u);
  EXPECT_EQ(Count(), 30);

  auto find = [&](const std::string& email) {
    auto list = f_.service->Search({{}, email});
    EXPECT_TRUE(list.ok());
    EXPECT_EQ(list->items.size(), 1u) << email;
    return list->items.empty() ? MemberView{} : list->items[0];
  };
  MemberView first = find("ana1@example.org");
  EXPECT_EQ(first.profile.first_name, "Ana1");
  EXPECT_EQ(first.profile.country, "España");
  EXPECT_EQ(first.profile.lang, "es");
  EXPECT_EQ(first.member.status, MemberStatus::kActive);
  EXPECT_EQ(first.member.membership_type, "regular");
  EXPECT_EQ(first.member.chapter_id, *north);  // by the rules: postal prefix 280
  EXPECT_FALSE(first.member.email_consent);
  EXPECT_EQ(first.member.activated_at, f_.clock.Now());
  auto history = f_.service->History(first.member.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].kind, "imported");
  EXPECT_EQ((*history)[0].actor_user_id, options_.actor_user_id);

  EXPECT_EQ(find("ana2@example.org").member.status, MemberStatus::kApplicant);
  EXPECT_FALSE(find("ana2@example.org").member.activated_at.has_value());
  MemberView lapsed = find("ana3@example.org");
  EXPECT_EQ(lapsed.member.status, MemberStatus::kLapsed);
  ASSERT_TRUE(lapsed.member.activated_at.has_value());
  EXPECT_LT(*lapsed.member.activated_at, f_.clock.Now());
  EXPECT_EQ(find("ana4@example.org").member.chapter_id, *south);
  EXPECT_EQ(find("ana5@example.org").member.chapter_id, *south);
  EXPECT_EQ(find("ana6@example.org").member.membership_type, "reduced");
  EXPECT_TRUE(find("ana7@example.org").member.email_consent);
  EXPECT_EQ(find("mixed.case@example.org").profile.email, "Mixed.Case@example.org");
  // Found by name, like joined members.
  auto by_name = f_.service->Search({{}, "ana12 ruiz"});
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->items.size(), 1u);
  // Nobody was sent anything.
  EXPECT_TRUE(f_.notifier.sent.empty());
}

TEST_F(MemberImportTest, OneBadRowAmongManyImportsNothing) {
  std::vector<ImportRow> rows = Rows(200);
  rows[150].email = "not-an-address";
  const std::vector<ImportIssue> issues = Refused(rows);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0], (ImportIssue{152, "email", ImportProblem::kInvalidEmail}));
}

TEST_F(MemberImportTest, EveryProblemOfEveryRowIsReported) {
  std::vector<ImportRow> rows = Rows(6);
  rows[0].first_name = "";
  rows[0].status = "pending";
  rows[1].chapter = "atlantis";
  rows[1].membership_type = "gold";
  rows[2].email_consent = "maybe";
  rows[3].joined = "yesterday";
  rows[4].joined = "2099-01-01";
  rows[5].status = "declined";
  const std::vector<ImportIssue> issues = Refused(rows);
  EXPECT_EQ(issues, (std::vector<ImportIssue>{
                        {2, "first_name", ImportProblem::kRequired},
                        {2, "status", ImportProblem::kUnknownStatus},
                        {3, "membership_type", ImportProblem::kUnknownType},
                        {3, "chapter", ImportProblem::kUnknownChapter},
                        {4, "email_consent", ImportProblem::kInvalidValue},
                        {5, "joined", ImportProblem::kInvalidValue},
                        {6, "joined", ImportProblem::kInvalidValue},
                        {7, "status", ImportProblem::kUnknownStatus},
                    }));
  // Check says the same without trying to write.
  auto checked = importer_->Check(rows);
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(*checked, issues);
}

// The dashboard counts lapses by lapsed_at: an imported lapsed member
// always has one, from the row or else the import's time.
TEST_F(MemberImportTest, LapsedMembersGetALapseDate) {
  const base::Time now = f_.clock.Now();
  const base::Time day = *base::ParseRfc3339("2024-05-10T00:00:00Z");
  std::vector<ImportRow> rows = Rows(5);
  rows[0].status = "lapsed";  // no dates: joined and lapsed now
  rows[1].status = "lapsed";  // lapsed on a day: joined no later
  rows[1].lapsed = "2024-05-10";
  rows[2].status = "lapsed";
  rows[2].joined = "2020-03-01";  // joined long ago, lapsed at the import
  rows[3].status = "Lapsed";
  rows[3].joined = "2020-03-01";
  rows[3].lapsed = "2024-05-10T00:00:00Z";
  rows[4].lapsed = "2024-05-10";  // active: the column is ignored
  ASSERT_TRUE(importer_->Import(rows, options_).ok());

  auto member = [&](int n) {
    auto list = f_.service->Search({{}, "ana" + std::to_string(n) + "@example.org"});
    EXPECT_TRUE(list.ok() && list->items.size() == 1u);
    return list.ok() && !list->items.empty() ? list->items[0].member : store::Member{};
  };
  const base::Time joined = *base::ParseRfc3339("2020-03-01T00:00:00Z");
  EXPECT_EQ(member(1).lapsed_at, now);
  EXPECT_EQ(member(1).activated_at, now);
  EXPECT_EQ(member(2).lapsed_at, day);
  EXPECT_EQ(member(2).activated_at, day);
  EXPECT_EQ(member(3).lapsed_at, now);
  EXPECT_EQ(member(3).activated_at, joined);
  EXPECT_EQ(member(4).lapsed_at, day);
  EXPECT_EQ(member(4).activated_at, joined);
  EXPECT_EQ(member(5).status, MemberStatus::kActive);
  EXPECT_FALSE(member(5).lapsed_at.has_value());

  // Counted by the month they lapsed: two in May 2024, two this month.
  auto counts = f_.service->CountByChapterAndMonth(120);
  ASSERT_TRUE(counts.ok());
  int64_t lapsed_now = 0, lapsed_may = 0;
  const std::string this_month = base::FormatRfc3339(now).substr(0, 7);
  for (const store::MemberMonthCount& c : *counts) {
    if (c.month == this_month) lapsed_now += c.lapsed;
    if (c.month == "2024-05") lapsed_may += c.lapsed;
  }
  EXPECT_EQ(lapsed_now, 2);
  EXPECT_EQ(lapsed_may, 2);
}

TEST_F(MemberImportTest, BadLapseDatesAreRefused) {
  std::vector<ImportRow> rows = Rows(4);
  for (ImportRow& r : rows) r.status = "lapsed";
  rows[0].lapsed = "last spring";
  rows[1].lapsed = "2099-01-01";  // in the future
  rows[2].joined = "2021-01-01";
  rows[2].lapsed = "2020-12-31";  // before joining
  rows[3].lapsed = "2020-01-01\x01";  // a control character
  const std::vector<ImportIssue> issues = Refused(rows);
  EXPECT_EQ(issues, (std::vector<ImportIssue>{
                        {2, "lapsed", ImportProblem::kInvalidValue},
                        {3, "lapsed", ImportProblem::kInvalidValue},
                        {4, "lapsed", ImportProblem::kInvalidValue},
                        {5, "lapsed", ImportProblem::kInvalidText},
                    }));
}

TEST_F(MemberImportTest, DuplicateWithinTheFileNamesTheLaterRow) {
  std::vector<ImportRow> rows = Rows(5);
  rows[3].email = "ANA1@example.org";  // the same address as row 2, another case
  const std::vector<ImportIssue> issues = Refused(rows);
  EXPECT_EQ(issues, (std::vector<ImportIssue>{{5, "email", ImportProblem::kDuplicateInFile}}));
}

TEST_F(MemberImportTest, AnExistingMembersAddressIsRefused) {
  ASSERT_TRUE(f_.service->Join(f_.Form("ana3@example.org")).ok());  // pending counts too
  std::vector<ImportIssue> issues;
  auto r = importer_->Import(Rows(5), options_, &issues);
  EXPECT_TRUE(r.status().IsInvalidArgument());
  EXPECT_EQ(issues, (std::vector<ImportIssue>{{4, "email", ImportProblem::kAlreadyMember}}));
  EXPECT_EQ(Count(), 1);
  // After the member is erased, the address is free again.
  auto id = f_.store->members().FindByEmailIndex(f_.indexer->EmailIndex("ana3@example.org"));
  ASSERT_TRUE(id.ok() && id->has_value());
  ASSERT_TRUE(f_.service->EraseNow((*id)->id, options_.actor_user_id).ok());
  EXPECT_TRUE(importer_->Import(Rows(5), options_).ok());
}

TEST_F(MemberImportTest, BadTextIsRefused) {
  std::vector<ImportRow> rows = Rows(8);
  rows[0].first_name = "An\xff\xfe";                  // invalid UTF-8
  rows[1].last_name = "Ruiz\x01";                     // control character
  rows[2].region = "Madrid\nCentro";                  // a line break in a one-line field
  rows[3].postal_code = std::string(21, '1');         // over 20 characters
  rows[4].first_name = std::string(101, 'a');         // over 100
  rows[5].email = std::string(250, 'a') + "@example.org";  // over 254
  rows[6].chapter = "\xc3";                           // invalid UTF-8 outside the join fields
  rows[7].status = "active\t";                        // trimmed: fine
  const std::vector<ImportIssue> issues = Refused(rows);
  EXPECT_EQ(issues, (std::vector<ImportIssue>{
                        {2, "first_name", ImportProblem::kInvalidText},
                        {3, "last_name", ImportProblem::kInvalidText},
                        {4, "region", ImportProblem::kInvalidText},
                        {5, "postal_code", ImportProblem::kTooLong},
                        {6, "first_name", ImportProblem::kTooLong},
                        {7, "email", ImportProblem::kTooLong},
                        {8, "chapter", ImportProblem::kInvalidText},
                    }));
}

TEST_F(MemberImportTest, TooManyRowsIsAnError) {
  std::vector<ImportRow> rows(kMaxImportRows + 1, Row(1));
  EXPECT_TRUE(importer_->Import(rows, options_).status().IsInvalidArgument());
  EXPECT_EQ(Count(), 0);
}

TEST_F(MemberImportTest, NoRowsImportsNothing) {
  auto n = importer_->Import({}, options_);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
}

}  // namespace
}  // namespace members
