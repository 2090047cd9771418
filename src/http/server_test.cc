// Drives a real Server on 127.0.0.1:0 with raw sockets, so every byte on the
// wire is under the test's control (slowloris, smuggling, garbage).
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/hash.h"

namespace http {
namespace {

using namespace std::chrono_literals;

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  bool Has(const std::string& name) const { return headers.count(name) > 0; }
};

// A blocking loopback client; every read gives up after a few seconds so a
// broken server fails the test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response. `head` means no body follows whatever Content-Length says.
  std::optional<RawResponse> Read(bool head = false) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    RawResponse r;
    std::string head_text = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
    r.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const size_t start = line_end + 2;
      line_end = head_text.find("\r\n", start);
      std::string line = head_text.substr(
          start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      r.headers[name] = line.substr(v);
    }
    if (head || r.status < 200 || r.status == 304 || r.status == 204) return r;
    const size_t length = r.Has("content-length") ? std::stoul(r.Get("content-length")) : 0;
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return r;
  }

  // True once the server has closed the connection (EOF or reset) with no
  // further bytes; false if data arrived or nothing happened for 5 s.
  bool ReadsEof() {
    if (!buffer_.empty()) return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

  // Non-blocking check for a closed connection.
  bool ClosedNow() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool Fill() {
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

std::string BigText() {
  std::string s;
  for (int i = 0; i < 200; ++i) s += "<p>Broadside line " + std::to_string(i) + "</p>\n";
  return s;
}

std::optional<std::string> Gunzip(const std::string& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

class ServerTest : public ::testing::Test {
 protected:
  static ServerOptions SmallOptions() {
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    o.worker_threads = 2;
    o.handle_signals = false;
    o.header_timeout = 2s;
    o.body_timeout = 2s;
    o.idle_timeout = 2s;
    o.write_timeout = 2s;
    o.shutdown_grace = 5s;
    o.max_request_line = 256;
    o.max_header_bytes = 1024;
    o.max_body_bytes = 1000;
    o.gzip_min_bytes = 256;
    return o;
  }

  void Start(ServerOptions options = SmallOptions()) {
    server_ = std::make_unique<Server>(
        options, [this](const Request& r) { return Handle(r); },
        [this](const AccessRecord& rec) {
          std::lock_guard lock(mu_);
          access_.push_back(rec);
        },
        [this](const std::string& message) {
          std::lock_guard lock(mu_);
          errors_.push_back(message);
        });
    ASSERT_TRUE(server_->Listen().ok());
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void StopAndJoin() {
    if (!server_) return;
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  void TearDown() override {
    StopAndJoin();
    server_.reset();
  }

  Response Handle(const Request& r) {
    if (r.path == "/") return Response::Text(200, "hello");
    if (r.path == "/big") {
      Response res;
      res.body = BigText();
      return res;
    }
    if (r.path == "/png") {
      Response res;
      res.content_type = "image/png";
      res.body = BigText();
      return res;
    }
    if (r.path == "/throw") throw std::runtime_error("handler failure");
    if (r.path == "/slow") {
      slow_started_.set_value();
      std::this_thread::sleep_for(300ms);
      return Response::Text(200, "slow done");
    }
    if (r.path == "/stuck") {
      slow_started_.set_value();
      std::this_thread::sleep_for(2500ms);
      return Response::Text(200, "too late");
    }
    if (r.path == "/q") return Response::Text(200, r.QueryParam("name").value_or("<none>"));
    if (r.path == "/echo" || r.path == "/echo/upload") {
      Response res =
          Response::Text(200, r.method_text + "|" + r.path + "|" + r.query + "|" + r.body);
      res.Header("X-Remote", r.remote_address);
      res.Header("X-Seen-Id", r.request_id);
      res.Header("X-Kind", r.method == Method::kOther  ? "other"
                           : r.method == Method::kPost ? "post"
                                                       : "get");
      res.Header("X-Agent", std::string(r.Header("user-agent").value_or("")));
      return res;
    }
    return Response::Text(404, "not found");
  }

  std::vector<AccessRecord> AccessRecords() {
    std::lock_guard lock(mu_);
    return access_;
  }
  std::vector<std::string> Errors() {
    std::lock_guard lock(mu_);
    return errors_;
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::promise<void> slow_started_;
  std::mutex mu_;
  std::vector<AccessRecord> access_;
  std::vector<std::string> errors_;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneSocket) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send(Get("/")));
  auto first = c.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "hello");
  EXPECT_NE(first->Get("connection"), "close");
  EXPECT_EQ(first->Get("server"), "broadside");
  EXPECT_NE(first->Get("date").find(" GMT"), std::string::npos);
  EXPECT_EQ(first->Get("x-content-type-options"), "nosniff");
  EXPECT_FALSE(first->Get("x-request-id").empty());

  ASSERT_TRUE(c.Send(Get("/echo?x=1")));
  auto second = c.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "GET|/echo|x=1|");
  EXPECT_EQ(second->Get("x-remote"), "127.0.0.1");
  EXPECT_EQ(second->Get("x-seen-id"), second->Get("x-request-id"));
  EXPECT_NE(second->Get("x-request-id"), first->Get("x-request-id"));
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/echo?n=1") + Get("/echo?n=2")));
  auto a = c.Read();
  auto b = c.Read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, "GET|/echo|n=1|");
  EXPECT_EQ(b->body, "GET|/echo|n=2|");
}

TEST_F(ServerTest, Http10ClosesByDefault) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send("GET / HTTP/1.0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Get("connection"), "close");
  EXPECT_TRUE(c.ReadsEof());
}

TEST_F(ServerTest, HeadSendsGetHeadersWithoutBody) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/big")));
  auto get = c.Read();
  ASSERT_TRUE(get);
  ASSERT_TRUE(c.Send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c.Read(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Get("content-length"), std::to_string(BigText().size()));
  EXPECT_EQ(head->Get("etag"), get->Get("etag"));
  // Had any body bytes followed the HEAD response, this would misparse.
  ASSERT_TRUE(c.Send(Get("/")));
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerTest, IfNoneMatchGives304) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/")));
  auto first = c.Read();
  ASSERT_TRUE(first);
  const std::string etag = "\"" + base::Hex64(base::FastHash64("hello")) + "\"";
  EXPECT_EQ(first->Get("etag"), etag);

  ASSERT_TRUE(c.Send(Get("/", "If-None-Match: \"nope\", W/" + etag + "\r\n")));
  auto cached = c.Read();
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 304);
  EXPECT_EQ(cached->Get("etag"), etag);
  EXPECT_EQ(cached->Get("cache-control"), first->Get("cache-control"));
  EXPECT_TRUE(cached->body.empty());

  ASSERT_TRUE(c.Send(Get("/", "If-None-Match: *\r\n")));
  auto star = c.Read();
  ASSERT_TRUE(star);
  EXPECT_EQ(star->status, 304);

  ASSERT_TRUE(c.Send(Get("/", "If-None-Match: \"other\"\r\n")));
  auto fresh = c.Read();
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
  EXPECT_EQ(fresh->body, "hello");
}

