#pragma once
// Sealed fields: personal data (e.g. the secret member list) encrypted in the
// database with a key that lives in a file outside it, plus blind indexes to
// look such fields up without decrypting them.
//
// Keys: one FieldKey seals (Seal/Open); a DIFFERENT FieldKey, from its own
// file, computes blind indexes. Never use one key for both.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace crypto {

// A 32-byte secret key kept in memory from sodium_malloc: guard pages around
// it, locked in RAM where the system allows (so it is not swapped out), made
// read-only once loaded, and zeroed when freed. Not copyable (one copy of a
// key in memory is enough); movable, leaving the source empty.
// Thread-safe for concurrent use once built (it is read-only).
class FieldKey {
 public:
  static constexpr size_t kBytes = 32;

  // A new random key. Errors: Internal if libsodium cannot initialize or
  // secure memory cannot be allocated.
  static base::Result<FieldKey> Generate();

  // Loads a key file: exactly the key in standard base64 with padding
  // (44 characters, as `openssl rand -base64 32` prints), optionally followed
  // by one "\n". Errors: PermissionDenied (naming the path) if the file is
  // readable or writable by group or others (mode & 077) or cannot be opened
  // for lack of permission; NotFound if it does not exist; InvalidArgument if
  // it is not a regular file or its contents are malformed; Internal otherwise.
  static base::Result<FieldKey> FromFile(const std::string& path);

  // The key from its file format's text (44 base64 characters, an optional
  // trailing "\n"), e.g. from an environment variable. InvalidArgument when
  // malformed; the message never repeats the text.
  static base::Result<FieldKey> FromBase64(std::string_view text);

  // Generates a new key and writes it to a new file at `path` with mode 0600
  // in the format FromFile reads. Never overwrites: Conflict if `path`
  // exists. Other errors: PermissionDenied, NotFound (missing directory),
  // Internal. On failure no partial file is left behind.
  static base::Status WriteNewKeyFile(const std::string& path);

  FieldKey(FieldKey&& other) noexcept;
  FieldKey& operator=(FieldKey&& other) noexcept;
  FieldKey(const FieldKey&) = delete;
  FieldKey& operator=(const FieldKey&) = delete;
  ~FieldKey();

  // False only for a moved-from key.
  bool valid() const { return key_ != nullptr; }

  // A public name for the key: 8 lower-case hex digits of a keyed BLAKE2b
  // hash of a fixed label, so it reveals nothing about the key. Seal writes it
  // in front of every value, so a value says which key opens it. "" for a
  // moved-from key.
  const std::string& id() const { return id_; }

 private:
  // Only these read the key bytes.
  friend base::Result<std::string> Seal(const FieldKey&, std::string_view, std::string_view);
  friend base::Result<std::string> Open(const FieldKey&, std::string_view, std::string_view);
  friend std::string BlindIndex(const FieldKey&, std::string_view);

  explicit FieldKey(unsigned char* key) : key_(key) {}
  static base::Result<FieldKey> Allocate();
  // Decodes base64 key text into a new key. `what` names the source for errors.
  static base::Result<FieldKey> Decode(std::string_view text, const std::string& what);
  void Free();
  void Finish();  // computes id_ and makes the key read-only

  unsigned char* key_ = nullptr;  // sodium_malloc'd, kBytes long
  std::string id_;
};

// Encrypts `plaintext` with XChaCha20-Poly1305 (IETF) under `key` and a fresh
// random 24-byte nonce, authenticating `associated_data` too (bind the
// ciphertext to where it belongs, e.g. "member:42:email", so it cannot be
// copied to another row or column). Returns "k<key id>." followed by URL-safe
// base64 without padding of nonce || ciphertext || tag; sealing the same
// value twice gives different outputs. Errors: InvalidArgument for a
// moved-from key; Internal if libsodium cannot initialize.
base::Result<std::string> Seal(const FieldKey& key, std::string_view plaintext,
                               std::string_view associated_data);

// Reverses Seal. Values sealed before key ids existed (bare base64) are
// accepted too. Errors: InvalidArgument if `sealed` is malformed, was
// tampered with, or was sealed with another key or other associated data
// (these cases are indistinguishable by design; a value naming another key
// id fails without trying); Internal if libsodium cannot initialize.
base::Result<std::string> Open(const FieldKey& key, std::string_view sealed,
                               std::string_view associated_data);

// The key id a sealed value names; "" for a value from before key ids.
std::string_view SealedKeyId(std::string_view sealed);

// A blind index: lower-case hex (64 characters) of BLAKE2b-256 keyed with
// `index_key`. Equal inputs give equal outputs under the same key, so the
// store can find a row by a sealed value ("is this email already a member?")
// without holding the value; without the key the index reveals nothing
// useful. Callers normalize first (e.g. a trimmed, lower-cased email) so
// equal values really are equal bytes. `index_key` must be a separate key
// from the sealing key. REQUIRES: index_key.valid(). Aborts if libsodium
// cannot initialize.
std::string BlindIndex(const FieldKey& index_key, std::string_view normalized_value);

}  // namespace crypto
