#include "crypto/keyring.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/temp_dir.h"

namespace crypto {
namespace {

namespace fs = std::filesystem;

FieldKey NewKey() {
  base::Result<FieldKey> key = FieldKey::Generate();
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

class KeyringTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return dir_.File(name); }
  // A new key file at `name`; returns its id.
  std::string NewKeyFile(const std::string& name) {
    EXPECT_TRUE(FieldKey::WriteNewKeyFile(Path(name)).ok());
    base::Result<FieldKey> k = FieldKey::FromFile(Path(name));
    EXPECT_TRUE(k.ok()) << k.status().ToString();
    return k.ok() ? k->id() : "";
  }
  // What `keys rotate` does to the files: link the current key to its
  // retired name, then rename a new key over field.key.
  std::string RotateFiles() {
    base::Result<std::unique_ptr<Keyring>> ring = Keyring::Load(dir_.path());
    EXPECT_TRUE(ring.ok());
    const std::string old_id = (*ring)->CurrentId();
    EXPECT_EQ(::link(Path("field.key").c_str(), Path("field.old-" + old_id + ".key").c_str()), 0);
    const std::string new_id = NewKeyFile("field.next");
    EXPECT_EQ(::rename(Path("field.next").c_str(), Path("field.key").c_str()), 0);
    return new_id;
  }

  test_support::TempDir dir_{"bs-keyring"};
};

TEST_F(KeyringTest, FixedRingSealsWithCurrentAndOpensWithAny) {
  FieldKey old_key = NewKey();
  base::Result<std::string> old_value = Seal(old_key, "old", "ad");
  ASSERT_TRUE(old_value.ok());
  const std::string old_id = old_key.id();
  FieldKey current = NewKey();
  const std::string current_id = current.id();
  std::vector<FieldKey> retired;
  retired.push_back(std::move(old_key));
  std::unique_ptr<Keyring> ring = Keyring::Of(std::move(current), std::move(retired));

  EXPECT_EQ(ring->CurrentId(), current_id);
  EXPECT_EQ(ring->Ids(), (std::vector<std::string>{current_id, old_id}));
  base::Result<std::string> fresh = ring->Seal("new", "ad");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(SealedKeyId(*fresh), current_id);
  EXPECT_TRUE(ring->IsCurrent(*fresh));
  EXPECT_FALSE(ring->IsCurrent(*old_value));
  EXPECT_EQ(ring->Open(*fresh, "ad").value(), "new");
  EXPECT_EQ(ring->Open(*old_value, "ad").value(), "old");
  // Legacy (unprefixed) values are tried with every key.
  EXPECT_EQ(ring->Open(old_value->substr(old_id.size() + 2), "ad").value(), "old");
  EXPECT_TRUE(ring->Open(*old_value, "other ad").status().IsInvalidArgument());
  EXPECT_TRUE(ring->Open("garbage", "ad").status().IsInvalidArgument());
  // A key the ring does not hold.
  FieldKey stranger = NewKey();
  base::Result<std::string> foreign = Seal(stranger, "x", "ad");
  ASSERT_TRUE(foreign.ok());
  base::Result<std::string> opened = ring->Open(*foreign, "ad");
  EXPECT_TRUE(opened.status().IsNotFound());
  EXPECT_NE(opened.status().message().find(stranger.id()), std::string::npos);
}

TEST_F(KeyringTest, LoadsCurrentAndRetiredFiles) {
  const std::string old_id = NewKeyFile("field.key");
  const std::string new_id = RotateFiles();
  base::Result<std::unique_ptr<Keyring>> ring = Keyring::Load(dir_.path());
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->Ids(), (std::vector<std::string>{new_id, old_id}));
}

TEST_F(KeyringTest, MidRotationTheSameKeyTwiceIsHeldOnce) {
  const std::string id = NewKeyFile("field.key");
  ASSERT_EQ(::link(Path("field.key").c_str(), Path("field.old-" + id + ".key").c_str()), 0);
  base::Result<std::unique_ptr<Keyring>> ring = Keyring::Load(dir_.path());
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->Ids(), std::vector<std::string>{id});
}