TEST_F(ServerTest, GzipRoundTrip) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/big", "Accept-Encoding: br, gzip\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Get("content-encoding"), "gzip");
  EXPECT_EQ(r->Get("vary"), "Accept-Encoding");
  EXPECT_EQ(r->Get("content-length"), std::to_string(r->body.size()));
  EXPECT_EQ(r->Get("etag"), "\"" + base::Hex64(base::FastHash64(BigText())) + "-gz\"");
  EXPECT_EQ(Gunzip(r->body), BigText());

  ASSERT_TRUE(c.Send(Get("/big", "Accept-Encoding: gzip;q=0\r\n")));
  auto plain = c.Read();
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->Has("content-encoding"));
  EXPECT_EQ(plain->body, BigText());

  ASSERT_TRUE(c.Send(Get("/png", "Accept-Encoding: gzip\r\n")));
  auto png = c.Read();
  ASSERT_TRUE(png);
  EXPECT_FALSE(png->Has("content-encoding"));
  EXPECT_FALSE(png->Has("vary"));
  EXPECT_EQ(png->body, BigText());

  // The gzip variant revalidates against its own tag.
  ASSERT_TRUE(
      c.Send(Get("/big", "Accept-Encoding: gzip\r\nIf-None-Match: " + r->Get("etag") + "\r\n")));
  auto revalidated = c.Read();
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304);
}

TEST_F(ServerTest, LongRequestLineGets414) {
  Start();
  {
    Client c(port_);  // fits the header limit, breaks the request-line limit
    ASSERT_TRUE(c.Send(Get("/" + std::string(300, 'a'))));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 414);
    EXPECT_EQ(r->Get("cache-control"), "no-store");
    EXPECT_TRUE(c.ReadsEof());
  }
  {
    Client c(port_);  // beyond the whole header limit
    ASSERT_TRUE(c.Send(Get("/" + std::string(3000, 'a'))));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 414);
    EXPECT_TRUE(c.ReadsEof());
  }
}

TEST_F(ServerTest, LargeHeadersGet431) {
  Start();
  Client c(port_);
  std::string headers;
  for (int i = 0; i < 40; ++i)
    headers += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'v') + "\r\n";
  ASSERT_TRUE(c.Send(Get("/", headers)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(r->Get("cache-control"), "no-store");
  EXPECT_TRUE(c.ReadsEof());
}

TEST_F(ServerTest, LargeContentLengthGets413BeforeBodyIsSent) {
  Start();
  Client c(port_);
  // Only the header goes out; the answer must come without any body bytes.
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->Get("connection"), "close");
  EXPECT_TRUE(c.ReadsEof());
}

