// The member list stays secret even if the database files leak: after a
// member joins, confirms, signs in and is searched for, no byte sequence of
// their name, email or phone is in the database, its WAL or shared memory.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "members/members_test_support.h"

namespace members {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every file of the database (db, -wal, -shm) under `dir`, concatenated.
std::string DatabaseBytes(const std::string& dir, size_t* files) {
  std::string all;
  *files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("site.db", 0) != 0) continue;
    all += ReadAll(e.path());
    ++*files;
  }
  return all;
}

TEST(MembersSecrecyTest, NoPersonalDataInTheRawDatabaseFiles) {
  testing::MembersFixture f;
  JoinInput in = f.Form("zacarias.quintanilla@example.org", "Zacarías");
  in.last_name = "Quintanilla-Wojcik";
  in.phone = "+34 699 271 828";
  in.postal_code = "28013";
  in.answers = {};
  ASSERT_TRUE(f.service->Join(in).ok());
  ASSERT_TRUE(f.service->ConfirmJoin(f.LastToken("confirm")).ok());
  ASSERT_TRUE(f.service->RequestSignIn("zacarias.quintanilla@example.org").ok());
  auto session = f.service->SignIn(f.LastToken("sign_in"));
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(f.service->ExportOwnData(*session).ok());
  auto found = f.service->Search({{}, "quintanilla"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->total, 1);  // the data is there, and findable with the keys

  const std::vector<std::string> secrets = {
      "Zacar", "zacar", "ZACAR", "Quintanilla", "quintanilla", "Wojcik", "wojcik",
      "zacarias.quintanilla@example.org", "example.org", "699 271 828", "699271828",
  };
  size_t files = 0;
  // While open: the latest writes are in the WAL.
  std::string bytes = DatabaseBytes(f.dir.path(), &files);
  ASSERT_GE(files, 2u) << "expected the database and its WAL";
  ASSERT_GT(bytes.size(), 4096u);
  for (const std::string& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << s;
  // Nor the session or link tokens themselves (only their hashes are stored).
  EXPECT_EQ(bytes.find(*session), std::string::npos);

  // After a checkpoint and close, in the main file.
  f.service.reset();
  f.store->Close();
  bytes = DatabaseBytes(f.dir.path(), &files);
  ASSERT_GE(files, 1u);
  for (const std::string& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << s;
  // The test would notice clear text: the chapter-free clear columns are there.
  EXPECT_NE(bytes.find("regular"), std::string::npos);
}

}  // namespace
}  // namespace members
