#pragma once
// A spdlog sink that writes to a file descriptor in large chunks instead of one
// write(2) per line: at 64 KiB, at once for warnings and errors, and whenever
// the logger is flushed (every second via spdlog::flush_every, and at exit).
// An access log line per request would otherwise cost a system call each.

#include <spdlog/sinks/base_sink.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <string>

namespace app {

class BufferedFdSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BufferedFdSink(int fd) : fd_(fd) { buffer_.reserve(kFlushBytes * 2); }
  ~BufferedFdSink() override { WriteAll(); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    buffer_.append(formatted.data(), formatted.size());
    if (buffer_.size() >= kFlushBytes || msg.level >= spdlog::level::warn) WriteAll();
  }
  void flush_() override { WriteAll(); }

 private:
  static constexpr size_t kFlushBytes = 64 * 1024;

  void WriteAll() {
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // nowhere to report a failing log; drop the rest
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
  }

  int fd_;
  std::string buffer_;
};

}  // namespace app
