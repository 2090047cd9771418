// Contract tests for the members store on SQLite (real database in a temp dir).

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const Time kT0 = Time(seconds(1'796'083'200));  // 2026-12-01T00:00:00Z

class MembersStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  MembersStore& ms() { return store_->members(); }

  Member NewMember(const std::string& key, Time at = kT0,
                   MemberStatus status = MemberStatus::kPending) {
    Member m;
    m.ref = "ref-" + key;
    m.status = status;
    m.email_index = "email-" + key;
    m.name_tokens = {"tok-" + key, "tok-common"};
    m.sealed_profile = "sealed-" + key;
    m.membership_type = "regular";
    m.created_at = at;
    if (status == MemberStatus::kActive) m.activated_at = at;
    return m;
  }
  int64_t Add(const std::string& key, Time at = kT0, MemberStatus status = MemberStatus::kPending,
              std::optional<int64_t> chapter = {}) {
    Member m = NewMember(key, at, status);
    m.chapter_id = chapter;
    auto id = ms().CreateMember(m);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t AddChapter(const std::string& slug) {
    Chapter c;
    c.slug = slug;
    c.name = "Chapter " + slug;
    c.postal_prefixes = {"28", "280"};
    c.regions = {"Madrid"};
    auto id = ms().CreateChapter(c);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  std::vector<std::string> Refs(const MemberFilter& f) {
    auto r = ms().ListMembers(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const Member& m : *r) out.push_back(m.ref);
    }
    return out;
  }

  test_support::TempDir dir_{"bs-members-store"};
  std::unique_ptr<Store> store_;
};

using Refs_ = std::vector<std::string>;

TEST_F(MembersStoreTest, ChaptersRoundTrip) {
  const int64_t id = AddChapter("madrid");
  auto c = ms().GetChapter(id);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->slug, "madrid");
  EXPECT_EQ(c->postal_prefixes, (std::vector<std::string>{"28", "280"}));
  EXPECT_EQ(c->regions, std::vector<std::string>{"Madrid"});
  c->regions.clear();
  c->name = "Madrid";
  ASSERT_TRUE(ms().UpdateChapter(*c).ok());
  EXPECT_TRUE(ms().GetChapter(id)->regions.empty());
  Chapter dup;
  dup.slug = "madrid";
  dup.name = "Again";
  EXPECT_TRUE(ms().CreateChapter(dup).status().IsConflict());
  c->id = 999;
  EXPECT_TRUE(ms().UpdateChapter(*c).IsNotFound());
  EXPECT_TRUE(ms().GetChapter(999).status().IsNotFound());
  EXPECT_EQ(ms().ListChapters()->size(), 1u);

  // Deleting a chapter leaves its members without one.
  const int64_t member = Add("a", kT0, MemberStatus::kActive, id);
  ASSERT_TRUE(ms().DeleteChapter(id).ok());
  EXPECT_FALSE(ms().GetMember(member)->chapter_id.has_value());
  EXPECT_TRUE(ms().DeleteChapter(id).IsNotFound());
}

TEST_F(MembersStoreTest, CreateGetAndFindByEmailIndex) {
  const int64_t id = Add("ana");
  auto m = ms().GetMember(id);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->ref, "ref-ana");
  EXPECT_EQ(m->status, MemberStatus::kPending);
  EXPECT_EQ(m->email_index, "email-ana");
  EXPECT_EQ(m->name_tokens, (std::vector<std::string>{"tok-ana", "tok-common"}));
  EXPECT_EQ(m->sealed_profile, "sealed-ana");
  EXPECT_EQ(m->created_at, kT0);
  EXPECT_EQ(m->updated_at, kT0);
  EXPECT_EQ(m->version, 1);
  EXPECT_EQ(ms().GetMemberByRef("ref-ana")->id, id);
  EXPECT_TRUE(ms().GetMemberByRef("nope").status().IsNotFound());
  auto found = ms().FindByEmailIndex("email-ana");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, id);
  EXPECT_FALSE(ms().FindByEmailIndex("email-nobody")->has_value());
  EXPECT_FALSE(ms().FindByEmailIndex("")->has_value());
  auto events = ms().ListMemberEvents(id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "joined");
}

