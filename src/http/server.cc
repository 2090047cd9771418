#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

// The only translation unit that includes Beast and Asio (compile time).
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "base/clock.h"
#include "base/time_format.h"
#include "http/prepare.h"

namespace http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

// After an error response the peer may still be sending (a refused body, a
// pipelined request). Closing with unread data makes the kernel send RST, which
// can destroy our response in flight, so we half-close and drain for a bounded
// time and amount first.
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr size_t kLingerBytes = 256 * 1024;
constexpr size_t kReadChunk = 4096;

const auto kAwaitable = asio::use_awaitable;
inline auto WithEc(beast::error_code& ec) { return asio::redirect_error(kAwaitable, ec); }

int ThreadCount(int configured) {
  if (configured > 0) return configured;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Method MethodOf(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    default:
      return Method::kOther;
  }
}

// False as soon as the bytes cannot be the start of "METHOD SP ...": the
// method is a token of at most 20 letters, digits, '-' or '_'.
bool LooksLikeRequestLine(std::string_view text) {
  constexpr size_t kMaxMethod = 20;
  for (size_t i = 0; i < text.size() && i <= kMaxMethod; ++i) {
    const char c = text[i];
    if (c == ' ') return i > 0;
    const bool token = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                       (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!token) return false;
  }
  return text.size() <= kMaxMethod;
}

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

// One accepted connection. Everything but `idle` reads is confined to the
// stream's strand.
struct Session {
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {
    beast::error_code ec;
    const tcp::endpoint peer = stream.socket().remote_endpoint(ec);
    if (!ec) remote = peer.address().to_string();
  }
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::string remote;
  uint64_t id = 0;
  // True while waiting for the first byte of a request (or lingering): such
  // a connection is closed at once by Stop().
  bool idle = false;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, Handler h, AccessLogger a, std::function<void(const std::string&)> e)
      : opt(std::move(o)),
        handler(std::move(h)),
        access_log(std::move(a)),
        error_log(std::move(e)),
        id_prefix(RandomPrefix()),
        ioc(ThreadCount(opt.io_threads)),
        control(asio::make_strand(ioc)),
        acceptor(control),
        signals(control),
        grace_timer(control),
        pool(static_cast<size_t>(ThreadCount(opt.worker_threads))) {
    largest_body_limit_ = opt.max_body_bytes;
    for (const auto& entry : opt.upload_limits)
      largest_body_limit_ = std::max(largest_body_limit_, entry.second);
  }

  ~Impl() {
    // Handlers may still reference sessions' requests: let them finish before
    // the io_context (and with it every suspended session) is destroyed.
    pool.join();
  }

  static std::string RandomPrefix() {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    return buf;
  }

  std::string NextRequestId() {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s-%06" PRIx64, id_prefix.c_str(),
                  next_request_id.fetch_add(1, std::memory_order_relaxed) + 1);
    return buf;
  }

  void LogError(const std::string& message) {
    if (!error_log) return;
    try {
      error_log(message);
    } catch (...) {  // a logger must never take an io thread down
    }
  }

  void LogAccess(const AccessRecord& record) {
    if (!access_log) return;
    try {
      access_log(record);
    } catch (...) {
    }
  }

  // --- connections
  asio::awaitable<void> AcceptLoop();
  void Reject(tcp::socket socket);
  asio::awaitable<void> RunRejection(std::shared_ptr<Session> s);
  asio::awaitable<void> RunSession(std::shared_ptr<Session> s);
  asio::awaitable<void> ServeConnection(Session& s);
  // Reads, handles and answers one request; false when the connection is done.
  asio::awaitable<bool> ServeRequest(Session& s, int served);
  asio::awaitable<int> BufferHeader(Session& s);
  asio::awaitable<Response> CallHandler(const Request& request);
  asio::awaitable<bool> Write(Session& s, AccessRecord& record, Response response,
                              const PrepareContext& ctx, bool keep_alive, unsigned version,
                              SteadyClock::time_point start);
  asio::awaitable<void> SendErrorAndClose(Session& s, AccessRecord& record, int status,
                                          SteadyClock::time_point start);
  asio::awaitable<void> LingeringClose(Session& s);

  // Status for a failed header read, or 0 to close silently.
  int HeaderErrorStatus(const beast::error_code& ec, const beast::flat_buffer& buffer) const;
  // Status for a header that parsed but breaks our rules, or 0.
  int ValidateHeader(const bhttp::request_parser<bhttp::string_body>& parser) const;
  // The body limit for this request: max_body_bytes or an upload_limits entry.
  size_t BodyLimit(const bhttp::request<bhttp::string_body>& req) const;
  size_t largest_body_limit_ = 0;
  std::chrono::seconds BodyDeadline(boost::optional<uint64_t> content_length) const;

  // --- shutdown
  void BeginShutdown();  // on `control`
  void CloseSessions(bool only_idle);
  void SessionEnded();

  const ServerOptions opt;
  const Handler handler;
  const AccessLogger access_log;
  const std::function<void(const std::string&)> error_log;
  const std::string id_prefix;
  base::SystemClock clock;  // only for the Date header

  std::atomic<uint64_t> next_request_id{0};
  std::atomic<bool> stopping{false};
  std::atomic<int> active{0};     // sessions being served
  std::atomic<int> rejecting{0};  // connections being sent a 503

  std::mutex mu;
  uint64_t next_session_id = 0;                                   // GUARDED_BY(mu)
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions;  // GUARDED_BY(mu)

  // Declared after the fields sessions touch on destruction, so that the
  // io_context (which destroys suspended sessions) goes first.
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control;  // acceptor, signals, grace
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer grace_timer;
  asio::thread_pool pool;  // handlers; destroyed (joined) first
};

