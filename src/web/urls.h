#pragma once
// The public URL scheme, in one place. Templates get finished URLs from here.

#include <string>
#include <string_view>

namespace web::urls {

// "/" for the default language, "/es" for the others.
inline std::string Home(std::string_view lang, std::string_view default_lang) {
  return lang == default_lang ? "/" : "/" + std::string(lang);
}
inline std::string Article(std::string_view slug) { return "/articles/" + std::string(slug); }
inline std::string Page(std::string_view slug) { return "/" + std::string(slug); }
inline std::string Section(std::string_view slug) { return "/section/" + std::string(slug); }
inline std::string Tag(std::string_view slug) { return "/tag/" + std::string(slug); }
inline std::string Byline(std::string_view slug) { return "/by/" + std::string(slug); }
inline std::string Media(std::string_view path) { return "/media/" + std::string(path); }
std::string Month(int year, int month);  // "/archive/2026/11"
// `base` with ?page=N appended (page 1 is the bare URL, so there is one canonical form).
std::string WithPage(std::string_view base, int page);

}  // namespace web::urls
