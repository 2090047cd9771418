#pragma once
// Blind indexes for finding members without storing who they are: the keyed
// BLAKE2b (crypto::BlindIndex) of the normalized email, and short ones of
// each word of the name. The index key is its own key file (keys/index.key),
// never the sealing key: the indexes must stay stable across `keys rotate`,
// and one leaked key must not open the other's secrets.

#include <string>
#include <string_view>
#include <vector>

#include "crypto/sealed.h"

namespace members {

class Indexer {
 public:
  // `index_key` must outlive this object.
  explicit Indexer(const crypto::FieldKey& index_key) : key_(index_key) {}

  // Of an address already checked by base::NormalizeEmail; case is folded
  // here (Ana@X.org and ana@x.org are one member).
  std::string EmailIndex(std::string_view email) const;

  // One token per distinct word (letters and digits, accents and case
  // folded) of `name`; 16 hex digits each: enough to tell names apart in
  // search, short enough to say little even to someone holding the key.
  std::vector<std::string> NameTokens(std::string_view name) const;

 private:
  const crypto::FieldKey& key_;
};

// The words NameTokens indexes: folded, deduplicated, in order.
std::vector<std::string> NameWords(std::string_view name);

}  // namespace members
