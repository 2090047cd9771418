// The back office's additions to MembersService: history, moving a member
// between chapters, chapter editing with its checks, and the monthly counts.

#include <gtest/gtest.h>

#include "members/members_service.h"
#include "members/members_test_support.h"

namespace members {
namespace {

using testing::MembersFixture;

// A confirmed (active) member; returns their id.
int64_t Joined(MembersFixture& f, const std::string& email) {
  EXPECT_TRUE(f.service->Join(f.Form(email)).ok());
  auto c = f.service->ConfirmJoin(f.LastToken("confirm"));
  EXPECT_TRUE(c.ok());
  auto list = f.service->Search({{}, email});
  EXPECT_TRUE(list.ok() && list->items.size() == 1u);
  return list.ok() && !list->items.empty() ? list->items[0].member.id : 0;
}

store::Chapter Named(const std::string& name, const std::string& slug = "") {
  store::Chapter c;
  c.name = name;
  c.slug = slug;
  return c;
}

TEST(MembersAdminTest, HistoryIsOldestFirstAndNotFoundForStrangers) {
  MembersFixture f;
  const int64_t id = Joined(f, "ana@example.org");
  const int64_t staff = f.Staff();
  ASSERT_TRUE(f.service->View(id, staff).ok());
  auto h = f.service->History(id);
  ASSERT_TRUE(h.ok());
  ASSERT_GE(h->size(), 2u);
  EXPECT_EQ(h->front().kind, "joined");
  EXPECT_EQ(h->back().kind, "viewed");
  EXPECT_EQ(h->back().actor_user_id, staff);
  EXPECT_TRUE(f.service->History(424242).status().IsNotFound());
}

TEST(MembersAdminTest, MoveToChapterRecordsAChapterEvent) {
  MembersFixture f;
  const int64_t id = Joined(f, "ana@example.org");
  const int64_t staff = f.Staff();
  auto north = f.service->SaveChapter(Named("North"));
  ASSERT_TRUE(north.ok()) << north.status().ToString();
  ASSERT_TRUE(f.service->MoveToChapter(id, *north, staff).ok());
  EXPECT_EQ(f.store->members().GetMember(id)->chapter_id, *north);
  auto h = f.service->History(id);
  EXPECT_EQ(h->back().kind, "chapter");
  EXPECT_EQ(h->back().actor_user_id, staff);
  EXPECT_EQ(h->back().detail, std::to_string(*north));
  // The same chapter again writes nothing.
  const size_t events = h->size();
  ASSERT_TRUE(f.service->MoveToChapter(id, *north, staff).ok());
  EXPECT_EQ(f.service->History(id)->size(), events);
  EXPECT_EQ(f.service->MoveToChapter(id, 99999, staff).code(), base::StatusCode::kInvalidArgument);
  ASSERT_TRUE(f.service->MoveToChapter(id, std::nullopt, staff).ok());
  EXPECT_FALSE(f.store->members().GetMember(id)->chapter_id.has_value());
  EXPECT_TRUE(f.service->MoveToChapter(777777, std::nullopt, staff).IsNotFound());
  ASSERT_TRUE(f.service->EraseNow(id, staff).ok());
  EXPECT_EQ(f.service->MoveToChapter(id, *north, staff).code(), base::StatusCode::kInvalidArgument);
}

TEST(MembersAdminTest, SaveChapterCleansAndChecks) {
  MembersFixture f;
  store::Chapter c = Named("  Costa Norte ");
  c.postal_prefixes = {" 28 ", "", "28", "29"};
  c.regions = {"Madrid", "madrid"};
  auto id = f.service->SaveChapter(c);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto saved = f.service->GetChapter(*id);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->name, "Costa Norte");
  EXPECT_EQ(saved->slug, "costa-norte");
  EXPECT_EQ(saved->postal_prefixes, (std::vector<std::string>{"28", "29"}));
  EXPECT_EQ(saved->regions, (std::vector<std::string>{"Madrid"}));

  EXPECT_TRUE(f.service->SaveChapter(Named("Other", "costa-norte")).status().IsConflict());
  EXPECT_EQ(f.service->SaveChapter(Named(" ")).status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(f.service->SaveChapter(Named(std::string(101, 'a'))).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(f.service->SaveChapter(Named("a\xc3")).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(f.service->SaveChapter(Named("a", "Bad Slug")).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(f.service->SaveChapter(Named("!!!")).status().code(),
            base::StatusCode::kInvalidArgument);

  // Updating keeps its own slug; an unknown id is NotFound.
  store::Chapter again = *saved;
  again.name = "Costa";
  EXPECT_TRUE(f.service->SaveChapter(again).ok());
  again.id = 123456;
  again.slug = "elsewhere";
  EXPECT_TRUE(f.service->SaveChapter(again).status().IsNotFound());
  ASSERT_TRUE(f.service->DeleteChapter(*id).ok());
  EXPECT_TRUE(f.service->Chapters()->empty());
}

TEST(MembersAdminTest, CountsCoverTheLastMonths) {
  MembersFixture f;
  Joined(f, "ana@example.org");
  auto counts = f.service->CountByChapterAndMonth(12);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  int64_t joined = 0;
  for (const auto& n : *counts) joined += n.joined;
  EXPECT_EQ(joined, 1);
  // A year on, that month is out of the window.
  f.clock.Advance(std::chrono::hours(24 * 400));
  counts = f.service->CountByChapterAndMonth(12);
  ASSERT_TRUE(counts.ok());
  EXPECT_TRUE(counts->empty());
  EXPECT_EQ(f.service->CountByChapterAndMonth(0).status().code(),
            base::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace members