TEST_F(KeyringTest, BadFilesAreClearErrors) {
  EXPECT_TRUE(Keyring::Load(dir_.path()).status().IsNotFound());  // no field.key
  NewKeyFile("field.key");
  NewKeyFile("field.old-00000000.key");  // a name that lies about its key
  base::Result<std::unique_ptr<Keyring>> ring = Keyring::Load(dir_.path());
  ASSERT_TRUE(ring.status().IsInvalidArgument());
  EXPECT_NE(ring.status().message().find("field.old-00000000.key"), std::string::npos);
  fs::remove(Path("field.old-00000000.key"));
  const std::string id = NewKeyFile("field.old-x.key");
  fs::rename(Path("field.old-x.key"), Path("field.old-" + id + ".key"));
  ::chmod(Path("field.old-" + id + ".key").c_str(), 0644);
  EXPECT_EQ(Keyring::Load(dir_.path()).status().code(), base::StatusCode::kPermissionDenied);
}

TEST_F(KeyringTest, RunningRingPicksUpARotationOnAnUnknownId) {
  NewKeyFile("field.key");
  base::Result<std::unique_ptr<Keyring>> before = Keyring::Load(dir_.path());
  ASSERT_TRUE(before.ok());
  base::Result<std::string> old_value = (*before)->Seal("old", "ad");
  ASSERT_TRUE(old_value.ok());

  // Another process rotates and seals with the new key.
  const std::string new_id = RotateFiles();
  base::Result<std::unique_ptr<Keyring>> other = Keyring::Load(dir_.path());
  ASSERT_TRUE(other.ok());
  base::Result<std::string> new_value = (*other)->Seal("new", "ad");
  ASSERT_TRUE(new_value.ok());
  EXPECT_EQ(SealedKeyId(*new_value), new_id);

  // The running ring opens both, and seals with the new key from then on.
  EXPECT_EQ((*before)->Open(*new_value, "ad").value(), "new");
  EXPECT_EQ((*before)->Open(*old_value, "ad").value(), "old");
  EXPECT_EQ((*before)->CurrentId(), new_id);
}

TEST_F(KeyringTest, RunningRingSealsWithTheNewKeyAfterARotation) {
  NewKeyFile("field.key");
  base::Result<std::unique_ptr<Keyring>> ring =
      Keyring::Load(dir_.path(), std::chrono::milliseconds(0));
  ASSERT_TRUE(ring.ok());
  const std::string old_id = (*ring)->CurrentId();
  EXPECT_EQ(SealedKeyId((*ring)->Seal("a", "ad").value()), old_id);
  const std::string new_id = RotateFiles();
  base::Result<std::string> after = (*ring)->Seal("b", "ad");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(SealedKeyId(*after), new_id);
  EXPECT_EQ((*ring)->Ids(), (std::vector<std::string>{new_id, old_id}));
}

TEST_F(KeyringTest, ExplicitReloadAndFixedRings) {
  NewKeyFile("field.key");
  base::Result<std::unique_ptr<Keyring>> ring = Keyring::Load(dir_.path());
  ASSERT_TRUE(ring.ok());
  const std::string new_id = RotateFiles();
  ASSERT_TRUE((*ring)->Reload().ok());
  EXPECT_EQ((*ring)->CurrentId(), new_id);
  // A broken directory leaves the ring as it was.
  fs::remove(Path("field.key"));
  EXPECT_TRUE((*ring)->Reload().IsNotFound());
  EXPECT_EQ((*ring)->CurrentId(), new_id);
  EXPECT_TRUE((*ring)->Seal("still", "ad").ok());
  // A fixed ring never looks at files.
  std::unique_ptr<Keyring> fixed = Keyring::Of(NewKey());
  EXPECT_TRUE(fixed->Reload().ok());
}

TEST_F(KeyringTest, CurrentKeyFromTheEnvironment) {
  const std::string text = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  base::Result<FieldKey> key = FieldKey::FromBase64(text);
  ASSERT_TRUE(key.ok());
  // No directory at all: fine, there is just no retired key.
  base::Result<std::unique_ptr<Keyring>> ring =
      Keyring::LoadWithKey(Path("no-such-dir"), text);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->CurrentId(), key->id());
  base::Result<std::unique_ptr<Keyring>> bad = Keyring::LoadWithKey(dir_.path(), "c2VjcmV0");
  ASSERT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_EQ(bad.status().message().find("c2VjcmV0"), std::string::npos);
}

}  // namespace
}  // namespace crypto