TEST_F(MembersStoreTest, BadNewMembersAreRefused) {
  Add("ana");
  Member same_email = NewMember("ana");
  same_email.ref = "other-ref";
  EXPECT_TRUE(ms().CreateMember(same_email).status().IsConflict());
  Member same_ref = NewMember("ben");
  same_ref.ref = "ref-ana";
  EXPECT_TRUE(ms().CreateMember(same_ref).status().IsConflict());
  for (auto blank : {&Member::ref, &Member::email_index, &Member::sealed_profile}) {
    Member m = NewMember("carla");
    m.*blank = "";
    EXPECT_TRUE(ms().CreateMember(m).status().IsInvalidArgument());
  }
  Member bad_chapter = NewMember("dan");
  bad_chapter.chapter_id = 42;
  EXPECT_TRUE(ms().CreateMember(bad_chapter).status().IsInvalidArgument());
  EXPECT_EQ(ms().CountMembers({}).value(), 1);
}

TEST_F(MembersStoreTest, CreateMembersIsAllOrNothing) {
  const int64_t chapter = AddChapter("madrid");
  MemberEvent imported;
  imported.kind = "imported";
  User staff;
  staff.email = "secretary@example.org";
  staff.display_name = "Secretary";
  staff.created_at = kT0;
  auto staff_id = store_->accounts().CreateUser(staff);
  ASSERT_TRUE(staff_id.ok()) << staff_id.status().ToString();
  imported.actor_user_id = *staff_id;
  std::vector<Member> batch = {NewMember("a", kT0, MemberStatus::kActive),
                               NewMember("b", kT0 + hours(1), MemberStatus::kApplicant)};
  batch[1].chapter_id = chapter;
  auto ids = ms().CreateMembers(batch, imported);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 2u);
  auto b = ms().GetMember((*ids)[1]);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->ref, "ref-b");
  EXPECT_EQ(b->chapter_id, chapter);
  EXPECT_EQ(b->name_tokens, (std::vector<std::string>{"tok-b", "tok-common"}));
  auto events = ms().ListMemberEvents((*ids)[1]);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "imported");
  EXPECT_EQ((*events)[0].actor_user_id, *staff_id);
  EXPECT_EQ((*events)[0].at, kT0 + hours(1));

  // A late failure (the last one's email is the first one's) undoes the rest.
  std::vector<Member> late = {NewMember("c"), NewMember("d"), NewMember("e")};
  late[2].email_index = "email-c";
  EXPECT_TRUE(ms().CreateMembers(late, imported).status().IsConflict());
  // So does an address already stored, or an unknown chapter at the end.
  late = {NewMember("c"), NewMember("a")};
  late[1].ref = "ref-a2";
  EXPECT_TRUE(ms().CreateMembers(late, imported).status().IsConflict());
  late = {NewMember("c"), NewMember("d")};
  late[1].chapter_id = chapter + 100;
  EXPECT_TRUE(ms().CreateMembers(late, imported).status().IsInvalidArgument());
  late = {NewMember("c"), NewMember("d")};
  late[1].sealed_profile = "";
  EXPECT_TRUE(ms().CreateMembers(late, imported).status().IsInvalidArgument());
  EXPECT_FALSE(ms().FindByEmailIndex("email-c")->has_value());
  EXPECT_TRUE(ms().GetMemberByRef("ref-c").status().IsNotFound());
  EXPECT_EQ(ms().CountMembers({}).value(), 2);
  EXPECT_TRUE(ms().CreateMembers({}, imported)->empty());
}

