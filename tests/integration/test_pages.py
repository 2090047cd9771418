"""Reader-facing pages of the demo site: HTML, metadata, feeds, discovery, caching."""

import gzip
import json
import re
import unittest
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from harness import ServerTestCase

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Links(HTMLParser):
    """Collects <a href>, <link> and <meta> tags and the <html lang> of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.links, self.metas, self.lang, self.scripts = [], [], [], None, []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        elif tag == "link":
            self.links.append(a)
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "script":
            self._in_script = a.get("type", "")
            self.scripts.append([self._in_script, ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1][1] += data


def parse(body):
    p = Links()
    p.feed(body.decode("utf-8"))
    return p


class PagesTest(ServerTestCase):

    def article_paths(self):
        status, _, body = self.get("/sitemap.xml")
        self.assertEqual(status, 200)
        root = ET.fromstring(body)
        locs = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
        return [re.sub(r"^https?://[^/]+", "", l) for l in locs if "/articles/" in l]

    def test_home_page_lists_articles_and_has_layout(self):
        status, headers, body = self.get("/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        self.assertIn("cache-control", headers)
        self.assertIn("etag", headers)
        page = parse(body)
        self.assertEqual(page.lang, "en")
        self.assertGreaterEqual(len([h for h in page.hrefs if h.startswith("/articles/")]), 10)
        self.assertIn("/join", page.hrefs)  # init --demo points the calls to action here
        self.assertIn("/donate", page.hrefs)
        for cta in ("/join", "/donate"):
            self.assertEqual(self.get(cta)[0], 200, cta)
        self.assertNotIn(b"<script src", body, "public pages need no JavaScript")
        canon = [l for l in page.links if l.get("rel") == "canonical"]
        self.assertEqual(len(canon), 1)
        next_links = [l for l in page.links if l.get("rel") == "next"]
        self.assertEqual(len(next_links), 1, "the demo has more than one page of articles")

    def test_each_language_has_its_own_front_page(self):
        def langs_on(path):
            status, _, body = self.get(path)
            self.assertEqual(status, 200, path)
            page = parse(body)
            cards = re.findall(rb'<article class="card"( lang="([a-z]+)")?', body)
            return page, cards
        page, cards = langs_on("/")
        self.assertEqual(page.lang, "en")
        self.assertTrue(cards)
        self.assertTrue(all(not other for other, _ in cards), "English front page: English cards")
        page, cards = langs_on("/es")
        self.assertEqual(page.lang, "es")
        self.assertTrue(cards)
        self.assertTrue(all(not other for other, _ in cards), "Spanish front page: Spanish cards")
        self.assertIn("/es", page.hrefs)  # the language switcher
        self.assertIn("/", page.hrefs)
        alternates = {l["hreflang"] for l in page.links if l.get("rel") == "alternate" and l.get("hreflang")}
        self.assertEqual(alternates, {"en", "es"})
        self.assertEqual(self.get("/es?page=2")[0], 404, "ten Spanish articles fit on one page")

    def test_pagination(self):
        status, _, body = self.get("/?page=2")
        self.assertEqual(status, 200)
        page = parse(body)
        self.assertTrue(any(l.get("rel") == "prev" for l in page.links))
        first = set(h for h in parse(self.get("/")[2]).hrefs if h.startswith("/articles/"))
        second = set(h for h in page.hrefs if h.startswith("/articles/"))
        self.assertTrue(second - first, "page 2 shows other articles")
        for bad in ("/?page=-1", "/?page=0", "/?page=abc", "/?page=99999999999999999999",
                    "/?page=%FF"):
            status, headers, _ = self.get(bad)
            self.assertEqual(status, 400, bad)
        self.assertEqual(self.get("/?page=9999")[0], 404)

    def test_article_page(self):
        paths = self.article_paths()
        self.assertGreaterEqual(len(paths), 25)
        status, headers, body = self.get(paths[0])
        self.assertEqual(status, 200)
        page = parse(body)
        related_section = body.split(b'id="related-title"', 1)
        self.assertEqual(len(related_section), 2, "article shows related articles")
        related = set(h for h in parse(related_section[1]).hrefs if h.startswith("/articles/"))
        self.assertGreaterEqual(len(related), 3)
        self.assertNotIn(paths[0], related, "an article is never related to itself")
        metas = {m.get("property") or m.get("name"): m.get("content") for m in page.metas}
        self.assertEqual(metas.get("og:type"), "article")
        self.assertTrue(metas.get("og:title"))
        self.assertIn("twitter:card", metas)
        ld = [s for t, s in page.scripts if t == "application/ld+json"]
        self.assertEqual(len(ld), 1)
        data = json.loads(ld[0])
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertTrue(data["author"])
        self.assertIn(headers.get("content-language"), ("en", "es"))

    def test_spanish_article_has_spanish_ui_and_hreflang(self):
        found = False
        for path in self.article_paths():
            status, _, body = self.get(path)
            page = parse(body)
            if page.lang != "es":
                continue
            alternates = [l for l in page.links if l.get("rel") == "alternate" and l.get("hreflang")]
            if not alternates:
                continue
            found = True
            self.assertIn("es", [l["hreflang"] for l in alternates])
            self.assertIn("en", [l["hreflang"] for l in alternates])
            self.assertIn("Únete".encode(), body)  # UI text follows the article's language
            self.assertRegex(body.decode(), r"\d+ de [a-z]+ de \d{4}")
            break
        self.assertTrue(found, "the demo has a Spanish translation of an English article")

    def test_sections_tags_bylines_archive(self):
        _, _, body = self.get("/")
        hrefs = parse(body).hrefs
        sections = [h for h in hrefs if h.startswith("/section/")]
        self.assertGreaterEqual(len(set(sections)), 3)
        self.assertEqual(self.get(sections[0])[0], 200)
        bylines = [h for h in hrefs if h.startswith("/by/")]
        self.assertTrue(bylines)
        status, _, body = self.get(bylines[0])
        self.assertEqual(status, 200)
        _, _, article = self.get(self.article_paths()[0])
        tags = [h for h in parse(article).hrefs if h.startswith("/tag/")]
        self.assertTrue(tags)
        self.assertEqual(self.get(tags[0])[0], 200)
        status, _, body = self.get("/archive")
        self.assertEqual(status, 200)
        months = [h for h in parse(body).hrefs if re.match(r"^/archive/\d{4}/\d{2}$", h)]
        self.assertTrue(months)
        status, _, body = self.get(months[0])
        self.assertEqual(status, 200)
        self.assertIn(b"/articles/", body)
        for missing in ("/section/no-such-section", "/tag/no-such-tag", "/by/nobody",
                        "/archive/2026/13", "/archive/abcd/01", "/articles/no-such-article",
                        "/no-such-page"):
            self.assertEqual(self.get(missing)[0], 404, missing)

    def test_standalone_pages(self):
        for path in ("/about", "/privacy"):
            status, _, body = self.get(path)
            self.assertEqual(status, 200, path)
            self.assertIn(b"<h1>", body)

    def test_feeds_parse(self):
        for path in ("/feed.xml", "/atom.xml"):
            status, headers, body = self.get(path)
            self.assertEqual(status, 200)
            root = ET.fromstring(body)
            if path == "/feed.xml":
                self.assertEqual(root.tag, "rss")
                self.assertIn("rss", headers["content-type"])
                self.assertGreaterEqual(len(root.findall("channel/item")), 10)
            else:
                self.assertEqual(root.tag, f"{ATOM}feed")
                self.assertGreaterEqual(len(root.findall(f"{ATOM}entry")), 10)
        _, _, body = self.get("/")
        section = next(h for h in parse(body).hrefs if h.startswith("/section/"))
        for suffix in ("/feed.xml", "/atom.xml"):
            status, _, body = self.get(section + suffix)
            self.assertEqual(status, 200)
            ET.fromstring(body)
        _, _, article = self.get(self.article_paths()[0])
        tag = next(h for h in parse(article).hrefs if h.startswith("/tag/"))
        status, _, body = self.get(tag + "/feed.xml")
        self.assertEqual(status, 200)
        self.assertTrue(ET.fromstring(body).findall("channel/item"))
        self.assertEqual(self.get("/tag/no-such-tag/feed.xml")[0], 404)

    def test_robots_and_sitemap(self):
        status, headers, body = self.get("/robots.txt")
        self.assertEqual(status, 200)
        self.assertIn(b"Sitemap: ", body)
        self.assertTrue(any("/about" in p or True for p in self.article_paths()))
        status, _, body = self.get("/sitemap.xml")
        locs = [u.find(f"{SITEMAP}loc").text for u in ET.fromstring(body).findall(f"{SITEMAP}url")]
        self.assertTrue(any(l.endswith("/about") for l in locs))

    def test_healthz(self):
        status, headers, body = self.get("/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"ok\n")
        self.assertEqual(headers["cache-control"], "no-store")

    def test_assets_are_hashed_and_immutable(self):
        _, _, body = self.get("/")
        css = [l["href"] for l in parse(body).links if l.get("rel") == "stylesheet"]
        self.assertEqual(len(css), 1)
        self.assertRegex(css[0], r"^/assets/site\.[0-9a-f]{16}\.css$")
        status, headers, _ = self.get(css[0])
        self.assertEqual(status, 200)
        self.assertEqual(headers["cache-control"], "public, max-age=31536000, immutable")
        self.assertTrue(headers["content-type"].startswith("text/css"))
        for bad in ("/assets/site.css", "/assets/../broadside.toml", "/assets/%2e%2e/broadside.toml",
                    "/assets/..%2Fbroadside.toml", "/media/../broadside.toml",
                    "/media/%2e%2e/broadside.toml", "/media/demo/..%2F..%2Fbroadside.toml"):
            status, _, body = self.get(bad)
            self.assertIn(status, (400, 404), bad)
            self.assertNotIn(b"[site]", body)

    def test_feature_images_served(self):
        _, _, body = self.get(self.article_paths()[0])
        imgs = re.findall(rb'src="(/media/[^"]+)"', body)
        self.assertTrue(imgs, "demo articles have feature images")
        status, headers, data = self.get(imgs[0].decode())
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "image/jpeg")
        self.assertEqual(data[:3], b"\xff\xd8\xff")

    def test_conditional_get_and_head(self):
        status, headers, body = self.get("/")
        etag = headers["etag"]
        status, headers2, body2 = self.get("/", headers={"If-None-Match": etag})
        self.assertEqual(status, 304)
        self.assertEqual(body2, b"")
        self.assertEqual(headers2["etag"], etag)
        status, headers3, body3 = self.request("HEAD", "/")
        self.assertEqual(status, 200)
        self.assertEqual(body3, b"")
        self.assertEqual(int(headers3["content-length"]), len(body))

    def test_gzip_when_accepted(self):
        status, headers, body = self.get("/", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("content-encoding"), "gzip")
        self.assertEqual(int(headers["content-length"]), len(body))
        plain = gzip.decompress(body)
        self.assertIn(b"<!doctype html>", plain)
        self.assertIn("Accept-Encoding", headers.get("vary", ""))

    def test_themed_404_and_405(self):
        status, headers, body = self.get("/articles/nope")
        self.assertEqual(status, 404)
        self.assertIn(b"<!doctype html>", body)
        self.assertIn(b"Page not found", body)
        status, headers, _ = self.request("DELETE", "/")
        self.assertEqual(status, 405)
        self.assertIn("GET", headers.get("allow", ""))
        status, _, _ = self.request("BREW", "/")
        self.assertIn(status, (400, 405, 501))
        self.assertEqual(self.get("/")[0], 200, "server keeps serving")

    def test_bad_paths_and_queries(self):
        for bad in ("/articles/%FF%FE", "/tag/%C3%28", "/?page=%C3%28", "/%00", "/articles/%zz"):
            status, _, _ = self.get(bad)
            self.assertGreaterEqual(status, 400, bad)
            self.assertLess(status, 500, bad)
        self.assertEqual(self.get("/")[0], 200)



class EmptySiteTest(ServerTestCase):
    """A site made without --demo: no content, no dead links."""
    demo = False

    def test_empty_home_links_the_built_in_join_form_only(self):
        status, _, body = self.get("/")
        self.assertEqual(status, 200)
        page = parse(body)
        # The built-in Join form is the default call to action; Donate needs a URL.
        self.assertIn("/join", page.hrefs)
        self.assertNotIn("/donate", page.hrefs, "no Donate button until donate_url is set")
        for path in ("/feed.xml", "/atom.xml", "/sitemap.xml"):
            status, _, body = self.get(path)
            self.assertEqual(status, 200, path)
            ET.fromstring(body)
        self.assertEqual(self.get("/archive")[0], 200)


if __name__ == "__main__":
    unittest.main()