TEST_F(ServerTest, OversizedChunkedBodyGets413) {
  Start();
  Client c(port_);
  std::string chunk(600, 'x');
  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
             "258\r\n" +
             chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(c.ReadsEof());
}

TEST_F(ServerTest, UploadPrefixGetsItsOwnBodyLimit) {
  ServerOptions o = SmallOptions();
  o.upload_limits = {{"/echo/upload", 5000}};
  Start(o);
  const std::string body(3000, 'u');
  {
    Client c(port_);
    ASSERT_TRUE(c.Send("POST /echo/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 3000\r\n\r\n" +
                       body));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find(body), std::string::npos);
  }
  {  // Over the upload limit, even there.
    Client c(port_);
    ASSERT_TRUE(c.Send("POST /echo/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 6000\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  {  // The same body elsewhere keeps the general limit.
    Client c(port_);
    ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3000\r\n\r\n" + body));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  {  // Chunked uploads are held to the prefix limit while reading.
    Client c(port_);
    const std::string chunk(4000, 'c');
    ASSERT_TRUE(c.Send("POST /echo/upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "fa0\r\n" + chunk + "\r\nfa0\r\n" + chunk + "\r\n0\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
}

TEST_F(ServerTest, ReadsBodiesByLengthChunkedAndWithContinue) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde"));
  auto a = c.Read();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->body, "POST|/echo||abcde");
  EXPECT_EQ(a->Get("x-kind"), "post");

  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
             "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  auto b = c.Read();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->body, "POST|/echo||abcde");

  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
             "Content-Length: 3\r\n\r\n"));
  auto cont = c.Read();  // the interim response comes before we send the body
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.Send("xyz"));
  auto d = c.Read();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->body, "POST|/echo||xyz");
}

TEST_F(ServerTest, HeaderTimeoutCutsSlowloris) {
  ServerOptions o = SmallOptions();
  o.header_timeout = 1s;
  o.max_header_bytes = 64 * 1024;
  Start(o);
  Client c(port_);
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: t\r\n"));
  // Trickle one header line every 200 ms for up to 6 s; a per-byte timer
  // would never fire, a total deadline closes us after about 1 s.
  bool closed = false;
  for (int i = 0; i < 30 && !closed; ++i) {
    std::this_thread::sleep_for(200ms);
    closed = c.ClosedNow() || !c.Send("X-Slow-" + std::to_string(i) + ": 1\r\n");
  }
  EXPECT_TRUE(closed);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  ServerOptions o = SmallOptions();
  o.idle_timeout = 1s;
  Start(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/")));
  ASSERT_TRUE(c.Read());
  EXPECT_TRUE(c.ReadsEof());  // within the client's 5 s read timeout
}

TEST_F(ServerTest, GarbageGets400AndClose) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(std::string("\x01\x02 garbage\r\n\r\n", 14)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Get("cache-control"), "no-store");
  EXPECT_TRUE(c.ReadsEof());
}

TEST_F(ServerTest, AmbiguousFramingGets400AndClose) {
  Start();
  const std::vector<std::string> requests = {
      // Content-Length and Transfer-Encoding, both orders.
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
      "0\r\n\r\n",
      // Two different Content-Lengths.
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 4\r\n\r\nabcd",
      // A Transfer-Encoding that is not chunked cannot frame a request.
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nabc",
  };
  for (const std::string& request : requests) {
    SCOPED_TRACE(request);
    Client c(port_);
    ASSERT_TRUE(c.Send(request));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(c.ReadsEof());
  }
}

TEST_F(ServerTest, BadPathGets400AndConnectionSurvives) {
  Start();
  for (const char* target : {"/%zz", "/%FF", "/a%00b", "relative"}) {
    SCOPED_TRACE(target);
    Client c(port_);
    ASSERT_TRUE(c.Send(Get(target)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    ASSERT_TRUE(c.Send(Get("/")));
    auto next = c.Read();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
  }
  Client fresh(port_);
  ASSERT_TRUE(fresh.Send(Get("/")));
  auto r = fresh.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, UnknownMethodReachesHandler) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send("PURGE /echo HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "PURGE|/echo||");
  EXPECT_EQ(r->Get("x-kind"), "other");
}

TEST_F(ServerTest, QueryParamIsDecoded) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/q?x=1&name=J%C3%BCrgen+M")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "J\xC3\xBCrgen M");
  ASSERT_TRUE(c.Send(Get("/q?name=%FF")));
  auto bad = c.Read();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->body, "<none>");
}

