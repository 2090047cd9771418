#pragma once
// `broadside init --demo`: a believable demo site written by this project, so a
// new user sees a real site at once — about 30 articles across three sections
// (Statements, Party Voices, News), English and Spanish with translations
// linked, people and bodies as bylines, tags, standalone pages (About,
// Privacy), and generated feature images with alt text and credits.

#include <string>

#include "base/status.h"
#include "publishing/publishing_service.h"

namespace mailbag {
class MailbagService;
}  // namespace mailbag

namespace publishing {

struct DemoStats {
  int articles = 0, pages = 0, bylines = 0, sections = 0, images = 0;
};

// Writes the demo content through `service`, and its feature images as JPEG
// files under `media_dir`/demo/ (created if needed). Publication dates spread
// over the months before service.Now(). Fails (without partial cleanup — the
// caller starts from an empty data dir) with the first error.
base::Result<DemoStats> CreateDemoSite(PublishingService& service, const std::string& media_dir);

struct DemoMailbagStats {
  int topics = 0, published = 0, waiting = 0;
};

// demo_site_mailbag.cc: the demo's Mailbag, so the home page box and
// /mailbag are not empty — topics, Q&As in English and Spanish answered and
// co-signed by the demo's people and published, and a few questions still
// waiting in the back office's queue. Everything goes through `mailbag` as
// the system (actor 0); no asker gives an email, so nobody is written to.
// Published in order, so they date from `mailbag`'s clock at the time.
// REQUIRES: CreateDemoSite ran first on the same store (the bylines).
// Fails with the first error (NotFound for a byline the demo lacks).
base::Result<DemoMailbagStats> CreateDemoMailbag(mailbag::MailbagService& mailbag,
                                                 PublishingService& publishing);

}  // namespace publishing
