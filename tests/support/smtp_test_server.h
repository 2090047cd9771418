#pragma once
// A real SMTP server (tests/support/smtp_server.py on Debian's aiosmtpd) run
// as a child process on a loopback port, for tests of mail delivery. Only
// the PID it started is ever signalled. Header-only, POSIX.
//
// The script and interpreter: $BROADSIDE_SOURCE_DIR/tests/support/smtp_server.py
// (set by ctest) or the compile-time BROADSIDE_SOURCE_DIR_DEFAULT, run with
// BROADSIDE_PYTHON (default /usr/bin/python3: it must be the one that has
// the aiosmtpd module).

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace test_support {

// A loopback TCP port nobody listens on right now: bind port 0, read the
// port the kernel chose, close. (Another process could take it before the
// server does; on a test machine that is rare enough.)
inline int PickFreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// True if something accepts TCP connections on 127.0.0.1:port.
inline bool CanConnect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

class SmtpTestServer {
 public:
  struct Options {
    int port = 0;                     // 0 = PickFreePort()
    std::string dir;                  // where messages land (created if missing)
    std::string auth;                 // "user:pass" = require AUTH with these
    std::vector<std::string> reject;  // recipients answered with 550
    std::string tls_dir;              // non-empty = self-signed cert there, STARTTLS required
  };

  explicit SmtpTestServer(Options options) : options_(std::move(options)) {
    if (options_.port == 0) options_.port = PickFreePort();
  }
  ~SmtpTestServer() { Stop(); }
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  int port() const { return options_.port; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(options_.port); }

  // Starts the server and waits (up to 30 s) until it accepts connections.
  // False if it could not start; its output is in <dir>/server.log.
  bool Start() {
    if (pid_ > 0) return true;
    std::filesystem::create_directories(options_.dir);
    const char* src = std::getenv("BROADSIDE_SOURCE_DIR");
#ifdef BROADSIDE_SOURCE_DIR_DEFAULT
    if (src == nullptr) src = BROADSIDE_SOURCE_DIR_DEFAULT;
#endif
    if (src == nullptr) return false;
#ifdef BROADSIDE_PYTHON
    const std::string python = BROADSIDE_PYTHON;
#else
    const std::string python = "/usr/bin/python3";
#endif
    std::vector<std::string> args = {python, std::string(src) + "/tests/support/smtp_server.py",
                                     "--port", std::to_string(options_.port),
                                     "--dir", options_.dir};
    if (!options_.auth.empty()) args.insert(args.end(), {"--auth", options_.auth});
    for (const std::string& r : options_.reject) args.insert(args.end(), {"--reject", r});
    if (!options_.tls_dir.empty()) args.insert(args.end(), {"--tls-selfsigned", options_.tls_dir});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    const std::string log = options_.dir + "/server.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    pid_ = pid;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (CanConnect(options_.port)) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // it died
        pid_ = 0;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    Stop();
    return false;
  }

  // SIGTERM to the PID we started, SIGKILL after 10 s; waits for it.
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = 0;
  }

  struct Received {
    std::string mail_from;
    std::vector<std::string> rcpt_to;
    std::string data;  // the message bytes as received
  };
  // Every message received so far, in arrival order.
  std::vector<Received> Messages() const {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(options_.dir, ec)) {
      if (e.path().extension() == ".eml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Received> out;
    for (const auto& f : files) {
      Received r;
      r.data = Slurp(f);
      std::istringstream env(Slurp(std::filesystem::path(f).replace_extension(".env")));
      std::getline(env, r.mail_from);
      for (std::string line; std::getline(env, line);) r.rcpt_to.push_back(line);
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  static std::string Slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  Options options_;
  pid_t pid_ = 0;
};

}  // namespace test_support
