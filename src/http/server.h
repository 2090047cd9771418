#pragma once
// The HTTP/1.1 transport: Boost.Beast + Asio with C++20 coroutines.
// One session coroutine per connection; every read and write has a deadline;
// limits are checked before a body is read. Handlers run on a separate bounded
// worker pool so network threads never block on the store or templates.
//
// Thread-safety: Run() blocks the caller until Stop() (or SIGINT/SIGTERM when
// handle_signals). Stop() may be called from any thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/request.h"
#include "http/response.h"

namespace http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;            // 0 = ephemeral; see Server::port()
  int io_threads = 0;              // 0 = one per core
  int worker_threads = 0;          // handler pool; 0 = one per core
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  size_t min_body_rate = 1024;     // bytes/s a body upload must sustain after the first second
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds write_timeout{30};
  size_t max_request_line = 8 * 1024;   // longer -> 414
  size_t max_header_bytes = 16 * 1024;  // larger -> 431
  size_t max_body_bytes = 1024 * 1024;  // larger -> 413, refused before reading
  // POSTs whose target starts with one of these prefixes may carry up to the
  // paired size instead (e.g. {"/admin/media", 21 MiB} for image uploads);
  // everything else keeps max_body_bytes.
  std::vector<std::pair<std::string, size_t>> upload_limits;
  int max_connections = 10000;          // beyond -> accepted, sent 503, closed
  int max_requests_per_connection = 1000;
  std::chrono::seconds shutdown_grace{10};  // in-flight requests get this long
  bool handle_signals = true;
  size_t gzip_min_bytes = 512;
};

using Handler = std::function<Response(const Request&)>;

// One line per finished request.
struct AccessRecord {
  std::string remote, method, target, request_id;
  int status = 0;
  size_t bytes = 0;  // body bytes sent
  std::chrono::microseconds duration{0};
};
using AccessLogger = std::function<void(const AccessRecord&)>;

class Server {
 public:
  // `handler` must be thread-safe; it is called on worker threads. An exception
  // escaping it becomes a 500 (logged via `error_log`), never a crashed thread.
  Server(ServerOptions options, Handler handler, AccessLogger access_log,
         std::function<void(const std::string&)> error_log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. Returns Unavailable with the address on failure.
  base::Status Listen();
  // REQUIRES: Listen() succeeded. The bound port (useful with port 0).
  uint16_t port() const;
  // Serves until Stop() or a signal; then stops accepting, lets in-flight
  // requests finish (bounded by shutdown_grace) and returns.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http
