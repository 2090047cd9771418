// Every admin route against every role, exactly as the matrix in
// accounts/roles.h says, and docs/ROLES.md in step with the route table.

#include <fstream>
#include <sstream>

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"
#include "admin/routes.h"
#include "media/test_images.h"

namespace admin::testing {
namespace {

using accounts::Role;

class AdminRoutesTest : public AdminFixture {
 protected:
  void SetUp() override {
    AdminFixture::SetUp();
    target_user_ = AddUser("target@example.org", accounts::Bit(Role::kAuthor));
    mail::Message m;
    m.to_address = "someone@example.org";
    m.subject = "Hello";
    m.text = "Hello there.";
    auto queued = outbox_->Enqueue("test", m);
    ASSERT_TRUE(queued.ok()) << queued.status().ToString();
    message_id_ = *queued;
    media::testing::ImageRef img = media::testing::Noise(64, 48);
    auto item = media_->Upload(media::testing::Save(img.get(), ".png"), "noise.png", std::nullopt);
    ASSERT_TRUE(item.ok()) << item.status().ToString();
    media_id_ = item->id;
    publishing::BylineInput b;
    b.name = "Fixture Byline";
    auto byline = editorial_->CreateByline(b);
    ASSERT_TRUE(byline.ok()) << byline.status().ToString();
    byline_id_ = *byline;
    publishing::SectionInput s;
    s.name = "Fixture Section";
    auto section = editorial_->CreateSection(s);
    ASSERT_TRUE(section.ok()) << section.status().ToString();
    section_id_ = *section;
    publishing::ArticleEdit tagged;
    tagged.title = "Tagged";
    tagged.tags = {"Fixture tag"};
    ASSERT_TRUE(editorial_->CreateArticle(tagged, std::nullopt).ok());
    auto tags = editorial_->ListTags();
    ASSERT_TRUE(tags.ok() && !tags->empty());
    tag_id_ = tags->front().tag.id;
    auto topic = mailbag_->CreateTopic("Fixture topic", "", 0);
    ASSERT_TRUE(topic.ok()) << topic.status().ToString();
    topic_id_ = topic->id;
    mailbag::AskInput ask;
    ask.question = "What does the fixture question ask?";
    ask.consent = true;
    auto asked = mailbag_->Ask(ask);
    ASSERT_TRUE(asked.ok()) << asked.status().ToString();
    question_id_ = asked->question_id;
    chapter_id_ = AddChapter("Fixture chapter", "fixture-chapter");
    NewMember member;
    member.email = "fixture.member@example.org";
    member.status = store::MemberStatus::kApplicant;
    member_id_ = AddMember(member);
    donations::OfflineGift gift;
    gift.amount = "25";
    gift.received_at = clock_.Now() - std::chrono::hours(24);
    gift.name = "Fixture Donor";
    gift.email = "fixture.donor@example.org";
    gift.address_line1 = "1 Main St";
    gift.city = "Springfield";
    gift.postal_code = "62701";
    gift.country = "US";
    auto donation = donations_->RecordOfflineGift(gift);
    ASSERT_TRUE(donation.ok()) << donation.status().ToString();
    donation_id_ = *donation;
    auto stored = store_->donations().GetDonation(donation_id_);
    ASSERT_TRUE(stored.ok());
    donor_id_ = stored->donor_id;
  }

  // A draft of `kind` created by whoever is signed in now (by nobody when
  // signed out), so an author's request is the one an author may make:
  // opening their own draft. Made again when a delete route removed it.
  std::string OwnDraft(store::ContentKind kind) {
    std::optional<int64_t> user;
    auto it = cookies_.find(std::string(kSessionCookie));
    if (it != cookies_.end()) {
      auto session = accounts_->Authenticate(it->second);
      if (session.ok()) user = session->user.id;
    }
    const auto key = std::make_pair(user.value_or(0), kind);
    auto found = drafts_.find(key);
    if (found != drafts_.end()) {
      auto a = editorial_->GetArticle(found->second);
      if (a.ok() && a->status == store::ArticleStatus::kDraft) return std::to_string(a->id);
    }
    publishing::ArticleEdit e;
    e.kind = kind;
    e.title = "Fixture draft";
    auto id = editorial_->CreateArticle(e, user);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    drafts_[key] = id.ok() ? *id : 0;
    return std::to_string(drafts_[key]);
  }

