#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "base/time_format.h"
#include "web/feed_xml.h"

namespace web {
namespace {

namespace pt = boost::property_tree;

pt::ptree Parse(const std::string& xml) {
  std::istringstream in(xml);
  pt::ptree tree;
  pt::read_xml(in, tree);  // throws on malformed XML, failing the test
  return tree;
}

FeedInfo Info() {
  FeedInfo info;
  info.title = "Workers & Friends <News>";
  info.site_url = "https://example.org/";
  info.self_url = "https://example.org/feed.xml";
  info.description = "Statements";
  info.lang = "en";
  info.updated = *base::ParseRfc3339("2026-11-01T10:00:00Z");
  return info;
}

std::vector<FeedEntry> Entries() {
  FeedEntry e;
  e.title = "Peace \"now\" & <always>";
  e.url = "https://example.org/articles/peace?x=1&y=2";
  e.summary = "A summary with a control char \x01 dropped";
  e.authors = {"International Department", "Ana Ruiz"};
  e.categories = {"peace", "solidarity"};
  e.published = *base::ParseRfc3339("2026-10-31T09:30:00Z");
  e.updated = *base::ParseRfc3339("2026-11-01T10:00:00Z");
  return {e, e};
}

TEST(FeedXmlTest, RssParsesAndEscapes) {
  pt::ptree tree = Parse(BuildRss(Info(), Entries()));
  const pt::ptree& channel = tree.get_child("rss.channel");
  EXPECT_EQ(channel.get<std::string>("title"), "Workers & Friends <News>");
  EXPECT_EQ(channel.get<std::string>("language"), "en");
  int items = 0;
  for (const auto& [name, child] : channel) {
    if (name != "item") continue;
    ++items;
    EXPECT_EQ(child.get<std::string>("title"), "Peace \"now\" & <always>");
    EXPECT_EQ(child.get<std::string>("link"), "https://example.org/articles/peace?x=1&y=2");
    EXPECT_EQ(child.get<std::string>("pubDate"), "Sat, 31 Oct 2026 09:30:00 GMT");
    EXPECT_EQ(child.get<std::string>("description").find('\x01'), std::string::npos);
  }
  EXPECT_EQ(items, 2);
}

TEST(FeedXmlTest, AtomParsesWithRequiredElements) {
  pt::ptree tree = Parse(BuildAtom(Info(), Entries()));
  const pt::ptree& feed = tree.get_child("feed");
  EXPECT_EQ(feed.get<std::string>("<xmlattr>.xmlns"), "http://www.w3.org/2005/Atom");
  EXPECT_EQ(feed.get<std::string>("id"), "https://example.org/feed.xml");
  EXPECT_EQ(feed.get<std::string>("updated"), "2026-11-01T10:00:00Z");
  int entries = 0;
  for (const auto& [name, child] : feed) {
    if (name != "entry") continue;
    ++entries;
    EXPECT_EQ(child.get<std::string>("published"), "2026-10-31T09:30:00Z");
    EXPECT_EQ(child.get<std::string>("link.<xmlattr>.href"),
              "https://example.org/articles/peace?x=1&y=2");
    EXPECT_EQ(child.count("author"), 2u);
  }
  EXPECT_EQ(entries, 2);
}

TEST(FeedXmlTest, EmptyFeedIsStillValid) {
  EXPECT_NO_THROW(Parse(BuildRss(Info(), {})));
  EXPECT_NO_THROW(Parse(BuildAtom(Info(), {})));
}

}  // namespace
}  // namespace web
