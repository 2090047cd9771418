// Contract tests for the settings store on SQLite (real database in a temp dir).

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::seconds;

const Time kT0 = Time(seconds(1'700'000'000));

class SettingsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  SettingsStore& settings() { return store_->settings(); }

  test_support::TempDir dir_{"bs-settings-store"};
  std::unique_ptr<Store> store_;
};

TEST_F(SettingsStoreTest, NothingStoredAtFirst) {
  auto got = settings().GetSiteSettings();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(got->has_value());
}

TEST_F(SettingsStoreTest, FirstWriteIsVersionOneAndRoundTrips) {
  auto v = settings().PutSiteSettings(R"({"name":"Ñandú"})", 0, kT0, "ana@example.org");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, 1);
  auto got = settings().GetSiteSettings();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->json, R"({"name":"Ñandú"})");
  EXPECT_EQ((*got)->version, 1);
  EXPECT_EQ((*got)->updated_at, kT0);
  EXPECT_EQ((*got)->updated_by, "ana@example.org");
}

TEST_F(SettingsStoreTest, EachWriteBumpsTheVersion) {
  ASSERT_TRUE(settings().PutSiteSettings("{}", 0, kT0, "a").ok());
  auto v2 = settings().PutSiteSettings(R"({"a":1})", 1, kT0 + seconds(5), "b");
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(*v2, 2);
  auto v3 = settings().PutSiteSettings(R"({"a":2})", 2, kT0 + seconds(9), "c");
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  EXPECT_EQ(*v3, 3);
  auto got = settings().GetSiteSettings();
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->json, R"({"a":2})");
  EXPECT_EQ((*got)->version, 3);
  EXPECT_EQ((*got)->updated_at, kT0 + seconds(9));
  EXPECT_EQ((*got)->updated_by, "c");
}

TEST_F(SettingsStoreTest, StaleVersionIsConflictAndChangesNothing) {
  ASSERT_TRUE(settings().PutSiteSettings(R"({"a":1})", 0, kT0, "a").ok());
  ASSERT_TRUE(settings().PutSiteSettings(R"({"a":2})", 1, kT0, "b").ok());
  // Someone who loaded version 1 saves late.
  EXPECT_TRUE(settings().PutSiteSettings(R"({"a":3})", 1, kT0, "c").status().IsConflict());
  // A version from the future is just as stale.
  EXPECT_TRUE(settings().PutSiteSettings(R"({"a":3})", 7, kT0, "c").status().IsConflict());
  auto got = settings().GetSiteSettings();
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->json, R"({"a":2})");
  EXPECT_EQ((*got)->version, 2);
}

TEST_F(SettingsStoreTest, SecondFirstWriteIsConflict) {
  ASSERT_TRUE(settings().PutSiteSettings(R"({"a":1})", 0, kT0, "a").ok());
  EXPECT_TRUE(settings().PutSiteSettings(R"({"a":9})", 0, kT0, "b").status().IsConflict());
  auto got = settings().GetSiteSettings();
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->json, R"({"a":1})");
}

TEST_F(SettingsStoreTest, UpdateBeforeAnyWriteIsConflict) {
  EXPECT_TRUE(settings().PutSiteSettings("{}", 1, kT0, "a").status().IsConflict());
  auto got = settings().GetSiteSettings();
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TEST_F(SettingsStoreTest, BadInputIsInvalidArgument) {
  EXPECT_EQ(settings().PutSiteSettings("", 0, kT0, "a").status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(settings().PutSiteSettings("{}", -1, kT0, "a").status().code(),
            base::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace store
