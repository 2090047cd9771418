#include "members/indexer.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"

namespace members {

std::vector<std::string> NameWords(std::string_view name) {
  const std::string folded = base::FoldAccentsLower(name);
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end())
      words.push_back(word);
    word.clear();
  };
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    // ASCII letters and digits, and bytes of other scripts, make words;
    // ASCII spaces and punctuation ("-", "'", ".") separate them.
    if (u >= 0x80 || std::isalnum(u) != 0) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

std::string Indexer::EmailIndex(std::string_view email) const {
  std::string lower(base::Trim(email));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return crypto::BlindIndex(key_, "email:" + lower);
}

std::vector<std::string> Indexer::NameTokens(std::string_view name) const {
  std::vector<std::string> out;
  for (const std::string& w : NameWords(name)) {
    out.push_back(crypto::BlindIndex(key_, "name:" + w).substr(0, 16));
  }
  return out;
}

}  // namespace members