// ---------------------------------------------------------------- accepting

asio::awaitable<void> Server::Impl::AcceptLoop() {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(ioc), WithEc(ec));
    if (stopping.load() || !acceptor.is_open()) co_return;
    if (ec) {
      LogError("http: accept failed: " + ec.message());
      // Out of descriptors and the like: back off instead of spinning.
      asio::steady_timer pause(control, std::chrono::milliseconds(50));
      co_await pause.async_wait(WithEc(ec));
      continue;
    }
    if (active.load() >= opt.max_connections) {
      Reject(std::move(socket));
      continue;
    }
    active.fetch_add(1);
    auto session = std::make_shared<Session>(std::move(socket));
    {
      std::lock_guard lock(mu);
      session->id = ++next_session_id;
      sessions.emplace(session->id, session);
    }
    auto executor = session->stream.get_executor();
    asio::co_spawn(executor, RunSession(std::move(session)), [this](std::exception_ptr e) {
      if (e) LogError("http: session ended with an exception");
    });
  }
}

void Server::Impl::Reject(tcp::socket socket) {
  // Rejections are cheap but not free; past a bound, just drop the socket.
  if (rejecting.fetch_add(1) >= std::max(64, opt.max_connections)) {
    rejecting.fetch_sub(1);
    beast::error_code ec;
    socket.close(ec);
    return;
  }
  auto session = std::make_shared<Session>(std::move(socket));
  auto executor = session->stream.get_executor();
  asio::co_spawn(executor, RunRejection(std::move(session)), [this](std::exception_ptr e) {
    rejecting.fetch_sub(1);
    if (e) LogError("http: rejection ended with an exception");
  });
}

asio::awaitable<void> Server::Impl::RunRejection(std::shared_ptr<Session> s) {
  AccessRecord record;
  record.remote = s->remote;
  record.request_id = NextRequestId();
  co_await SendErrorAndClose(*s, record, 503, SteadyClock::now());
}

asio::awaitable<void> Server::Impl::RunSession(std::shared_ptr<Session> s) {
  try {
    co_await ServeConnection(*s);
  } catch (const std::exception& e) {
    LogError(std::string("http: connection failed: ") + e.what());
  }
  beast::error_code ec;
  s->stream.socket().close(ec);
  {
    std::lock_guard lock(mu);
    sessions.erase(s->id);
  }
  SessionEnded();
}

// ------------------------------------------------------------------ serving

asio::awaitable<void> Server::Impl::ServeConnection(Session& s) {
  // The first request's header deadline runs from accept, so a client that
  // trickles (or sends nothing) is cut at header_timeout in total.
  s.stream.expires_after(opt.header_timeout);
  for (int served = 0;;) {
    if (s.buffer.size() == 0) {
      if (served > 0) s.stream.expires_after(opt.idle_timeout);
      if (stopping.load()) co_return;
      s.idle = true;
      beast::error_code ec;
      const size_t n = co_await s.stream.async_read_some(s.buffer.prepare(kReadChunk), WithEc(ec));
      s.idle = false;
      if (ec) co_return;  // timeout, peer closed, or Stop() closing idle connections
      s.buffer.commit(n);
    }
    // Set once per request, never per byte.
    if (served > 0) s.stream.expires_after(opt.header_timeout);
    ++served;
    if (!co_await ServeRequest(s, served)) co_return;
  }
}

