#pragma once
// Maps (method, path) to a handler. Patterns are literal segments and {name}
// captures of one whole segment: "/tag/{slug}/feed.xml". Routes are tried in
// registration order; the first match wins. Immutable after set-up, so lookups
// are thread-safe. Routes are plain strings in one place (web/routes.cc), so
// `grep` finds them.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace web {

using Params = std::map<std::string, std::string, std::less<>>;
using RouteHandler = std::function<http::Response(const http::Request&, const Params&)>;

class Router {
 public:
  // `methods` e.g. {kGet} — GET routes also answer HEAD.
  void Add(std::vector<http::Method> methods, std::string pattern, RouteHandler handler);

  struct Match {
    const RouteHandler* handler = nullptr;  // null: no route for this path
    Params params;
    bool method_allowed = true;             // false: path matched, method did not (405)
    std::string allow;                      // for the Allow header when !method_allowed
  };
  Match Find(http::Method method, std::string_view path) const;

 private:
  struct Route {
    std::vector<http::Method> methods;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  static bool MatchSegments(const std::vector<std::string>& pattern,
                            const std::vector<std::string_view>& path, Params* params);
  std::vector<Route> routes_;
};

}  // namespace web
