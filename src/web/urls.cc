#include "web/urls.h"

#include <cstdio>

namespace web::urls {

std::string Month(int year, int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "/archive/%04d/%02d", year, month);
  return buf;
}

std::string WithPage(std::string_view base, int page) {
  if (page <= 1) return std::string(base);
  return std::string(base) + "?page=" + std::to_string(page);
}

}  // namespace web::urls
