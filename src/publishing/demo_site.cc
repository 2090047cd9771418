#include "publishing/demo_site.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <system_error>
#include <utility>

#include "publishing/demo_content.h"
#include "publishing/demo_images.h"

namespace publishing {
namespace {

using base::Result;
using base::Status;

constexpr int kImageWidth = 1200, kImageHeight = 630;  // the usual social-card size
constexpr std::string_view kCreditUrl = "https://example.org/broadside/demo-illustrations";

// FNV-1a: a stable seed per slug, so the same article always gets the same picture.
uint32_t SeedFor(std::string_view slug) {
  uint32_t h = 2166136261u;
  for (unsigned char c : slug) h = (h ^ c) * 16777619u;
  return h;
}

std::vector<std::string> Strings(const std::vector<std::string_view>& in) {
  return {in.begin(), in.end()};
}

// What a translation needs to reuse its original's picture.
struct DrawnImage {
  store::FeatureImage image;
  uint32_t seed = 0;
};

class DemoWriter {
 public:
  DemoWriter(PublishingService& service, std::filesystem::path media_dir)
      : service_(service), media_dir_(std::move(media_dir)), now_(service.Now()) {}

  Status WriteAll() {
    BS_RETURN_IF_ERROR(WriteSections());
    BS_RETURN_IF_ERROR(WriteBylines());
    std::error_code ec;
    std::filesystem::create_directories(media_dir_ / "demo", ec);
    if (ec) return Status::Internal("demo: cannot create media dir: " + ec.message());
    for (const auto& a : demo::EnglishArticles()) BS_RETURN_IF_ERROR(WriteArticle(a));
    for (const auto& a : demo::SpanishArticles()) BS_RETURN_IF_ERROR(WriteArticle(a));
    for (const auto& p : demo::Pages()) BS_RETURN_IF_ERROR(WritePage(p));
    return Status::Ok();
  }

  const DemoStats& stats() const { return stats_; }

 private:
  Status WriteSections() {
    int position = 0;
    for (const auto& s : demo::Sections()) {
      SectionInput in;
      in.slug = s.slug;
      in.name = s.name;
      in.description = s.description;
      in.position = ++position;
      Result<int64_t> id = service_.CreateSection(in);
      if (!id.ok()) return id.status().WithContext("demo section " + in.slug);
      ++stats_.sections;
    }
    return Status::Ok();
  }

  Status WriteBylines() {
    for (const auto& b : demo::Bylines()) {
      BylineInput in;
      in.slug = b.slug;
      in.name = b.name;
      in.kind = b.kind;
      in.title = b.title;
      in.bio_markdown = b.bio_markdown;
      Result<int64_t> id = service_.CreateByline(in);
      if (!id.ok()) return id.status().WithContext("demo byline " + in.slug);
      ++stats_.bylines;
    }
    return Status::Ok();
  }

  // Spreads articles over past days; the hour comes from the slug so that two
  // articles on one day do not share a timestamp. Always before now.
  base::Time PublishedAt(const std::string& slug, int days_ago) const {
    const auto hours = std::chrono::hours(1 + SeedFor(slug) % 10);
    return now_ - std::chrono::days(days_ago) - hours;
  }

  // Draws the picture for a new article, or reuses its original's for a
  // translation (with the alt text in the translation's language).
  Result<store::FeatureImage> ImageFor(const demo::DemoArticle& a) {
    const std::string lang(a.lang);
    std::string credit =
        lang == "es" ? "Ilustración: Broadside demo" : "Illustration: Broadside demo";
    if (!a.translation_of.empty()) {
      auto it = drawn_.find(std::string(a.translation_of));
      if (it == drawn_.end()) return store::FeatureImage{};
      store::FeatureImage image = it->second.image;
      image.alt = DescribeDemoImage(it->second.seed, lang);
      image.caption = a.caption;
      image.credit = std::move(credit);
      return image;
    }
    if (!a.has_image) return store::FeatureImage{};
    const std::string slug(a.slug);
    const uint32_t seed = SeedFor(slug);
    const std::string relative = "demo/" + slug + ".jpg";
    BS_RETURN_IF_ERROR(
        WriteDemoImage((media_dir_ / relative).string(), kImageWidth, kImageHeight, seed));
    store::FeatureImage image;
    image.path = relative;
    image.alt = DescribeDemoImage(seed, lang);
    image.caption = a.caption;
    image.credit = std::move(credit);
    // Some with a link, as real credits sometimes have and sometimes lack.
    if (stats_.images % 3 == 0) image.credit_url = kCreditUrl;
    image.width = kImageWidth;
    image.height = kImageHeight;
    ++stats_.images;
    drawn_[slug] = DrawnImage{image, seed};
    return image;
  }

  Status WriteArticle(const demo::DemoArticle& a) {
    ArticleInput in;
    in.kind = store::ContentKind::kArticle;
    in.slug = a.slug;
    in.title = a.title;
    in.deck = a.deck;
    in.body_markdown = a.body_markdown;
    in.lang = a.lang;
    in.section_slug = a.section;
    in.byline_slugs = Strings(a.bylines);
    in.tags = Strings(a.tags);
    in.status = store::ArticleStatus::kPublished;
    in.published_at = PublishedAt(in.slug, a.days_ago);
    in.featured = a.featured;
    in.translation_of_slug = a.translation_of;
    Result<store::FeatureImage> image = ImageFor(a);
    if (!image.ok()) return image.status().WithContext("demo image " + in.slug);
    in.image = std::move(image).value();
    Result<int64_t> id = service_.CreateArticle(in);
    if (!id.ok()) return id.status().WithContext("demo article " + in.slug);
    ++stats_.articles;
    return Status::Ok();
  }

  Status WritePage(const demo::DemoPage& p) {
    constexpr int kPagesAgeDays = 180;  // the site "opened" before the oldest article
    ArticleInput in;
    in.kind = store::ContentKind::kPage;
    in.slug = p.slug;
    in.title = p.title;
    in.deck = p.deck;
    in.body_markdown = p.body_markdown;
    in.lang = p.lang;
    in.status = store::ArticleStatus::kPublished;
    in.published_at = PublishedAt(in.slug, kPagesAgeDays);
    in.translation_of_slug = p.translation_of;
    Result<int64_t> id = service_.CreateArticle(in);
    if (!id.ok()) return id.status().WithContext("demo page " + in.slug);
    ++stats_.pages;
    return Status::Ok();
  }

  PublishingService& service_;
  const std::filesystem::path media_dir_;
  const base::Time now_;
  DemoStats stats_;
  std::map<std::string, DrawnImage> drawn_;  // by slug of the original
};

}  // namespace

Result<DemoStats> CreateDemoSite(PublishingService& service, const std::string& media_dir) {
  if (media_dir.empty()) return Status::InvalidArgument("demo: media dir required");
  DemoWriter writer(service, media_dir);
  BS_RETURN_IF_ERROR(writer.WriteAll());
  return writer.stats();
}

}  // namespace publishing