TEST_F(MembersStoreTest, UpdateIsVersionedAndRecordsAnEvent) {
  const int64_t id = Add("ana");
  Member m = *ms().GetMember(id);
  m.status = MemberStatus::kActive;
  m.activated_at = kT0 + hours(1);
  m.confirmed_at = kT0 + hours(1);
  m.name_tokens = {"tok-new"};
  m.sealed_profile = "sealed-2";
  MemberEvent e;
  e.kind = "confirmed";
  ASSERT_TRUE(ms().UpdateMember(m, kT0 + hours(1), e).ok());
  auto got = ms().GetMember(id);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->status, MemberStatus::kActive);
  EXPECT_EQ(got->updated_at, kT0 + hours(1));
  EXPECT_EQ(got->name_tokens, std::vector<std::string>{"tok-new"});
  EXPECT_EQ(got->sealed_profile, "sealed-2");
  EXPECT_EQ(ms().ListMemberEvents(id)->back().kind, "confirmed");

  // A write at the old version loses, and changes nothing.
  m.sealed_profile = "stale";
  EXPECT_TRUE(ms().UpdateMember(m, kT0 + hours(2), e).IsConflict());
  EXPECT_EQ(ms().GetMember(id)->sealed_profile, "sealed-2");
  EXPECT_EQ(ms().ListMemberEvents(id)->size(), 2u);

  // Taking another member's email index is a Conflict.
  Add("ben");
  m = *ms().GetMember(id);
  m.email_index = "email-ben";
  EXPECT_TRUE(ms().UpdateMember(m, kT0, e).IsConflict());
  m.id = 999;
  EXPECT_TRUE(ms().UpdateMember(m, kT0, e).IsNotFound());
}

TEST_F(MembersStoreTest, ErasureLeavesATombstoneThatNamesNobody) {
  const int64_t chapter = AddChapter("madrid");
  const int64_t id = Add("ana", kT0, MemberStatus::kActive, chapter);
  MemberToken t;
  t.token_hash = "h1";
  t.member_id = id;
  t.purpose = MemberTokenPurpose::kSignIn;
  t.created_at = kT0;
  t.expires_at = kT0 + hours(1);
  t.sealed_payload = "sealed-payload";
  ASSERT_TRUE(ms().CreateMemberToken(t).ok());
  MemberEvent note;
  note.member_id = id;
  note.at = kT0;
  note.kind = "chapter";
  note.detail = "moved";
  ASSERT_TRUE(ms().AddMemberEvent(note).ok());

  MemberEvent e;
  e.kind = "erased";
  e.detail = "should not be kept";
  ASSERT_TRUE(ms().EraseMember(id, kT0 + hours(5), e).ok());
  Member m = *ms().GetMember(id);
  EXPECT_EQ(m.status, MemberStatus::kErased);
  EXPECT_EQ(m.email_index, "");
  EXPECT_EQ(m.sealed_profile, "");
  EXPECT_TRUE(m.name_tokens.empty());
  EXPECT_EQ(m.erased_at, kT0 + hours(5));
  EXPECT_EQ(m.chapter_id, chapter);  // counts still add up
  auto history = ms().ListMemberEvents(id);
  ASSERT_TRUE(history.ok());
  EXPECT_GE(history->size(), 3u);
  for (const MemberEvent& ev : *history) EXPECT_EQ(ev.detail, "") << ev.kind;
  EXPECT_TRUE(ms().ConsumeMemberToken("h1", MemberTokenPurpose::kSignIn, kT0).status().IsNotFound());
  EXPECT_FALSE(ms().FindByEmailIndex("email-ana")->has_value());
  // The address may join again; the tombstone stays.
  Member again = NewMember("ana");
  again.ref = "ref-ana-2";
  EXPECT_TRUE(ms().CreateMember(again).ok());
  // Idempotent, and final.
  EXPECT_TRUE(ms().EraseMember(id, kT0 + hours(6), e).ok());
  m.status = MemberStatus::kActive;
  m.email_index = "x";
  m.sealed_profile = "y";
  EXPECT_TRUE(ms().UpdateMember(m, kT0, e).IsInvalidArgument());
  EXPECT_TRUE(ms().EraseMember(999, kT0, e).IsNotFound());
  // Erased members are not listed unless asked for.
  EXPECT_EQ(Refs({}), Refs_{"ref-ana-2"});
  MemberFilter erased;
  erased.status = MemberStatus::kErased;
  EXPECT_EQ(Refs(erased), Refs_{"ref-ana"});
}