  // The route's pattern with every {placeholder} filled with something that
  // exists. A route with a placeholder this test does not know fails, so
  // whoever adds it decides what a real request looks like.
  std::string Concrete(const AdminRoute& route) {
    std::string path = route.pattern;
    const std::map<std::string, std::string> fill = {
        {"/admin/users/{id}", std::to_string(target_user_)},
        {"/admin/assets/{file}", "admin.css"},
        {"/admin/outbox/{id}", std::to_string(message_id_)},
        {"/admin/media/{id}", std::to_string(media_id_)},
        {"/admin/articles/{id}", OwnDraft(store::ContentKind::kArticle)},
        {"/admin/pages/{id}", OwnDraft(store::ContentKind::kPage)},
        {"/admin/bylines/{id}", std::to_string(byline_id_)},
        {"/admin/sections/{id}", std::to_string(section_id_)},
        {"/admin/tags/{id}", std::to_string(tag_id_)},
        {"/admin/mailbag/{id}", std::to_string(question_id_)},
        {"/admin/mailbag-topics/{id}", std::to_string(topic_id_)},
        {"/admin/members/{id}", std::to_string(member_id_)},
        {"/admin/chapters/{id}", std::to_string(chapter_id_)},
        {"/admin/donations/{id}", std::to_string(donation_id_)},
        {"/admin/donors/{id}", std::to_string(donor_id_)},
    };
    for (const auto& [prefix, value] : fill) {
      const std::string head = prefix.substr(0, prefix.find('{'));
      const std::string placeholder = prefix.substr(prefix.find('{'));
      if (path.rfind(head, 0) == 0) {
        const size_t at = path.find(placeholder);
        if (at != std::string::npos) path.replace(at, placeholder.size(), value);
      }
    }
    EXPECT_EQ(path.find('{'), std::string::npos)
        << route.pattern << ": add a fixture value for its placeholder to this test";
    return path;
  }

  TestResponse Call(const AdminRoute& route, const std::string& csrf) {
    const std::string path = Concrete(route);
    if (route.method == http::Method::kPost) return Post(path, {{"csrf", csrf}});
    return Get(path);
  }

