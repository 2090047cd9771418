#include "app/key_rotation.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "donations/donor_profile.h"
#include "mail/outbox.h"
#include "mailbag/mailbag_service.h"
#include "members/members_service.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace app {
namespace {

namespace fs = std::filesystem;

class KeyRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(Keys());
    ASSERT_TRUE(crypto::FieldKey::WriteNewKeyFile(Keys() + "/field.key").ok());
    ring_ = std::move(crypto::Keyring::Load(Keys())).value();
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    store_ = std::move(store::OpenSqliteStore(o)).value();
    outbox_ = std::make_unique<mail::Outbox>(store_->mail(), *ring_, clock_,
                                             mail::Sender{"news@example.org", "News", ""});
    index_key_ = std::make_unique<crypto::FieldKey>(crypto::FieldKey::Generate().value());
    indexer_ = std::make_unique<members::Indexer>(*index_key_);
    members_ = std::make_unique<members::MembersService>(store_->members(), *ring_, *indexer_,
                                                         clock_, nullptr, members::JoinPolicy{});
  }
  void TearDown() override { store_->Close(); }
  std::string Keys() const { return dir_.File("keys"); }
  std::vector<crypto::ResealColumn> Columns() {
    return {mail::OutboxResealColumn(store_->mail()),
            mailbag::AskerEmailResealColumn(store_->mailbag()),
            members::ProfileResealColumn(store_->members())};
  }
  void Join(const std::string& email) {
    members::JoinInput in;
    in.first_name = "Ana";
    in.last_name = "Ruiz";
    in.email = email;
    in.postal_code = "28001";
    in.region = "Madrid";
    in.country = "España";
    in.privacy_consent = true;
    ASSERT_TRUE(members_->Join(in).ok());
  }
  mail::Message Mail(const std::string& to) {
    mail::Message m;
    m.to_address = to;
    m.subject = "Hello";
    m.text = "Body";
    return m;
  }

  test_support::TempDir dir_{"bs-key-rotation"};
  base::FakeClock clock_{base::Time(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<mail::Outbox> outbox_;
  std::unique_ptr<crypto::FieldKey> index_key_;
  std::unique_ptr<members::Indexer> indexer_;
  std::unique_ptr<members::MembersService> members_;
};

TEST_F(KeyRotationTest, EverySealedValueMovesToTheNewKeyAndStillOpens) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(outbox_->Enqueue("test", Mail("a@example.org")).ok());
  Join("ana@example.org");
  Join("ben@example.org");
  const std::string old_id = ring_->CurrentId();

  std::vector<std::string> said;
  auto report = RotateFieldKey(Keys(), *ring_, Columns(), std::chrono::milliseconds(0),
                               [&](const std::string& s) { said.push_back(s); });
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->old_id, old_id);
  EXPECT_NE(report->new_id, old_id);
  EXPECT_EQ(ring_->CurrentId(), report->new_id);
  ASSERT_EQ(report->columns.size(), 3u);
  EXPECT_EQ(report->columns[0].resealed, 3);
  EXPECT_EQ(report->columns[1].resealed, 0);  // no Mailbag addresses here
  EXPECT_EQ(report->columns[2].resealed, 2);
  for (const auto& c : report->columns) EXPECT_TRUE(c.unreadable.empty()) << c.name;
  EXPECT_FALSE(said.empty());

  // Every stored value names the new key...
  auto envelopes = store_->mail().ListSealedEnvelopes(0, 100);
  ASSERT_TRUE(envelopes.ok());
  EXPECT_EQ(envelopes->size(), 3u);
  for (const auto& v : *envelopes) EXPECT_EQ(crypto::SealedKeyId(v.sealed), report->new_id);
  auto profiles = store_->members().ListSealedProfiles(0, 100);
  ASSERT_TRUE(profiles.ok());
  EXPECT_EQ(profiles->size(), 2u);
  for (const auto& v : *profiles) EXPECT_EQ(crypto::SealedKeyId(v.sealed), report->new_id);
  // ...and opens: the members list reads, the outbox lists addresses.
  auto list = members_->Search({});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->total, 2);
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  for (const auto& v : *views) EXPECT_EQ(v.to_address, "a@example.org");

  // The old key is kept for old backups, mode 0600; a fresh ring loads both.
  const std::string retired = Keys() + "/field.old-" + old_id + ".key";
  struct stat st;
  ASSERT_EQ(::stat(retired.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto reloaded = crypto::Keyring::Load(Keys());
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ((*reloaded)->Ids(), (std::vector<std::string>{report->new_id, old_id}));

  // Rotating again works, and re-seals everything once more.
  auto again = RotateFieldKey(Keys(), *ring_, Columns(), std::chrono::milliseconds(0),
                              [](const std::string&) {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->columns[2].resealed, 2);
  EXPECT_EQ(crypto::Keyring::Load(Keys()).value()->Ids().size(), 3u);
}

TEST_F(KeyRotationTest, AnInterruptedRotationCanBeRunAgain) {
  Join("ana@example.org");
  const std::string old_id = ring_->CurrentId();
  // A run that stopped after writing the next key and linking the old one.
  ASSERT_TRUE(crypto::FieldKey::WriteNewKeyFile(Keys() + "/field.next").ok());
  ASSERT_EQ(::link((Keys() + "/field.key").c_str(),
                   (Keys() + "/field.old-" + old_id + ".key").c_str()),
            0);
  auto report = RotateFieldKey(Keys(), *ring_, Columns(), std::chrono::milliseconds(0),
                               [](const std::string&) {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->columns[2].resealed, 1);
  EXPECT_FALSE(fs::exists(Keys() + "/field.next"));
  EXPECT_EQ(members_->Search({}).value().total, 1);
}

TEST_F(KeyRotationTest, ALyingRetiredFileStopsBeforeTheSwitch) {
  const std::string old_id = ring_->CurrentId();
  ASSERT_TRUE(crypto::FieldKey::WriteNewKeyFile(Keys() + "/field.old-" + old_id + ".key").ok());
  auto report = RotateFieldKey(Keys(), *ring_, Columns(), std::chrono::milliseconds(0),
                               [](const std::string&) {});
  EXPECT_TRUE(report.status().IsConflict()) << report.status().ToString();
  EXPECT_EQ(ring_->CurrentId(), old_id);  // nothing switched
}

// Donors' profiles and gifts' extras move to the new key too, bound to the
// same refs, and still open.
TEST_F(KeyRotationTest, DonorProfilesAndGiftExtrasAreResealed) {
  donations::DonorProfile profile;
  profile.name = "Ana Ruiz";
  profile.email = "ana@example.org";
  profile.employer = "Acme";
  donations::GiftExtra extra;
  extra.dedication = "For Ben";
  extra.attested = {"own_funds"};
  store::DonorInput donor{"donor-ref-1", "index-1",
                          donations::SealDonorProfile(*ring_, profile, "donor-ref-1").value()};
  store::Donation gift;
  gift.ref = "gift-ref-1";
  gift.amount_minor = 2500;
  gift.currency = "USD";
  gift.created_at = gift.updated_at = clock_.Now();
  gift.sealed_extra = donations::SealGiftExtra(*ring_, extra, "gift-ref-1").value();
  auto created = store_->donations().CreatePendingDonation(donor, gift, std::nullopt);
  ASSERT_TRUE(created.ok()) << created.status().ToString();

  std::vector<crypto::ResealColumn> columns = {
      donations::DonorProfileResealColumn(store_->donations()),
      donations::GiftExtraResealColumn(store_->donations())};
  auto report = RotateFieldKey(Keys(), *ring_, columns, std::chrono::milliseconds(0),
                               [](const std::string&) {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->columns.size(), 2u);
  EXPECT_EQ(report->columns[0].resealed, 1);
  EXPECT_EQ(report->columns[1].resealed, 1);

  store::Donor d = store_->donations().GetDonor(created->donor_id).value();
  EXPECT_EQ(crypto::SealedKeyId(d.sealed_profile), report->new_id);
  EXPECT_EQ(donations::OpenDonorProfile(*ring_, d.sealed_profile, d.ref).value(), profile);
  store::Donation g = store_->donations().GetDonation(created->donation_id).value();
  EXPECT_EQ(crypto::SealedKeyId(g.sealed_extra), report->new_id);
  EXPECT_EQ(donations::OpenGiftExtra(*ring_, g.sealed_extra, g.ref).value(), extra);
}

}  // namespace
}  // namespace app
