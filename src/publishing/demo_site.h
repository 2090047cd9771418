#pragma once
// `broadside init --demo`: a believable demo site written by this project, so a
// new user sees a real site at once — about 30 articles across three sections
// (Statements, Party Voices, News), English and Spanish with translations
// linked, people and bodies as bylines, tags, standalone pages (About,
// Privacy), and generated feature images with alt text and credits.

#include <string>

#include "base/status.h"
#include "publishing/publishing_service.h"

namespace publishing {

struct DemoStats {
  int articles = 0, pages = 0, bylines = 0, sections = 0, images = 0;
};

// Writes the demo content through `service`, and its feature images as JPEG
// files under `media_dir`/demo/ (created if needed). Publication dates spread
// over the months before service.Now(). Fails (without partial cleanup — the
// caller starts from an empty data dir) with the first error.
base::Result<DemoStats> CreateDemoSite(PublishingService& service, const std::string& media_dir);

}  // namespace publishing