TEST_F(MembersStoreTest, DueForErasure) {
  const int64_t a = Add("a");
  const int64_t b = Add("b");
  Member m = *ms().GetMember(a);
  m.erase_after = kT0 + hours(24);
  ASSERT_TRUE(ms().UpdateMember(m, kT0, MemberEvent{0, 0, kT0, {}, "deletion_requested", ""}).ok());
  EXPECT_TRUE(ms().ListDueForErasure(kT0 + hours(23), 10)->empty());
  EXPECT_EQ(ms().ListDueForErasure(kT0 + hours(24), 10).value(), std::vector<int64_t>{a});
  (void)b;
}

TEST_F(MembersStoreTest, FiltersSearchAndPaging) {
  const int64_t madrid = AddChapter("madrid");
  const int64_t lima = AddChapter("lima");
  Add("a", kT0, MemberStatus::kActive, madrid);
  Add("b", kT0 + hours(1), MemberStatus::kActive, lima);
  Add("c", kT0 + hours(2), MemberStatus::kPending, madrid);
  Member d = NewMember("d", kT0 + hours(3), MemberStatus::kActive);
  d.membership_type = "student";
  d.email_consent = true;
  ASSERT_TRUE(ms().CreateMember(d).ok());

  EXPECT_EQ(Refs({}), (Refs_{"ref-d", "ref-c", "ref-b", "ref-a"}));  // newest first
  MemberFilter f;
  f.status = MemberStatus::kActive;
  EXPECT_EQ(Refs(f), (Refs_{"ref-d", "ref-b", "ref-a"}));
  f.chapter_id = madrid;
  EXPECT_EQ(Refs(f), Refs_{"ref-a"});
  f = {};
  f.no_chapter = true;
  EXPECT_EQ(Refs(f), Refs_{"ref-d"});
  f = {};
  f.membership_type = "student";
  EXPECT_EQ(Refs(f), Refs_{"ref-d"});
  f = {};
  f.email_consent = true;
  EXPECT_EQ(Refs(f), Refs_{"ref-d"});
  f = {};
  f.activated_from = kT0 + hours(1);
  f.activated_to = kT0 + hours(3);
  EXPECT_EQ(Refs(f), Refs_{"ref-b"});
  f = {};
  f.email_index = "email-c";
  EXPECT_EQ(Refs(f), Refs_{"ref-c"});
  f = {};
  f.name_tokens = {"tok-common", "tok-b"};
  EXPECT_EQ(Refs(f), Refs_{"ref-b"});
  f.name_tokens = {"tok-common"};
  EXPECT_EQ(ms().CountMembers(f).value(), 4);
  f.limit = 2;
  f.offset = 1;
  EXPECT_EQ(Refs(f), (Refs_{"ref-c", "ref-b"}));
  f.limit = 0;
  EXPECT_TRUE(ms().ListMembers(f).status().IsInvalidArgument());
  f.limit = 10;
  f.offset = -1;
  EXPECT_TRUE(ms().ListMembers(f).status().IsInvalidArgument());
}

TEST_F(MembersStoreTest, CountsByChapterAndMonth) {
  const int64_t madrid = AddChapter("madrid");
  Add("a", kT0, MemberStatus::kActive, madrid);
  Add("b", kT0 + hours(24 * 40), MemberStatus::kActive, madrid);  // January
  Add("c", kT0, MemberStatus::kActive);
  Add("p", kT0, MemberStatus::kPending, madrid);  // never activated: not counted
  const int64_t a = ms().GetMemberByRef("ref-a")->id;
  Member m = *ms().GetMember(a);
  m.status = MemberStatus::kLapsed;
  m.lapsed_at = kT0 + hours(24 * 40);
  ASSERT_TRUE(ms().UpdateMember(m, kT0, MemberEvent{0, 0, kT0, {}, "status", ""}).ok());
  ASSERT_TRUE(ms().EraseMember(a, kT0 + hours(24 * 41), MemberEvent{}).ok());

  auto counts = ms().CountByChapterAndMonth(kT0);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  ASSERT_EQ(counts->size(), 3u);
  // December: one without a chapter, one in Madrid (the erased one still counts).
  EXPECT_EQ((*counts)[0].month, "2026-12");
  EXPECT_FALSE((*counts)[0].chapter_id.has_value());
  EXPECT_EQ((*counts)[0].joined, 1);
  EXPECT_EQ((*counts)[1].month, "2026-12");
  EXPECT_EQ((*counts)[1].chapter_id, madrid);
  EXPECT_EQ((*counts)[1].joined, 1);
  EXPECT_EQ((*counts)[2].month, "2027-01");
  EXPECT_EQ((*counts)[2].joined, 1);
  EXPECT_EQ((*counts)[2].lapsed, 1);
}