// Reads until the buffer holds a complete header ("\r\n\r\n", or bare
// "\n\n"). Returns 0 when it does, 414 or 431 when the request line or the
// whole header outgrows its limit, and -1 when the peer went away or the
// header deadline passed (nobody to answer).
asio::awaitable<int> Server::Impl::BufferHeader(Session& s) {
  size_t scanned = 0;  // bytes already searched for the terminator
  for (;;) {
    const auto data = s.buffer.data();
    std::string_view text(static_cast<const char*>(data.data()), data.size());
    const size_t from = scanned >= 3 ? scanned - 3 : 0;
    size_t end = text.find("\r\n\r\n", from);
    if (end != std::string_view::npos) end += 4;
    const size_t bare = text.find("\n\n", from);
    if (bare != std::string_view::npos && (end == std::string_view::npos || bare + 2 < end))
      end = bare + 2;
    if (!LooksLikeRequestLine(text)) co_return 400;  // garbage: answer now, not at the deadline
    const size_t eol = text.find('\n');
    const size_t line = eol == std::string_view::npos ? text.size() : eol;
    if (line > opt.max_request_line) co_return 414;
    if (end != std::string_view::npos) co_return end > opt.max_header_bytes ? 431 : 0;
    if (text.size() > opt.max_header_bytes) co_return 431;
    scanned = text.size();
    beast::error_code ec;
    const size_t n = co_await s.stream.async_read_some(s.buffer.prepare(kReadChunk), WithEc(ec));
    if (ec) co_return -1;
    s.buffer.commit(n);
  }
}

int Server::Impl::HeaderErrorStatus(const beast::error_code& ec,
                                    const beast::flat_buffer& buffer) const {
  if (ec == bhttp::error::header_limit) {
    // Beast has a single limit for the whole header; tell the request line
    // apart by looking at what was buffered.
    const auto data = buffer.data();
    std::string_view text(static_cast<const char*>(data.data()), data.size());
    const size_t eol = text.find('\n');
    const size_t line = eol == std::string_view::npos ? text.size() : eol;
    return line > opt.max_request_line ? 414 : 431;
  }
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (IsParseError(ec)) return 400;
  return 0;  // timeout or socket error: nobody to answer
}

int Server::Impl::ValidateHeader(const bhttp::request_parser<bhttp::string_body>& parser) const {
  const auto& req = parser.get();
  if (req.version() != 10 && req.version() != 11) return 400;
  // "METHOD SP target SP HTTP/1.1"
  if (req.method_string().size() + req.target().size() + 10 > opt.max_request_line) return 414;
  // Request smuggling: Beast rejects Content-Length + chunked and differing
  // Content-Lengths; also refuse a non-chunked Transfer-Encoding, which it
  // would otherwise treat as "no body".
  const bool has_te = req.count(bhttp::field::transfer_encoding) > 0;
  const bool has_cl = req.count(bhttp::field::content_length) > 0;
  if (has_te && (has_cl || !parser.chunked())) return 400;
  if (parser.content_length() && *parser.content_length() > BodyLimit(req)) return 413;
  return 0;
}

size_t Server::Impl::BodyLimit(const bhttp::request<bhttp::string_body>& req) const {
  if (req.method() != bhttp::verb::post) return opt.max_body_bytes;
  const std::string_view target(req.target().data(), req.target().size());
  for (const auto& [prefix, limit] : opt.upload_limits) {
    if (target.substr(0, prefix.size()) == prefix) return limit;
  }
  return opt.max_body_bytes;
}

std::chrono::seconds Server::Impl::BodyDeadline(boost::optional<uint64_t> content_length) const {
  if (!content_length || opt.min_body_rate == 0) return opt.body_timeout;
  const uint64_t rate = opt.min_body_rate;
  const uint64_t needed = std::max<uint64_t>(1, (*content_length + rate - 1) / rate);
  return std::min(opt.body_timeout,
                  std::chrono::seconds(static_cast<int64_t>(std::min<uint64_t>(needed, 1u << 30))));
}

