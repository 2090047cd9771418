#include "crypto/common_passwords.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace crypto::internal {
namespace {

// Passwords of 12+ characters that people commonly pick, written for Broadside
// from widely known weak patterns (digit runs, keyboard walks, "password"/
// "qwerty"/"iloveyou"-style words with the usual number and year suffixes,
// sports teams, phrases). Not copied from any breach list or file. Only
// entries of at least kMinPasswordCodePoints characters matter, since shorter
// passwords are refused anyway.
//
// Kept lower-case and sorted (checked at compile time) for binary search.
constexpr auto kCommonPasswords = std::to_array<std::string_view>({
    "!@#$%^&*()_+", "000000000000", "000000000001", "012345678910", "0123456789ab", "098765432109",
    "102030405060", "111111111111", "11111111111111", "112233445566", "121212121212",
    "123123123123", "123321123321", "123412341234", "123456123456", "123456654321", "123456789000",
    "123456789012", "1234567890123", "12345678901234", "1234567890qwerty", "1234567891011",
    "123456abcdef", "123456qwerty", "1234qwerasdf", "1234qwerasdfzxcv", "135792468013",
    "147258369147", "159753159753", "1a2b3c4d5e6f", "1q2w3e4r1234", "1q2w3e4r12345",
    "1q2w3e4r123456", "1q2w3e4r2024", "1q2w3e4r2025", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u",
    "1qaz2wsx1234", "1qaz2wsx12345", "1qaz2wsx123456", "1qaz2wsx2024", "1qaz2wsx2025",
    "1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "222222222222", "246813579246", "321321321321",
    "555555555555", "654321654321", "666666666666", "777777777777", "7777777777777",
    "789456123789", "888888888888", "987654321098", "999999999999", "a1b2c3d4e5f6",
    "a1b2c3d4e5f6g7", "aaaaaa111111", "abc123123456", "abc123abc123", "abcd1234abcd",
    "abcdef123456", "abcdefg12345", "abcdefgh1234", "abcdefghijkl", "abcdefghijklmnop",
    "abcdefghijklmnopqrstuvwxyz", "adminadminadmin", "administrator", "administrator!",
    "administrator1", "administrator123", "administrator1234", "administrator12345",
    "administrator123456", "administrator2024", "administrator2025", "adminpassword",
    "arsenal12345", "arsenal123456", "asdf1234qwer", "asdfasdfasdf", "asdfgh123456",
    "asdfghjkl123", "asdfghjkl1234", "asdfghjkl12345", "asdfghjkl123456", "asdfghjkl2024",
    "asdfghjkl2025", "asdfjkl;asdfjkl;", "barcelona123", "baseball1234", "baseball12345",
    "baseball123456", "baseball2024", "baseball2025", "basketball12", "basketball123",
    "batman123456", "blink1821234", "broadside123", "broadside1234", "broadside12345",
    "broadside123456", "broadside2024", "broadside2025", "changeme1234", "changeme12345",
    "changeme123456", "changeme2024", "changeme2025", "changemenow!", "chelsea12345",
    "chelsea123456", "computer1234", "computer12345", "computer123456", "computer2024",
    "computer2025", "correcthorsebatterystaple", "default12345", "default123456", "dontforgetme",
    "dragon123456", "football1234", "football12345", "football123456", "football2024",
    "football2025", "forgotmypassword", "forgotpassword", "freedom12345", "freedom123456",
    "happybirthday", "harrypotter1", "harrypotter123", "iamthebest123", "ilovemyfamily",
    "iloveyou1234", "iloveyou12345", "iloveyou123456", "iloveyou2024", "iloveyou2025",
    "iloveyouiloveyou", "ironman12345", "jennifer1234", "jennifer12345", "jennifer123456",
    "jennifer2024", "jennifer2025", "juventus1234", "letmein12345", "letmein123456",
    "letmeinletmein", "liverpool123", "liverpool1234", "liverpool12345", "liverpool123456",
    "liverpool2024", "liverpool2025", "lkjhgfdsa123", "loveyou12345", "loveyou123456",
    "manchesterunited", "master123456", "member123456", "michael12345", "michael123456",
    "michaeljordan", "minecraft123", "minecraft1234", "minecraft12345", "minecraft123456",
    "minecraft2024", "minecraft2025", "mnbvcxz12345", "monkey123456", "mypasswordis",
    "mysecretpassword", "nopassword123", "onetwothreefour", "p@ssw0rd1234", "p@ssw0rd12345",
    "p@ssw0rd123456", "p@ssw0rd2024", "p@ssw0rd2025", "p@ssword1234", "p@ssword12345",
    "p@ssword123456", "p@ssword2024", "p@ssword2025", "passw0rd1234", "passw0rd12345",
    "passw0rd123456", "passw0rd2024", "passw0rd2025", "password!@#$", "password1234",
    "password12345", "password123456", "password2024", "password2025", "passwordpass",
    "passwordpassword", "poiuytrewq123", "pokemon12345", "pokemon123456", "princess1234",
    "princess12345", "princess123456", "princess2024", "princess2025", "q1w2e3r4t5y6",
    "qazwsx123456", "qazwsxedcrfv", "qwer1234asdf", "qwerqwerqwer", "qwerty123456",
    "qwerty1234567890", "qwerty654321", "qwertyqwerty", "qwertyuiop123", "qwertyuiop1234",
    "qwertyuiop12345", "qwertyuiop123456", "qwertyuiop2024", "qwertyuiop2025", "qwertyuiop[]",
    "qwertyuiopasdfghjkl", "qwertyuiopasdfghjklzxcvbnm", "realmadrid123", "rootrootroot",
    "secret123456", "secretpassword", "shadow123456", "solidarity123", "solidarity1234",
    "solidarity12345", "solidarity123456", "solidarity2024", "solidarity2025", "solidarityforever",
    "spiderman123", "starwars1234", "starwars12345", "starwars123456", "starwars2024",
    "starwars2025", "sunshine1234", "sunshine12345", "sunshine123456", "sunshine2024",
    "sunshine2025", "superman1234", "superman12345", "superman123456", "superman2024",
    "superman2025", "supersecret123", "supersecretpassword", "testtesttest", "thequickbrownfox",
    "thisismypassword", "trustno11234", "trustno112345", "trustno1123456", "trustno12024",
    "trustno12025", "trustno1trustno1", "unionstrong123", "useruser1234", "welcome12345",
    "welcome123456", "welcometomyworld", "whatever1234", "whatever12345", "whatever123456",
    "whatever2024", "whatever2025", "zaq12wsxcde3", "zxcvbnm12345", "zxcvbnm123456",
    "zxcvzxcvzxcv",
});

constexpr bool AllLowerCaseAndLong() {
  for (std::string_view p : kCommonPasswords) {
    if (p.size() < 12) return false;
    for (char c : p) {
      if (c >= 'A' && c <= 'Z') return false;
    }
  }
  return true;
}

static_assert(std::ranges::is_sorted(kCommonPasswords), "keep kCommonPasswords sorted");
static_assert(std::ranges::adjacent_find(kCommonPasswords) == kCommonPasswords.end(),
              "kCommonPasswords has a duplicate");
static_assert(AllLowerCaseAndLong(), "kCommonPasswords entries must be lower-case, 12+ chars");

}  // namespace

bool IsCommonPassword(std::string_view lowercase_password) {
  return std::ranges::binary_search(kCommonPasswords, lowercase_password);
}

}  // namespace crypto::internal
