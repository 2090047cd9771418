#pragma once
// RSS 2.0 and Atom 1.0 documents from plain data: no I/O, so tests can parse
// what comes out. All text is XML-escaped here.

#include <string>
#include <vector>

#include "base/clock.h"

namespace web {

struct FeedEntry {
  std::string title, url, summary;  // url absolute
  std::vector<std::string> authors, categories;
  base::Time published{}, updated{};
};

struct FeedInfo {
  std::string title, site_url, self_url, description, lang;  // urls absolute
  base::Time updated{};
};

std::string BuildRss(const FeedInfo& info, const std::vector<FeedEntry>& entries);
std::string BuildAtom(const FeedInfo& info, const std::vector<FeedEntry>& entries);

}  // namespace web
