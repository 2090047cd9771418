"""Every interface string has a Spanish translation: the {{#t}} strings in the
default theme and the msgids the C++ code passes to the catalog."""

import os
import re
import unittest

from harness import SOURCE_DIR


def po_entries(path):
    entries, msgid = {}, None
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"', text):
        entries[m.group(1).replace('\\"', '"')] = m.group(2).replace('\\"', '"')
    return entries


def template_msgids():
    ids = set()
    for theme_name in ("default", "admin"):
        ids |= theme_msgids(os.path.join(SOURCE_DIR, "themes", theme_name, "templates"))
    return ids


def theme_msgids(theme):
    ids = set()
    for root, _, files in os.walk(theme):
        for name in files:
            if name.endswith(".mustache"):
                text = open(os.path.join(root, name), encoding="utf-8").read()
                ids.update(s.strip() for s in re.findall(r"\{\{#t\}\}(.*?)\{\{/t\}\}", text, re.S))
    return ids


LITERAL = r'"(?:[^"\\]|\\.)*"'


def literal_runs(code):
    """Each run of adjacent string literals in `code`, joined (C++ concatenates them)."""
    runs = []
    for m in re.finditer(r'(?:' + LITERAL + r'\s*)+', code):
        runs.append("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(0))))
    return [r for r in runs if r]


def code_msgids():
    ids = set()
    for sub in ("web", "render"):
        folder = os.path.join(SOURCE_DIR, "src", sub)
        for name in os.listdir(folder):
            if name.endswith(".cc") and not name.endswith("_test.cc"):
                text = open(os.path.join(folder, name), encoding="utf-8").read()
                ids.update(re.findall(r'Get\(\s*\w+\s*,\s*"((?:[^"\\]|\\.)+)"\)', text))
                ids.update(re.findall(r'return "([A-Z][^"]+)";', text) if name == "status_mapping.cc" else [])
                ids.update(web_code_msgids(text))
    return ids | admin_code_msgids() | members_msgids()


def web_code_msgids(text):
    """The public pages' T(s, lang, "...") strings, the notices and field
    errors their forms show, the messages their problem tables return and the
    labels of their field tables."""
    ids = set()
    for m in re.finditer(r'\bT\(\s*s\s*,\s*\w+\s*,\s*((?:' + LITERAL + r'\s*)+)\)', text):
        ids.update(literal_runs(m.group(1)))
    for m in re.finditer(r'\bnotice\s*=\s*((?:' + LITERAL + r'|[^;"])+);', text):
        ids.update(r for r in literal_runs(m.group(1)) if r[:1].isupper())
    ids.update(re.findall(r'return "([A-Z][^"]+[.?!])";', text))
    ids.update(re.findall(r'\{"\w+", "([A-Z][^"]+)"[,}]', text))
    return ids


def members_msgids():
    """The optional Join questions' labels (members/join_form.h)."""
    text = open(os.path.join(SOURCE_DIR, "src", "members", "join_form.h"), encoding="utf-8").read()
    return set(re.findall(r'\{"\w+", "([^"]+)"\}', text)) - {"Regular"}


def admin_code_msgids():
    """The admin's T(c, "...") strings (adjacent literals joined), its navigation
    and flash-message tables and error headlines, and the names it translates
    from code: roles and outbox states."""
    ids = set()
    folder = os.path.join(SOURCE_DIR, "src", "admin")
    literal = r'"(?:[^"\\]|\\.)*"'
    for name in os.listdir(folder):
        if not name.endswith(".cc") or name.endswith("_test.cc") or "fixture" in name:
            continue
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        for m in re.finditer(r'\bT\(\s*c\s*,\s*((?:' + literal + r'\s*)+)\)', text):
            ids.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
        if name == "view.cc":
            ids.update(re.findall(r'\{"[^"]*", "([^"]+)"', text))
            ids.update(re.findall(r'return "([A-Z][^"]+)";', text))
    # media/ words its upload refusals for people; the admin shows them translated.
    media = open(os.path.join(SOURCE_DIR, "src", "media", "image_processing.cc"),
                 encoding="utf-8").read()
    ids.update(re.findall(r'constexpr char k\w+\[\] = "([^"]+)";', media))
    ids.update(["admin", "editor", "author", "expert", "treasurer", "membership-secretary",
                "chapter-leader", "queued", "sent", "failed", "all"])
    return ids


class TranslationsTest(unittest.TestCase):

    def test_every_template_and_code_string_is_translated(self):
        es = po_entries(os.path.join(SOURCE_DIR, "po", "es.po"))
        wanted = template_msgids() | code_msgids()
        self.assertGreater(len(wanted), 20)
        missing = sorted(m for m in wanted if not es.get(m))
        self.assertEqual(missing, [], "add these to po/es.po")

    def test_month_names_and_date_patterns(self):
        es = po_entries(os.path.join(SOURCE_DIR, "po", "es.po"))
        for month in ("January", "February", "March", "April", "May", "June", "July",
                      "August", "September", "October", "November", "December",
                      "{day} {month} {year}", "{month} {year}"):
            self.assertTrue(es.get(month), month)


if __name__ == "__main__":
    unittest.main()