TEST_F(MembersStoreTest, LinksAreSingleUseAndExpire) {
  const int64_t id = Add("ana");
  MemberToken t;
  t.token_hash = "h1";
  t.member_id = id;
  t.purpose = MemberTokenPurpose::kConfirmJoin;
  t.created_at = kT0;
  t.expires_at = kT0 + hours(48);
  ASSERT_TRUE(ms().CreateMemberToken(t).ok());
  EXPECT_TRUE(ms().CreateMemberToken(t).IsConflict());
  // Another purpose does not find it.
  EXPECT_TRUE(ms().ConsumeMemberToken("h1", MemberTokenPurpose::kSignIn, kT0).status().IsNotFound());
  auto used = ms().ConsumeMemberToken("h1", MemberTokenPurpose::kConfirmJoin, kT0 + hours(1));
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(used->member_id, id);
  EXPECT_EQ(used->used_at, kT0 + hours(1));
  EXPECT_EQ(ms().ConsumeMemberToken("h1", MemberTokenPurpose::kConfirmJoin, kT0 + hours(1))
                .status()
                .code(),
            base::StatusCode::kPermissionDenied);

  t.token_hash = "h2";
  ASSERT_TRUE(ms().CreateMemberToken(t).ok());
  EXPECT_EQ(ms().ConsumeMemberToken("h2", MemberTokenPurpose::kConfirmJoin, kT0 + hours(48))
                .status()
                .code(),
            base::StatusCode::kPermissionDenied);
  t.token_hash = "h3";
  ASSERT_TRUE(ms().CreateMemberToken(t).ok());
  ASSERT_TRUE(ms().RevokeMemberTokens(id, MemberTokenPurpose::kConfirmJoin).ok());
  EXPECT_TRUE(
      ms().ConsumeMemberToken("h3", MemberTokenPurpose::kConfirmJoin, kT0).status().IsNotFound());
  t.token_hash = "";
  EXPECT_TRUE(ms().CreateMemberToken(t).IsInvalidArgument());
  t.token_hash = "h4";
  t.member_id = 999;
  EXPECT_TRUE(ms().CreateMemberToken(t).IsInvalidArgument());
}

TEST_F(MembersStoreTest, PortalSessions) {
  const int64_t id = Add("ana");
  MemberSession s{"sess-1", id, kT0, kT0 + hours(2)};
  ASSERT_TRUE(ms().CreateMemberSession(s).ok());
  EXPECT_TRUE(ms().CreateMemberSession(s).IsConflict());
  auto got = ms().GetMemberSession("sess-1", kT0 + hours(1));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->member_id, id);
  EXPECT_EQ(got->expires_at, kT0 + hours(2));
  EXPECT_TRUE(ms().GetMemberSession("sess-1", kT0 + hours(2)).status().IsNotFound());  // expired
  EXPECT_TRUE(ms().GetMemberSession("nope", kT0).status().IsNotFound());
  ASSERT_TRUE(ms().DeleteMemberSession("sess-1").ok());
  EXPECT_TRUE(ms().GetMemberSession("sess-1", kT0).status().IsNotFound());

  ASSERT_TRUE(ms().CreateMemberSession({"sess-2", id, kT0, kT0 + hours(2)}).ok());
  ASSERT_TRUE(ms().CreateMemberSession({"sess-3", id, kT0, kT0 + hours(2)}).ok());
  ASSERT_TRUE(ms().DeleteMemberSessions(id).ok());
  EXPECT_TRUE(ms().GetMemberSession("sess-2", kT0).status().IsNotFound());
  ASSERT_TRUE(ms().CreateMemberSession({"sess-4", id, kT0, kT0 + hours(2)}).ok());
  ASSERT_TRUE(ms().EraseMember(id, kT0, MemberEvent{}).ok());
  EXPECT_TRUE(ms().GetMemberSession("sess-4", kT0).status().IsNotFound());
  EXPECT_TRUE(ms().CreateMemberSession({"", id, kT0, kT0}).IsInvalidArgument());
  EXPECT_TRUE(ms().CreateMemberSession({"x", 999, kT0, kT0}).IsInvalidArgument());
}

