#pragma once
// UI translations from gettext catalogs: po/<lang>.po in the repo, compiled to
// <lang>.mo by msgfmt at build time and loaded here at start-up. Immutable after
// loading, so one Catalog is shared by all threads.
// English msgids are the source strings; a missing translation falls back to
// the msgid, so English needs no entries.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace render {

class Catalog {
 public:
  // Reads every DIR/*.mo (GNU .mo format, either byte order). The language is
  // the file's stem ("es.mo" -> "es"). "en" is always available.
  // InvalidArgument naming the file for a corrupt .mo (bad magic, truncated,
  // offsets out of range, non-UTF-8 text); NotFound if `dir` is not a directory.
  static base::Result<Catalog> LoadDir(const std::string& dir);
  // Parses one .mo image (for tests): msgid -> msgstr. The "" header entry and
  // untranslated entries are skipped; plural entries keep the singular msgid
  // and the first form. InvalidArgument for anything malformed.
  static base::Result<std::unordered_map<std::string, std::string>> ParseMo(std::string_view bytes);

  // The translation of `msgid` in `lang`, or `msgid` itself.
  // The returned view lives as long as the Catalog or `msgid`.
  std::string_view Get(std::string_view lang, std::string_view msgid) const;
  bool HasLanguage(std::string_view lang) const;
  std::vector<std::string> Languages() const;  // sorted, includes "en"

  void AddForTest(const std::string& lang, const std::string& msgid, const std::string& msgstr);

 private:
  // Transparent hashing so Get() looks up a string_view without a copy.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Messages = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
  std::map<std::string, Messages, std::less<>> langs_;
};

// Long-form date in the language: "29 November 2026" (en), "29 de noviembre de 2026" (es).
// Month names go through the catalog (msgids "January".."December").
std::string FormatLongDate(const Catalog& catalog, std::string_view lang, int year, int month,
                           int day);
// "November 2026" / "noviembre de 2026" (msgid "%1$s %2$d" style is avoided: see .cc).
std::string FormatMonthYear(const Catalog& catalog, std::string_view lang, int year, int month);

}  // namespace render