asio::awaitable<bool> Server::Impl::ServeRequest(Session& s, int served) {
  const auto start = SteadyClock::now();
  AccessRecord record;
  record.remote = s.remote;
  record.request_id = NextRequestId();

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(opt.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // The largest limit any path has; ValidateHeader applies this path's own
  // limit to Content-Length once the target is known, and the body read below
  // is held to it as well.
  parser.body_limit(largest_body_limit_);

  // Beast 1.81's header_limit bounds only the bytes still unparsed in one
  // call (parsed fields are consumed), so a header made of many short fields
  // could exceed it. Buffer the whole header first and enforce the totals here.
  if (const int status = co_await BufferHeader(s)) {
    if (status > 0) co_await SendErrorAndClose(s, record, status, start);
    co_return false;
  }
  beast::error_code ec;
  co_await bhttp::async_read_header(s.stream, s.buffer, parser, WithEc(ec));
  if (ec) {
    if (const int status = HeaderErrorStatus(ec, s.buffer)) {
      co_await SendErrorAndClose(s, record, status, start);
    }
    co_return false;
  }
  auto& req = parser.get();
  record.method = std::string(req.method_string());
  record.target = std::string(req.target());
  if (const int status = ValidateHeader(parser)) {
    co_await SendErrorAndClose(s, record, status, start);
    co_return false;
  }

  if (!parser.is_done()) {
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
      s.stream.expires_after(opt.write_timeout);
      co_await bhttp::async_write(s.stream, go_on, WithEc(ec));
      if (ec) co_return false;
    }
    parser.body_limit(BodyLimit(req));
    s.stream.expires_after(BodyDeadline(parser.content_length()));
    co_await bhttp::async_read(s.stream, s.buffer, parser, WithEc(ec));
    if (ec) {
      const int status = ec == bhttp::error::body_limit ? 413 : IsParseError(ec) ? 400 : 0;
      if (status != 0 && ec != bhttp::error::partial_message) {
        co_await SendErrorAndClose(s, record, status, start);
      }
      co_return false;
    }
  }

  Request request;
  request.method = MethodOf(req.method());
  request.method_text = record.method;
  request.target = record.target;
  for (const auto& field : req) {
    request.headers.emplace_back(ToLower(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(req.body());
  request.remote_address = s.remote;
  request.request_id = record.request_id;

  Response response;
  if (std::optional<ParsedTarget> parsed = ParseTarget(request.target)) {
    request.path = std::move(parsed->path);
    request.query = std::move(parsed->query);
    response = co_await CallHandler(request);
  } else {
    // The message was read completely, so the connection stays usable.
    response = TransportError(400, /*keep_open=*/true);
  }

  PrepareContext ctx;
  ctx.is_head = request.IsHead();
  ctx.is_get_or_head = request.method == Method::kGet || request.IsHead();
  ctx.accept_encoding = request.Header("accept-encoding").value_or("");
  ctx.if_none_match = request.Header("if-none-match").value_or("");
  ctx.gzip_min_bytes = opt.gzip_min_bytes;
  const bool keep_alive = req.keep_alive() && !response.close && !stopping.load() &&
                          served < opt.max_requests_per_connection;
  if (!co_await Write(s, record, std::move(response), ctx, keep_alive, req.version(), start)) {
    co_return false;
  }
  if (!keep_alive) {
    co_await LingeringClose(s);
    co_return false;
  }
  co_return true;
}

asio::awaitable<Response> Server::Impl::CallHandler(const Request& request) {
  std::string what = "unknown exception";
  try {
    co_return co_await asio::co_spawn(
        pool, [this, &request]() -> asio::awaitable<Response> { co_return handler(request); },
        kAwaitable);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  LogError("http: handler threw for " + request.method_text + " " + request.target + " [" +
           request.request_id + "]: " + what);
  Response error = Response::Text(500, "Internal Server Error\n");
  error.cache_control = "no-store";
  error.etag = false;
  co_return error;
}

asio::awaitable<bool> Server::Impl::Write(Session& s, AccessRecord& record, Response response,
                                          const PrepareContext& ctx, bool keep_alive,
                                          unsigned version, SteadyClock::time_point start) {
  PreparedResponse prepared = PrepareResponse(std::move(response), ctx);
  bhttp::response<bhttp::string_body> res;
  res.version(11);
  res.result(static_cast<unsigned>(prepared.status));
  res.set(bhttp::field::date, base::FormatRfc1123(clock.Now()));
  res.set(bhttp::field::server, "broadside");
  for (const auto& [name, value] : prepared.headers) res.insert(name, value);
  res.set("X-Request-Id", record.request_id);
  if (!keep_alive) {
    res.set(bhttp::field::connection, "close");
  } else if (version == 10) {
    res.set(bhttp::field::connection, "keep-alive");
  }
  // Content-Length is already set (for HEAD: the GET length with no body),
  // so prepare_payload() must not run.
  res.body() = std::move(prepared.body);

  beast::error_code ec;
  s.stream.expires_after(opt.write_timeout);
  co_await bhttp::async_write(s.stream, res, WithEc(ec));

  record.status = prepared.status;
  record.bytes = ec ? 0 : res.body().size();
  record.duration =
      std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start);
  LogAccess(record);
  co_return !ec;
}

asio::awaitable<void> Server::Impl::SendErrorAndClose(Session& s, AccessRecord& record, int status,
                                                      SteadyClock::time_point start) {
  PrepareContext ctx;
  ctx.gzip_min_bytes = opt.gzip_min_bytes;
  if (co_await Write(s, record, TransportError(status), ctx, /*keep_alive=*/false, 11, start)) {
    co_await LingeringClose(s);
  }
}

asio::awaitable<void> Server::Impl::LingeringClose(Session& s) {
  beast::error_code ec;
  s.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  s.stream.expires_after(kLingerTime);
  s.idle = true;  // Stop() may cut this short
  if (!stopping.load()) {
    char sink[kReadChunk];
    for (size_t drained = 0; drained < kLingerBytes;) {
      drained += co_await s.stream.async_read_some(asio::buffer(sink), WithEc(ec));
      if (ec) break;
    }
  }
  s.stream.socket().close(ec);
}

// ----------------------------------------------------------------- shutdown

void Server::Impl::BeginShutdown() {
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  CloseSessions(/*only_idle=*/true);
  if (active.load() == 0) return;
  grace_timer.expires_after(opt.shutdown_grace);
  grace_timer.async_wait([this](beast::error_code wait_ec) {
    if (wait_ec || active.load() == 0) return;  // everyone finished in time
    LogError("http: shutdown grace expired with " + std::to_string(active.load()) +
             " connection(s) still busy; abandoning them");
    ioc.stop();
  });
}

void Server::Impl::CloseSessions(bool only_idle) {
  std::lock_guard lock(mu);
  for (const auto& [id, weak] : sessions) {
    std::shared_ptr<Session> s = weak.lock();
    if (!s) continue;
    asio::post(s->stream.get_executor(), [weak = std::weak_ptr<Session>(s), only_idle] {
      std::shared_ptr<Session> session = weak.lock();
      if (session && (session->idle || !only_idle)) session->stream.cancel();
    });
  }
}

void Server::Impl::SessionEnded() {
  if (active.fetch_sub(1) == 1 && stopping.load()) {
    asio::post(control, [this] { grace_timer.cancel(); });
  }
}

// ------------------------------------------------------------------- Server

Server::Server(ServerOptions options, Handler handler, AccessLogger access_log,
               std::function<void(const std::string&)> error_log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(access_log),
                                   std::move(error_log))) {}

Server::~Server() = default;

base::Status Server::Listen() {
  Impl& m = *impl_;
  const std::string where = m.opt.host + ":" + std::to_string(m.opt.port);
  beast::error_code ec;
  tcp::endpoint endpoint;
  const asio::ip::address address = asio::ip::make_address(m.opt.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, m.opt.port);
  } else {
    tcp::resolver resolver(m.ioc);
    auto results = resolver.resolve(m.opt.host, std::to_string(m.opt.port), ec);
    if (ec || results.empty()) {
      return base::Status::Unavailable("cannot resolve " + where + ": " + ec.message());
    }
    endpoint = *results.begin();
  }
  auto fail = [&m, &where](const char* step, const beast::error_code& error) {
    beast::error_code ignored;
    m.acceptor.close(ignored);
    return base::Status::Unavailable(std::string("cannot ") + step + " " + where + ": " +
                                     error.message());
  };
  m.acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open", ec);
  m.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("configure", ec);
  m.acceptor.bind(endpoint, ec);
  if (ec) return fail("bind", ec);
  m.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on", ec);
  return base::Status::Ok();
}

uint16_t Server::port() const {
  beast::error_code ec;
  const tcp::endpoint endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void Server::Run() {
  Impl& m = *impl_;
  if (!m.stopping.load()) {
    asio::co_spawn(m.control, m.AcceptLoop(), [&m](std::exception_ptr e) {
      if (e) m.LogError("http: accept loop ended with an exception");
    });
    if (m.opt.handle_signals) {
      beast::error_code ec;
      m.signals.add(SIGINT, ec);
      m.signals.add(SIGTERM, ec);
      m.signals.async_wait([this](beast::error_code ec, int) {
        if (!ec) Stop();
      });
    }
  }
  auto run = [&m] {
    for (;;) {
      try {
        m.ioc.run();
        return;
      } catch (const std::exception& e) {
        m.LogError(std::string("http: io thread caught: ") + e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < ThreadCount(m.opt.io_threads); ++i) threads.emplace_back(run);
  run();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  if (impl_->stopping.exchange(true)) return;
  asio::post(impl_->control, [m = impl_.get()] { m->BeginShutdown(); });
}

}  // namespace http
