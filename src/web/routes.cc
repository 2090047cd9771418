// Every public route, in one list, and the glue that turns a handler's
// Result into a response (errors through status_mapping.cc only).

#include <exception>

#include "web/chapters_pages.h"
#include "web/donate_pages.h"
#include "web/handlers.h"
#include "web/join_pages.h"
#include "web/mailbag_pages.h"
#include "web/portal_pages.h"
#include "web/router.h"
#include "web/site.h"
#include "web/status_mapping.h"

namespace web {
namespace {

using HandlerFn = HandlerResult (*)(const SiteDeps&, const http::Request&, const Params&);

void AddGet(Router& r, const SiteDeps& d, std::string pattern, HandlerFn fn) {
  r.Add({http::Method::kGet}, std::move(pattern),
        [&d, fn](const http::Request& req, const Params& p) -> http::Response {
          HandlerResult result = fn(d, req, p);
          if (!result.ok()) return ErrorResponse(d, req, result.status());
          return std::move(result).value();
        });
}

// A route whose handler takes a domain's own deps (the Mailbag's, the
// membership's) rather than SiteDeps; errors still go through SiteDeps.
template <typename Deps>
void AddWith(Router& r, const SiteDeps& d, const Deps& deps, http::Method method,
             std::string pattern,
             HandlerResult (*fn)(const Deps&, const http::Request&, const Params&)) {
  r.Add({method}, std::move(pattern),
        [&d, &deps, fn](const http::Request& req, const Params& p) -> http::Response {
          HandlerResult result = fn(deps, req, p);
          if (!result.ok()) return ErrorResponse(d, req, result.status());
          return std::move(result).value();
        });
}

using MailbagFn = HandlerResult (*)(const MailbagDeps&, const http::Request&, const Params&);

void AddMailbag(Router& r, const SiteDeps& d, http::Method method, std::string pattern,
                MailbagFn fn) {
  AddWith(r, d, *d.mailbag, method, std::move(pattern), fn);
}

Router BuildRouter(const SiteDeps& d) {
  Router r;
  AddGet(r, d, "/", HomePage);
  for (const std::string& lang : d.site->languages) {
    if (lang == d.site->default_language) continue;
    r.Add({http::Method::kGet}, "/" + lang,
          [&d, lang](const http::Request& req, const Params&) -> http::Response {
            HandlerResult result = LanguageHome(d, req, lang);
            if (!result.ok()) return ErrorResponse(d, req, result.status());
            return std::move(result).value();
          });
  }
  AddGet(r, d, "/articles/{slug}", ArticlePage);
  AddGet(r, d, "/section/{slug}", SectionPage);
  AddGet(r, d, "/section/{slug}/feed.xml", SectionRss);
  AddGet(r, d, "/section/{slug}/atom.xml", SectionAtom);
  AddGet(r, d, "/tag/{slug}", TagPage);
  AddGet(r, d, "/tag/{slug}/feed.xml", TagRss);
  AddGet(r, d, "/tag/{slug}/atom.xml", TagAtom);
  AddGet(r, d, "/by/{slug}", BylinePage);
  if (d.search != nullptr) {
    AddGet(r, d, "/search", SearchPage);
    AddGet(r, d, "/search/suggest", SearchSuggest);
  }
  if (d.mailbag != nullptr) {
    // Fixed paths before /mailbag/{slug}.
    AddMailbag(r, d, http::Method::kGet, "/mailbag", MailbagArchive);
    AddMailbag(r, d, http::Method::kGet, "/mailbag/ask", MailbagAskForm);
    AddMailbag(r, d, http::Method::kPost, "/mailbag/ask", MailbagAskSubmit);
    if (d.search != nullptr) {
      AddMailbag(r, d, http::Method::kGet, "/mailbag/similar", MailbagSimilar);
    }
    AddMailbag(r, d, http::Method::kGet, "/mailbag/feed.xml", MailbagRss);
    AddMailbag(r, d, http::Method::kGet, "/mailbag/atom.xml", MailbagAtom);
    AddMailbag(r, d, http::Method::kGet, "/mailbag/{slug}", MailbagQuestion);
  }
  if (d.join != nullptr) {
    const JoinDeps& j = *d.join;
    using M = http::Method;
    AddWith(r, d, j, M::kGet, "/join", JoinForm);
    AddWith(r, d, j, M::kPost, "/join", JoinSubmit);
    AddWith(r, d, j, M::kGet, "/join/confirm", JoinConfirmForm);
    AddWith(r, d, j, M::kPost, "/join/confirm", JoinConfirmSubmit);
    AddWith(r, d, j, M::kGet, "/members", PortalHome);
    AddWith(r, d, j, M::kGet, "/members/sign-in", PortalSignInForm);
    AddWith(r, d, j, M::kPost, "/members/sign-in", PortalSignInSubmit);
    AddWith(r, d, j, M::kGet, "/members/data.json", PortalData);
    AddWith(r, d, j, M::kPost, "/members/delete", PortalDelete);
    AddWith(r, d, j, M::kPost, "/members/sign-out", PortalSignOut);
    AddWith(r, d, j, M::kGet, "/members/edit", PortalEditForm);
    AddWith(r, d, j, M::kPost, "/members/edit", PortalEditSubmit);
    AddWith(r, d, j, M::kPost, "/members/preferences", PortalPreferences);
    AddWith(r, d, j, M::kGet, "/members/email", PortalEmailForm);
    AddWith(r, d, j, M::kPost, "/members/email", PortalEmailSubmit);
    AddWith(r, d, j, M::kGet, "/members/email/confirm", PortalEmailConfirmForm);
    AddWith(r, d, j, M::kPost, "/members/email/confirm", PortalEmailConfirmSubmit);
  }
  if (d.chapters != nullptr) {
    const ChaptersDeps& c = *d.chapters;
    AddWith(r, d, c, http::Method::kGet, "/chapters", ChaptersList);
    AddWith(r, d, c, http::Method::kGet, "/chapters/{slug}", ChapterContactForm);
    AddWith(r, d, c, http::Method::kPost, "/chapters/{slug}", ChapterContactSubmit);
  }
  if (d.donate != nullptr) {
    const DonateDeps& g = *d.donate;
    AddWith(r, d, g, http::Method::kGet, "/donate", DonateForm);
    AddWith(r, d, g, http::Method::kPost, "/donate", DonateSubmit);
    AddWith(r, d, g, http::Method::kGet, "/donate/thanks", DonateThanks);
    AddWith(r, d, g, http::Method::kGet, "/donate/cancel", DonateCancelForm);
    AddWith(r, d, g, http::Method::kPost, "/donate/cancel", DonateCancelSubmit);
    if (g.portal != nullptr) {
      AddWith(r, d, g, http::Method::kPost, "/donate/portal", DonatePortalSubmit);
    }
    if (g.summaries != nullptr) {
      AddWith(r, d, g, http::Method::kGet, "/donate/summary", DonateSummaryForm);
      AddWith(r, d, g, http::Method::kPost, "/donate/summary", DonateSummarySubmit);
    }
    AddWith(r, d, g, http::Method::kPost, "/stripe/webhook", StripeWebhook);
  }
  AddGet(r, d, "/archive", ArchiveIndex);
  AddGet(r, d, "/archive/{year}/{month}", MonthPage);
  AddGet(r, d, "/feed.xml", SiteRss);
  AddGet(r, d, "/atom.xml", SiteAtom);
  AddGet(r, d, "/sitemap.xml", Sitemap);
  AddGet(r, d, "/robots.txt", Robots);
  AddGet(r, d, "/healthz", Health);
  AddGet(r, d, "/assets/{file}", Asset);
  AddGet(r, d, "/media/{a}", MediaFile);
  AddGet(r, d, "/media/{a}/{b}", MediaFile);
  AddGet(r, d, "/media/{a}/{b}/{c}", MediaFile);
  // Standalone pages (About, Privacy) live at the top level; registered last
  // so every fixed route above wins.
  AddGet(r, d, "/{slug}", StandalonePage);
  return r;
}

}  // namespace

http::Handler MakePublicHandler(const SiteDeps& deps) {
  auto router = std::make_shared<const Router>(BuildRouter(deps));
  return [router, &deps](const http::Request& req) -> http::Response {
    if (req.method == http::Method::kOther) {
      http::Response res = ErrorResponse(deps, req, 405);
      res.Header("Allow", "GET, HEAD, POST");
      return res;
    }
    Router::Match m = router->Find(req.method, req.path);
    if (m.handler == nullptr) {
      if (!m.method_allowed) {
        http::Response res = ErrorResponse(deps, req, 405);
        res.Header("Allow", m.allow);
        return res;
      }
      return ErrorResponse(deps, req, 404);
    }
    return (*m.handler)(req, m.params);
  };
}

}  // namespace web
