#include "crypto/reseal.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace crypto {
namespace {

FieldKey NewKey() {
  base::Result<FieldKey> key = FieldKey::Generate();
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

// A column held in a map, with the associated data "row:<id>".
struct FakeColumn {
  std::map<int64_t, std::string> rows;
  std::function<void(int64_t)> before_replace;  // lets a test change a row "meanwhile"

  ResealColumn Column() {
    ResealColumn c;
    c.name = "test column";
    c.list = [this](int64_t after, int limit) {
      std::vector<SealedRow> out;
      for (auto it = rows.upper_bound(after); it != rows.end() && out.size() < size_t(limit); ++it)
        out.push_back({it->first, it->second});
      return base::Result<std::vector<SealedRow>>(out);
    };
    c.associated_data = [](const SealedRow& r) {
      return base::Result<std::string>("row:" + std::to_string(r.id));
    };
    c.replace = [this](int64_t id, const std::string& expected, const std::string& resealed) {
      if (before_replace) before_replace(id);
      auto it = rows.find(id);
      if (it == rows.end()) return base::Status::NotFound("row");
      if (it->second != expected) return base::Status::Conflict("changed");
      it->second = resealed;
      return base::Status::Ok();
    };
    return c;
  }
};

TEST(ResealTest, MovesEveryReadableValueToTheCurrentKeyAndReportsTheRest) {
  FieldKey old_key = NewKey();
  FieldKey lost_key = NewKey();
  FakeColumn col;
  for (int64_t id = 1; id <= 7; ++id) {
    col.rows[id] = Seal(old_key, "value " + std::to_string(id), "row:" + std::to_string(id)).value();
  }
  col.rows[8] = Seal(lost_key, "lost", "row:8").value();
  col.rows[9] = Seal(old_key, "wrong ad", "row:1").value();  // copied from elsewhere
  std::vector<FieldKey> retired;
  retired.push_back(std::move(old_key));
  std::unique_ptr<Keyring> ring = Keyring::Of(NewKey(), std::move(retired));
  col.rows[10] = ring->Seal("already new", "row:10").value();
  // Row 3 is rewritten by someone else between the read and the replace.
  col.before_replace = [&](int64_t id) {
    if (id == 3) col.rows[3] = ring->Seal("edited", "row:3").value();
  };

  base::Result<ResealReport> r = Reseal(*ring, col.Column(), /*page_size=*/3);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->name, "test column");
  EXPECT_EQ(r->resealed, 6);
  EXPECT_EQ(r->changed, 1);
  EXPECT_EQ(r->already_current, 1);
  EXPECT_EQ(r->unreadable, (std::vector<int64_t>{8, 9}));
  for (int64_t id : {1, 2, 4, 5, 6, 7}) {
    EXPECT_TRUE(ring->IsCurrent(col.rows[id])) << id;
    EXPECT_EQ(ring->Open(col.rows[id], "row:" + std::to_string(id)).value(),
              "value " + std::to_string(id));
  }
  EXPECT_EQ(ring->Open(col.rows[3], "row:3").value(), "edited");

  // A second run finds nothing left to do.
  col.before_replace = nullptr;
  r = Reseal(*ring, col.Column());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->resealed, 0);
  EXPECT_EQ(r->already_current, 8);
  EXPECT_EQ(r->unreadable.size(), 2u);
}

TEST(ResealTest, StoreErrorsStopTheWalkWithContext) {
  std::unique_ptr<Keyring> ring = Keyring::Of(NewKey());
  FakeColumn col;
  ResealColumn c = col.Column();
  c.list = [](int64_t, int) {
    return base::Result<std::vector<SealedRow>>(base::Status::Internal("disk on fire"));
  };
  base::Result<ResealReport> r = Reseal(*ring, c);
  ASSERT_EQ(r.status().code(), base::StatusCode::kInternal);
  EXPECT_NE(r.status().message().find("test column"), std::string::npos);
}

}  // namespace
}  // namespace crypto
