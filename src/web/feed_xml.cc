#include "web/feed_xml.h"

#include "base/text.h"
#include "base/time_format.h"

namespace web {

using base::EscapeXml;

std::string BuildRss(const FeedInfo& info, const std::vector<FeedEntry>& entries) {
  std::string x;
  x.reserve(1024 + entries.size() * 600);
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n";
  x += "<title>" + EscapeXml(info.title) + "</title>\n";
  x += "<link>" + EscapeXml(info.site_url) + "</link>\n";
  x += "<description>" + EscapeXml(info.description.empty() ? info.title : info.description) +
       "</description>\n";
  x += "<language>" + EscapeXml(info.lang) + "</language>\n";
  x += "<lastBuildDate>" + base::FormatRfc1123(info.updated) + "</lastBuildDate>\n";
  x += "<atom:link href=\"" + EscapeXml(info.self_url) +
       "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  for (const FeedEntry& e : entries) {
    x += "<item>\n";
    x += "<title>" + EscapeXml(e.title) + "</title>\n";
    x += "<link>" + EscapeXml(e.url) + "</link>\n";
    x += "<guid isPermaLink=\"true\">" + EscapeXml(e.url) + "</guid>\n";
    x += "<pubDate>" + base::FormatRfc1123(e.published) + "</pubDate>\n";
    for (const auto& a : e.authors) x += "<dc:creator>" + EscapeXml(a) + "</dc:creator>\n";
    for (const auto& c : e.categories) x += "<category>" + EscapeXml(c) + "</category>\n";
    x += "<description>" + EscapeXml(e.summary) + "</description>\n";
    x += "</item>\n";
  }
  x += "</channel>\n</rss>\n";
  return x;
}

std::string BuildAtom(const FeedInfo& info, const std::vector<FeedEntry>& entries) {
  std::string x;
  x.reserve(1024 + entries.size() * 700);
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + EscapeXml(info.lang) + "\">\n";
  x += "<id>" + EscapeXml(info.self_url) + "</id>\n";
  x += "<title>" + EscapeXml(info.title) + "</title>\n";
  if (!info.description.empty()) x += "<subtitle>" + EscapeXml(info.description) + "</subtitle>\n";
  x += "<updated>" + base::FormatRfc3339(info.updated) + "</updated>\n";
  x += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" + EscapeXml(info.self_url) +
       "\"/>\n";
  x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + EscapeXml(info.site_url) + "\"/>\n";
  // Atom requires an author on the feed when an entry lacks one.
  x += "<author><name>" + EscapeXml(info.title) + "</name></author>\n";
  for (const FeedEntry& e : entries) {
    x += "<entry>\n";
    x += "<id>" + EscapeXml(e.url) + "</id>\n";
    x += "<title>" + EscapeXml(e.title) + "</title>\n";
    x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + EscapeXml(e.url) + "\"/>\n";
    x += "<published>" + base::FormatRfc3339(e.published) + "</published>\n";
    x += "<updated>" + base::FormatRfc3339(e.updated) + "</updated>\n";
    for (const auto& a : e.authors) x += "<author><name>" + EscapeXml(a) + "</name></author>\n";
    for (const auto& c : e.categories) x += "<category term=\"" + EscapeXml(c) + "\"/>\n";
    x += "<summary>" + EscapeXml(e.summary) + "</summary>\n";
    x += "</entry>\n";
  }
  x += "</feed>\n";
  return x;
}

}  // namespace web
