#include "web/router.h"

#include "base/text.h"

namespace web {
namespace {

std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return out;
  for (std::string_view seg : base::Split(path, '/')) out.push_back(seg);
  return out;
}

std::string_view MethodName(http::Method m) {
  switch (m) {
    case http::Method::kGet: return "GET, HEAD";
    case http::Method::kHead: return "HEAD";
    case http::Method::kPost: return "POST";
    case http::Method::kOther: return "";
  }
  return "";
}

}  // namespace

void Router::Add(std::vector<http::Method> methods, std::string pattern, RouteHandler handler) {
  Route r;
  r.methods = std::move(methods);
  for (std::string_view seg : PathSegments(pattern)) r.segments.emplace_back(seg);
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

bool Router::MatchSegments(const std::vector<std::string>& pattern,
                           const std::vector<std::string_view>& path, Params* params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      (*params)[p.substr(1, p.size() - 2)] = std::string(path[i]);
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

Router::Match Router::Find(http::Method method, std::string_view path) const {
  Match m;
  const auto segments = PathSegments(path);
  bool path_matched = false;
  for (const Route& r : routes_) {
    Params params;
    if (!MatchSegments(r.segments, segments, &params)) continue;
    for (http::Method allowed : r.methods) {
      if (allowed == method || (allowed == http::Method::kGet && method == http::Method::kHead)) {
        m.handler = &r.handler;
        m.params = std::move(params);
        m.method_allowed = true;
        return m;
      }
    }
    if (!path_matched) {
      path_matched = true;
      for (http::Method allowed : r.methods) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += MethodName(allowed);
      }
    }
  }
  m.method_allowed = !path_matched;
  return m;
}

}  // namespace web
