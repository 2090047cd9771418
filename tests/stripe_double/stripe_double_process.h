#pragma once
// Runs the Stripe TEST DOUBLE (tests/stripe_double/stripe_double.py) as a
// child process on a loopback port, for C++ tests of Stripe calls and
// webhooks. Only the PID it started is ever signalled. Header-only, POSIX;
// include as "stripe_double/stripe_double_process.h" (tests/ is on the
// include path of every broadside_test).
//
// The script: STRIPE_DOUBLE_PY (a compile definition set in CMake), or
// $BROADSIDE_SOURCE_DIR/tests/stripe_double/stripe_double.py. The
// interpreter: BROADSIDE_PYTHON if defined, else /usr/bin/python3.

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace test_support {

class StripeDoubleProcess {
 public:
  struct Options {
    std::string secret_key = "sk_test_double";
    std::string webhook_url;                   // empty = events are recorded, not sent
    std::vector<std::string> webhook_secrets;  // each adds a v1 signature
    int webhook_retries = 3;
  };

  explicit StripeDoubleProcess(Options options) : options_(std::move(options)) {}
  ~StripeDoubleProcess() { Stop(); }
  StripeDoubleProcess(const StripeDoubleProcess&) = delete;
  StripeDoubleProcess& operator=(const StripeDoubleProcess&) = delete;

  // Starts it and waits (up to 30 s) for its "PORT=<n>" line. False if it
  // could not start (its stderr goes to ours, so the reason is in the log).
  bool Start() {
    if (pid_ > 0) return true;
    std::string script;
#ifdef STRIPE_DOUBLE_PY
    script = STRIPE_DOUBLE_PY;
#endif
    if (const char* src = std::getenv("BROADSIDE_SOURCE_DIR"); script.empty() && src != nullptr)
      script = std::string(src) + "/tests/stripe_double/stripe_double.py";
    if (script.empty()) return false;
#ifdef BROADSIDE_PYTHON
    std::string python = BROADSIDE_PYTHON;
#else
    std::string python = "/usr/bin/python3";
#endif
    std::vector<std::string> args = {python,
                                     script,
                                     "--port",
                                     "0",
                                     "--secret-key",
                                     options_.secret_key,
                                     "--webhook-retries",
                                     std::to_string(options_.webhook_retries),
                                     "--webhook-retry-delay",
                                     "0.05"};
    if (!options_.webhook_url.empty())
      args.insert(args.end(), {"--webhook-url", options_.webhook_url});
    for (const std::string& s : options_.webhook_secrets)
      args.insert(args.end(), {"--webhook-secret", s});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (rc != 0) {
      ::close(out[0]);
      return false;
    }
    pid_ = pid;
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[64];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;  // it exited
      line.append(buf, static_cast<size_t>(n));
    }
    ::close(out[0]);  // it prints nothing else on stdout
    if (!line.starts_with("PORT=")) {
      Stop();
      return false;
    }
    port_ = std::atoi(line.c_str() + 5);
    return port_ > 0;
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

  int port() const { return port_; }
  // What Broadside's StripeOptions::base_url should be.
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  struct Reply {
    long status = 0;   // 0 = no HTTP answer
    std::string body;  // JSON
  };
  // A call to the double's /_double/ control API (see its README), e.g.
  // Control("POST", "/_double/sessions/cs_test_x/complete"). Waits until the
  // webhooks it causes were delivered.
  Reply Control(const std::string& method, const std::string& path,
                const std::string& json_body = "") const {
    Reply reply;
    CURL* c = curl_easy_init();
    if (c == nullptr) return reply;
    const std::string url = base_url() + path;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    if (method == "POST") {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body.size()));
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Append);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    if (curl_easy_perform(c) == CURLE_OK)
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    return reply;
  }

 private:
  static size_t Append(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  }

  Options options_;
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace test_support