TEST_F(ServerTest, HeaderNamesAreLowerCased) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/echo", "USER-Agent: probe/1\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Get("x-agent"), "probe/1");
}

TEST_F(ServerTest, MaxConnectionsRejectsWith503) {
  ServerOptions o = SmallOptions();
  o.max_connections = 2;
  Start(o);
  Client a(port_), b(port_);
  // A round trip on each proves both are accepted and counted.
  ASSERT_TRUE(a.Send(Get("/")) && a.Read());
  ASSERT_TRUE(b.Send(Get("/")) && b.Read());

  Client third(port_);
  ASSERT_TRUE(third.Send(Get("/")));
  auto r = third.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->Get("connection"), "close");
  EXPECT_TRUE(third.ReadsEof());

  ASSERT_TRUE(a.Send(Get("/")));
  auto ra = a.Read();
  ASSERT_TRUE(ra);
  EXPECT_EQ(ra->status, 200);
  ASSERT_TRUE(b.Send(Get("/")));
  auto rb = b.Read();
  ASSERT_TRUE(rb);
  EXPECT_EQ(rb->status, 200);
}

TEST_F(ServerTest, MaxRequestsPerConnectionClosesAfterLast) {
  ServerOptions o = SmallOptions();
  o.max_requests_per_connection = 2;
  Start(o);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/")));
  auto first = c.Read();
  ASSERT_TRUE(first);
  EXPECT_NE(first->Get("connection"), "close");
  ASSERT_TRUE(c.Send(Get("/")));
  auto last = c.Read();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 200);
  EXPECT_EQ(last->Get("connection"), "close");
  EXPECT_TRUE(c.ReadsEof());
}

TEST_F(ServerTest, HandlerExceptionBecomes500) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/throw")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_FALSE(Errors().empty());
  ASSERT_TRUE(c.Send(Get("/")));  // the server (and this connection) keep serving
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  Start();
  Client idle(port_);
  ASSERT_TRUE(idle.Send(Get("/")) && idle.Read());

  Client busy(port_);
  ASSERT_TRUE(busy.Send(Get("/slow")));
  slow_started_.get_future().wait();
  server_->Stop();
  auto r = busy.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(r->Get("connection"), "close");
  EXPECT_TRUE(idle.ReadsEof());  // idle keep-alive connections are closed
  thread_.join();                // Run() returns

  Client late(port_);  // no longer accepting
  EXPECT_FALSE(late.connected() && late.Send(Get("/")) && late.Read());
}

TEST_F(ServerTest, StopAbandonsRequestsPastGrace) {
  ServerOptions o = SmallOptions();
  o.shutdown_grace = 1s;
  Start(o);
  Client busy(port_);
  ASSERT_TRUE(busy.Send(Get("/stuck")));
  slow_started_.get_future().wait();
  server_->Stop();
  thread_.join();  // Run() returns although the handler is still running
  EXPECT_FALSE(Errors().empty());
  server_.reset();  // waits for the handler, then drops the connection
  EXPECT_FALSE(busy.Read().has_value());
}

TEST_F(ServerTest, AccessLogRecordsEachRequest) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/echo?a=1")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  ASSERT_TRUE(c.Send(std::string("\x01garbage\r\n\r\n")));
  ASSERT_TRUE(c.Read());
  StopAndJoin();
  const auto records = AccessRecords();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].method, "GET");
  EXPECT_EQ(records[0].target, "/echo?a=1");
  EXPECT_EQ(records[0].status, 200);
  EXPECT_EQ(records[0].bytes, r->body.size());
  EXPECT_EQ(records[0].request_id, r->Get("x-request-id"));
  EXPECT_EQ(records[0].remote, "127.0.0.1");
  EXPECT_EQ(records[1].status, 400);
}

}  // namespace
}  // namespace http

namespace http {
namespace {

// Beast counts its header limit per parse call; the transport must count the
// whole header, so many small fields that together exceed it still get 431.
TEST_F(ServerTest, ManySmallFieldsOverTheTotalGet431) {
  Start();  // max_header_bytes = 1024
  Client c(port_);
  std::string headers;
  for (int i = 0; i < 60; ++i) headers += "X-" + std::to_string(i) + ": vvvvvvvvvvvvvvvv\r\n";
  ASSERT_GT(headers.size(), 1024u);
  ASSERT_TRUE(c.Send(Get("/", headers)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
}

TEST_F(ServerTest, OneLongFieldIs431NotUriTooLong) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/", "X-Long: " + std::string(3000, 'v') + "\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
}

TEST_F(ServerTest, BinaryGarbageWithoutNewlineIs400Immediately) {
  Start();
  Client c(port_);
  ASSERT_TRUE(c.Send(std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(c.ReadsEof());
}

}  // namespace
}  // namespace http
