#include "crypto/sealed.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <utility>

#include "crypto/crypto.h"
#include "crypto/internal.h"

namespace crypto {
namespace {

static_assert(FieldKey::kBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(FieldKey::kBytes >= crypto_generichash_KEYBYTES_MIN &&
              FieldKey::kBytes <= crypto_generichash_KEYBYTES_MAX);

constexpr int kKeyFileVariant = sodium_base64_VARIANT_ORIGINAL;
// 44 base64 characters (with padding) for 32 bytes.
constexpr size_t kKeyFileB64Len = sodium_base64_ENCODED_LEN(FieldKey::kBytes, kKeyFileVariant) - 1;
constexpr int kSealedVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

base::Status ErrnoStatus(int err, std::string_view what, const std::string& path) {
  std::string msg = std::string(what) + " " + path + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
      return base::Status::NotFound(std::move(msg));
    case EACCES:
    case EPERM:
      return base::Status::PermissionDenied(std::move(msg));
    case EEXIST:
      return base::Status::Conflict(std::move(msg));
    default:
      return base::Status::Internal(std::move(msg));
  }
}

// Closes the descriptor on every path out of a function.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Wipes a stack buffer that held key material, whatever way the scope ends.
template <size_t N>
struct WipedBuffer {
  std::array<char, N> data{};
  ~WipedBuffer() { sodium_memzero(data.data(), data.size()); }
};

}  // namespace

base::Result<FieldKey> FieldKey::Allocate() {
  BS_RETURN_IF_ERROR(Init());
  // sodium_malloc adds guard pages and mlocks the region where possible.
  auto* key = static_cast<unsigned char*>(sodium_malloc(kBytes));
  if (key == nullptr) return base::Status::Internal("cannot allocate secure memory for a key");
  return FieldKey(key);
}

base::Result<FieldKey> FieldKey::Generate() {
  BS_ASSIGN_OR_RETURN(FieldKey key, Allocate());
  crypto_aead_xchacha20poly1305_ietf_keygen(key.key_);
  key.Finish();
  return key;
}

base::Result<FieldKey> FieldKey::FromFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus(errno, "cannot open key file", path);
  // fstat the open descriptor, not the path, so the file checked is the one read.
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus(errno, "cannot stat key file", path);
  if (!S_ISREG(st.st_mode)) {
    return base::Status::InvalidArgument("key file is not a regular file: " + path);
  }
  if ((st.st_mode & 077) != 0) {
    return base::Status::PermissionDenied("key file " + path +
                                          " is accessible by group or others; chmod 600 it");
  }
  // Read one byte more than a valid file may hold, to notice trailing junk.
  WipedBuffer<kKeyFileB64Len + 2> buf;
  size_t len = 0;
  while (len < buf.data.size()) {
    const ssize_t n = ::read(fd.get(), buf.data.data() + len, buf.data.size() - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus(errno, "cannot read key file", path);
    if (n == 0) break;
    len += static_cast<size_t>(n);
  }
  return Decode(std::string_view(buf.data.data(), len), "key file " + path);
}

base::Result<FieldKey> FieldKey::FromBase64(std::string_view text) {
  return Decode(text, "key text");
}

base::Result<FieldKey> FieldKey::Decode(std::string_view text, const std::string& what) {
  if (text.size() == kKeyFileB64Len + 1 && text.back() == '\n') text.remove_suffix(1);
  if (text.size() != kKeyFileB64Len) {
    return base::Status::InvalidArgument(what + " must hold exactly one base64 32-byte key");
  }
  BS_ASSIGN_OR_RETURN(FieldKey key, Allocate());
  size_t decoded = 0;
  const int rc = sodium_base642bin(key.key_, kBytes, text.data(), text.size(), nullptr, &decoded,
                                   nullptr, kKeyFileVariant);
  if (rc != 0 || decoded != kBytes) {
    return base::Status::InvalidArgument(what + " is not valid base64");
  }
  key.Finish();
  return key;
}

void FieldKey::Finish() {
  // The id: a keyed hash of a fixed label. Without the key it cannot be
  // computed, and it says nothing about the key; 32 bits tell a handful of
  // keys apart (Keyring refuses two keys with one id).
  static constexpr std::string_view kLabel = "broadside field key id";
  std::array<unsigned char, 16> digest;
  crypto_generichash(digest.data(), digest.size(), Bytes(kLabel), kLabel.size(), key_, kBytes);
  char hex[9];
  sodium_bin2hex(hex, sizeof hex, digest.data(), 4);
  id_ = hex;
  sodium_mprotect_readonly(key_);
}

base::Status FieldKey::WriteNewKeyFile(const std::string& path) {
  BS_ASSIGN_OR_RETURN(FieldKey key, Generate());
  WipedBuffer<kKeyFileB64Len + 2> buf;  // base64, '\n', and the NUL bin2base64 writes
  sodium_bin2base64(buf.data.data(), kKeyFileB64Len + 1, key.key_, kBytes, kKeyFileVariant);
  buf.data[kKeyFileB64Len] = '\n';
  const size_t total = kKeyFileB64Len + 1;

  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) return ErrnoStatus(errno, "cannot create key file", path);
  const auto fail = [&](std::string_view what) {
    const int err = errno;
    ::close(fd.Release());
    ::unlink(path.c_str());
    return ErrnoStatus(err, what, path);
  };
  // A umask can only clear bits, but make the mode explicit anyway.
  if (::fchmod(fd.get(), 0600) != 0) return fail("cannot chmod key file");
  size_t written = 0;
  while (written < total) {
    const ssize_t n = ::write(fd.get(), buf.data.data() + written, total - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot write key file");
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot sync key file");
  if (::close(fd.Release()) != 0) {
    const int err = errno;
    ::unlink(path.c_str());
    return ErrnoStatus(err, "cannot close key file", path);
  }
  return base::Status::Ok();
}

FieldKey::FieldKey(FieldKey&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)), id_(std::exchange(other.id_, {})) {}

FieldKey& FieldKey::operator=(FieldKey&& other) noexcept {
  if (this != &other) {
    Free();
    key_ = std::exchange(other.key_, nullptr);
    id_ = std::exchange(other.id_, {});
  }
  return *this;
}

FieldKey::~FieldKey() { Free(); }

void FieldKey::Free() {
  // sodium_free makes the region writable again, zeroes it, unlocks and unmaps it.
  if (key_ != nullptr) sodium_free(key_);
  key_ = nullptr;
  id_.clear();
}

base::Result<std::string> Seal(const FieldKey& key, std::string_view plaintext,
                               std::string_view associated_data) {
  BS_RETURN_IF_ERROR(Init());
  if (!key.valid()) return base::Status::InvalidArgument("Seal with an empty (moved-from) key");
  std::string bin(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(bin.data());
  randombytes_buf(out, kNonceBytes);  // 192-bit random nonces never realistically repeat
  unsigned long long cipher_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonceBytes, &cipher_len, Bytes(plaintext), plaintext.size(), Bytes(associated_data),
      associated_data.size(), nullptr, out, key.key_);
  bin.resize(kNonceBytes + static_cast<size_t>(cipher_len));
  const std::string prefix = "k" + key.id() + ".";
  std::string b64(prefix.size() + sodium_base64_ENCODED_LEN(bin.size(), kSealedVariant), '\0');
  b64.replace(0, prefix.size(), prefix);
  sodium_bin2base64(b64.data() + prefix.size(), b64.size() - prefix.size(), out, bin.size(),
                    kSealedVariant);
  b64.pop_back();  // the terminating NUL
  return b64;
}

base::Result<std::string> Open(const FieldKey& key, std::string_view sealed,
                               std::string_view associated_data) {
  BS_RETURN_IF_ERROR(Init());
  if (!key.valid()) return base::Status::InvalidArgument("Open with an empty (moved-from) key");
  const std::string_view id = SealedKeyId(sealed);
  if (!id.empty()) {
    if (id != key.id()) {
      return base::Status::InvalidArgument("sealed value names key " + std::string(id) +
                                           ", not " + key.id());
    }
    sealed.remove_prefix(id.size() + 2);  // "k" id "."
  }
  std::string bin(sealed.size() * 3 / 4 + 1, '\0');
  size_t bin_len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), sealed.data(),
                        sealed.size(), nullptr, &bin_len, nullptr, kSealedVariant) != 0) {
    return base::Status::InvalidArgument("sealed value is not valid base64");
  }
  if (bin_len < kNonceBytes + kTagBytes) {
    return base::Status::InvalidArgument("sealed value too short");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(bin.data());
  std::string plain(bin_len - kNonceBytes - kTagBytes, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr, in + kNonceBytes,
          bin_len - kNonceBytes, Bytes(associated_data), associated_data.size(), in,
          key.key_) != 0) {
    return base::Status::InvalidArgument(
        "sealed value does not authenticate (tampered, wrong key or wrong associated data)");
  }
  plain.resize(static_cast<size_t>(plain_len));
  return plain;
}

std::string_view SealedKeyId(std::string_view sealed) {
  // "k" + 8 hex digits + ".": '.' never occurs in URL-safe base64, so a
  // value from before key ids can never look prefixed.
  constexpr size_t kIdLen = 8;
  if (sealed.size() < kIdLen + 2 || sealed[0] != 'k' || sealed[kIdLen + 1] != '.') return {};
  const std::string_view id = sealed.substr(1, kIdLen);
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return {};
  }
  return id;
}

std::string BlindIndex(const FieldKey& index_key, std::string_view normalized_value) {
  internal::InitOrDie();
  if (!index_key.valid()) std::abort();  // REQUIRES violated
  std::array<unsigned char, crypto_generichash_BYTES> digest;
  crypto_generichash(digest.data(), digest.size(), Bytes(normalized_value),
                     normalized_value.size(), index_key.key_, FieldKey::kBytes);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace crypto