TEST_F(MembersStoreTest, HistoryAndResealing) {
  const int64_t id = Add("ana");
  EXPECT_TRUE(ms().AddMemberEvent(MemberEvent{0, 999, kT0, {}, "viewed", ""}).IsNotFound());
  EXPECT_TRUE(ms().ListMemberEvents(999).status().IsNotFound());
  auto page = ms().ListSealedProfiles(0, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].sealed, "sealed-ana");
  ASSERT_TRUE(ms().ReplaceSealedProfile(id, "sealed-ana", "resealed").ok());
  EXPECT_EQ(ms().GetMember(id)->sealed_profile, "resealed");
  EXPECT_TRUE(ms().ReplaceSealedProfile(id, "sealed-ana", "again").IsConflict());
}

// The list's totals for everyone / a status / a chapter come from counters
// kept by triggers; they must agree with counting the rows (a filter on the
// type, which every member here shares, takes the counting path) after
// every kind of change: join, status change, move, erasure, a chapter deleted.
TEST_F(MembersStoreTest, KeptCountsAgreeWithCountingRows) {
  const int64_t north = AddChapter("north");
  const int64_t south = AddChapter("south");
  auto check = [&](const char* when) {
    std::vector<MemberFilter> filters(1);
    for (MemberStatus st : {MemberStatus::kPending, MemberStatus::kActive, MemberStatus::kLapsed,
                            MemberStatus::kErased}) {
      MemberFilter f;
      f.status = st;
      filters.push_back(f);
    }
    const size_t n = filters.size();
    for (size_t i = 0; i < n; ++i) {
      for (int which = 0; which < 3; ++which) {
        MemberFilter f = filters[i];
        if (which == 0) f.chapter_id = north;
        if (which == 1) f.chapter_id = south;
        if (which == 2) f.no_chapter = true;
        filters.push_back(f);
      }
    }
    for (const MemberFilter& f : filters) {
      MemberFilter rows = f;
      rows.membership_type = "regular";
      auto kept = ms().CountMembers(f);
      auto counted = ms().CountMembers(rows);
      ASSERT_TRUE(kept.ok() && counted.ok()) << when;
      EXPECT_EQ(*kept, *counted) << when << " status=" << (f.status ? MemberStatusName(*f.status) : "live")
                                 << " chapter=" << f.chapter_id.value_or(0) << " none=" << f.no_chapter;
    }
  };
  const int64_t a = Add("a", kT0, MemberStatus::kActive, north);
  Add("b", kT0, MemberStatus::kPending, north);
  const int64_t c = Add("c", kT0, MemberStatus::kActive, south);
  const int64_t d = Add("d", kT0, MemberStatus::kActive);
  check("after joins");
  EXPECT_EQ(ms().CountMembers({}).value(), 4);

  Member m = *ms().GetMember(a);
  m.status = MemberStatus::kLapsed;
  m.chapter_id = south;
  ASSERT_TRUE(ms().UpdateMember(m, kT0 + hours(1), MemberEvent{}).ok());
  m = *ms().GetMember(d);
  m.chapter_id = north;
  ASSERT_TRUE(ms().UpdateMember(m, kT0 + hours(1), MemberEvent{}).ok());
  check("after status changes and moves");

  ASSERT_TRUE(ms().EraseMember(c, kT0 + hours(2), MemberEvent{}).ok());
  check("after an erasure");
  EXPECT_EQ(ms().CountMembers({}).value(), 3);

  ASSERT_TRUE(ms().DeleteChapter(north).ok());
  check("after a chapter was deleted");
  MemberFilter none;
  none.no_chapter = true;
  EXPECT_EQ(ms().CountMembers(none).value(), 2);  // b and d lost their chapter
}

}  // namespace
}  // namespace store
