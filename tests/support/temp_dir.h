#pragma once
// A fresh directory under /tmp for one test, removed with everything in it
// when the object goes out of scope. Shared by every module's tests.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace test_support {

class TempDir {
 public:
  // `prefix` names the test in the directory ("bs-web" -> /tmp/bs-web-XXXXXX).
  // Aborts the test binary if no directory can be made: nothing else would work.
  explicit TempDir(const std::string& prefix) {
    std::string pattern = "/tmp/" + prefix + "-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace test_support