  int64_t target_user_ = 0;
  int64_t message_id_ = 0;
  int64_t media_id_ = 0;
  int64_t byline_id_ = 0, section_id_ = 0, tag_id_ = 0;
  int64_t question_id_ = 0, topic_id_ = 0;
  int64_t member_id_ = 0, chapter_id_ = 0;
  int64_t donation_id_ = 0, donor_id_ = 0;
  std::map<std::pair<int64_t, store::ContentKind>, int64_t> drafts_;
};

TEST_F(AdminRoutesTest, EveryRouteAnswersEveryRoleAsTheMatrixSays) {
  int n = 0;
  for (Role role : accounts::kAllRoles) {
    const std::string email = std::string(accounts::RoleName(role)) + "@example.org";
    const int64_t uid = AddUser(email, accounts::Bit(role));
    if (role == Role::kChapterLeader) {
      // A leader without a chapter is refused the member list on purpose
      // (admin_members_test); give this one the fixture's chapter.
      store::User u = *store_->accounts().GetUser(uid);
      u.chapter_id = chapter_id_;
      ASSERT_TRUE(store_->accounts().UpdateUser(u).ok());
    }
    for (const AdminRoute& route : AdminRoutes()) {
      if (!route.permission) continue;
      // A fresh session per request: some routes end sessions.
      const std::string csrf = SignIn(email);
      ASSERT_FALSE(csrf.empty());
      TestResponse r = Call(route, csrf);
      const bool allowed = accounts::Allows(accounts::Bit(role), *route.permission);
      SCOPED_TRACE(std::string(accounts::RoleName(role)) + " " +
                   (route.method == http::Method::kPost ? "POST " : "GET ") + route.pattern);
      if (allowed) {
        EXPECT_NE(r.status, 403) << r.body;
        EXPECT_LT(r.status, 500) << r.body;
      } else {
        EXPECT_EQ(r.status, 403);
      }
      ++n;
    }
  }
  EXPECT_GT(n, 0);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
}

TEST_F(AdminRoutesTest, SignedOutVisitorsAreSentToSignInOnEveryProtectedRoute) {
  for (const AdminRoute& route : AdminRoutes()) {
    ClearCookies();
    TestResponse r = Call(route, "");
    SCOPED_TRACE(route.pattern);
    if (route.permission) {
      EXPECT_EQ(r.status, 303);
      EXPECT_EQ(r.location.rfind("/admin/login?next=", 0), 0u) << r.location;
    } else if (route.method == http::Method::kGet) {
      EXPECT_NE(r.status, 303);
      EXPECT_LT(r.status, 500);
    }
  }
}

TEST_F(AdminRoutesTest, PostsWithoutTheRightCsrfTokenAreRefusedAndChangeNothing) {
  AddUser("admin@example.org", accounts::Bit(Role::kAdmin));
  int other_ip = 0;
  for (const AdminRoute& route : AdminRoutes()) {
    if (route.method != http::Method::kPost) continue;
    SCOPED_TRACE(route.pattern);
    const std::string csrf = SignIn("admin@example.org");
    auto before = accounts_->CountAudit({});
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(Call(route, "").status, 403);
    EXPECT_EQ(Call(route, "x" + csrf.substr(1)).status, 403);
    // Another session's token does not work here either.
    const std::string mine = cookies_[std::string(kSessionCookie)];
    auto other = accounts_->Login("admin@example.org", "correct horse battery staple",
                                  "192.0.3." + std::to_string(++other_ip), "t", nullptr);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(Call(route, accounts::AccountsService::CsrfTokenFor(other->session_token)).status,
              403);
    auto after = accounts_->CountAudit({});
    ASSERT_TRUE(after.ok());
    // Only the extra sign-in above was audited: the refused posts did nothing.
    EXPECT_EQ(*after, *before + 1);
    EXPECT_EQ(cookies_[std::string(kSessionCookie)], mine);
  }
}

TEST_F(AdminRoutesTest, RolesDocListsEveryRouteWithItsPermission) {
  std::ifstream in(std::string(BROADSIDE_SOURCE_DIR) + "/docs/ROLES.md");
  ASSERT_TRUE(in) << "docs/ROLES.md is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<std::string> lines;
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  for (const AdminRoute& route : AdminRoutes()) {
    const std::string key = std::string("`") +
                            (route.method == http::Method::kPost ? "POST " : "GET ") +
                            route.pattern + "`";
    const std::string permission =
        route.permission ? "`" + std::string(accounts::PermissionName(*route.permission)) + "`"
                         : "public";
    bool found = false;
    for (const std::string& line : lines) {
      if (line.find(key) == std::string::npos) continue;
      found = true;
      EXPECT_NE(line.find(permission), std::string::npos)
          << "docs/ROLES.md: " << key << " should say " << permission;
    }
    EXPECT_TRUE(found) << "docs/ROLES.md does not list " << key;
  }
  // And the matrix itself: one row per permission naming exactly its roles.
  for (accounts::Permission p : accounts::kAllPermissions) {
    const std::string key = "| `" + std::string(accounts::PermissionName(p)) + "` |";
    bool found = false;
    for (const std::string& line : lines) {
      if (line.rfind(key, 0) != 0) continue;
      found = true;
      for (Role r : accounts::kAllRoles) {
        // Cells after the permission, in kAllRoles order: "yes" or "".
        std::vector<std::string> cells;
        std::stringstream row(line);
        for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
        // cells: "", " `perm` ", then one per role.
        const size_t index = 2 + static_cast<size_t>(r);
        ASSERT_LT(index, cells.size()) << line;
        const bool says_yes = cells[index].find("yes") != std::string::npos;
        EXPECT_EQ(says_yes, accounts::Allows(accounts::Bit(r), p))
            << "docs/ROLES.md row " << key << " role " << accounts::RoleName(r);
      }
    }
    EXPECT_TRUE(found) << "docs/ROLES.md has no matrix row for " << key;
  }
}

}  // namespace
}  // namespace admin::testing
