"""The donor's side of giving beyond the gift itself, through the real binary
(issue 6): the annual summary form (/donate/summary) mails a donor the year's
gifts and answers a stranger with the same page and no mail; and, with
[donations] customer_portal = true, the receipt's link to a monthly gift
opens Stripe's customer portal at the Stripe TEST DOUBLE (tests/stripe_double/,
not Stripe) without spending the link, which still cancels afterwards.
Mail goes to a real SMTP server on loopback, as in test_donate."""

import re
import time
import unittest
import urllib.parse

import test_donate as base


def main_of(page):
    """The page's <main> element: what the form's answer says."""
    start, end = page.find("<main"), page.find("</main>")
    assert start >= 0 and end > start, page[:500]
    return page[start:end]


class DonateSummaryTest(base.DonateSiteTestCase):
    tmp_prefix = "broadside-donate-summary-it-"

    @classmethod
    def configure_site(cls, toml_path):
        with open(toml_path, encoding="utf-8") as f:
            text = f.read()
        text, n = re.subn(r"(?m)^customer_portal = false$", "customer_portal = true", text)
        assert n == 1, f"customer_portal matched {n} times"
        with open(toml_path, "w", encoding="utf-8") as f:
            f.write(text)

    def ask_summary(self, email_address, year):
        status, _, page = self.site("GET", "/donate/summary")
        self.assertEqual(status, 200, page[:500])
        token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
        return self.site("POST", "/donate/summary",
                         {"form_token": token, "email": email_address, "year": str(year)})

    def test_summary_mails_a_donor_and_tells_a_stranger_nothing(self):
        donor, stranger = "summary-donor@example.org", "summary-stranger@example.org"
        year = time.gmtime().tm_year  # the site's zone is UTC by default
        status, _, page = self.site("GET", "/donate")
        self.assertIn('href="/donate/summary"', page)
        self.pay(self.donate(donor, "30"))
        receipt = self.smtp.wait_for(1, to=donor)[0]
        self.assertIn("/donate/summary", base.text_of(receipt))

        status, _, answer = self.ask_summary(donor, year)
        self.assertEqual(status, 200, answer[:1000])
        mails = self.smtp.wait_for(2, to=donor)
        summary = [m for m in mails if "donations in" in str(m["Subject"])]
        self.assertEqual(len(summary), 1, [str(m["Subject"]) for m in mails])
        text = base.text_of(summary[0])
        self.assertIn("$30.00", text)
        self.assertIn(str(year), text)
        self.assertIn("Friends of the Test PAC", text)
        self.assertIn("Contributions are not tax deductible.", text)

        status, _, other = self.ask_summary(stranger, year)
        self.assertEqual(status, 200)
        self.assertEqual(main_of(answer).replace(donor, ""), main_of(other).replace(stranger, ""))
        time.sleep(1.0)  # a mail, if one were queued, would have arrived by now
        self.assertEqual(self.smtp.messages(to=stranger), [])

    def test_bad_summary_input_is_refused_with_text_kept(self):
        status, _, page = self.ask_summary("summary-bad@example.org", time.gmtime().tm_year + 1)
        self.assertEqual(status, 422)
        self.assertIn('value="summary-bad@example.org"', page)
        status, _, page = self.ask_summary("not an address", "2025")
        self.assertEqual(status, 422)
        self.assertIn('value="not an address"', page)

    def test_portal_from_the_receipt_link_leaves_the_link_working(self):
        donor = "portal@example.org"
        session = self.pay(self.donate(donor, "12", monthly=True))
        text = base.text_of(self.smtp.wait_for(1, to=donor)[0])
        link = re.search(r"(http\S+/donate/cancel\?token=\S+)", text).group(1)
        query = urllib.parse.urlsplit(link).query
        token = urllib.parse.parse_qs(query)["token"][0]

        status, _, page = self.site("GET", "/donate/cancel?" + query)
        self.assertEqual(status, 200)
        self.assertIn('action="/donate/portal"', page)
        status, headers, body = self.site("POST", "/donate/portal", {"token": token})
        self.assertEqual(status, 303, body[:1000])
        portal = headers["location"]
        self.assertTrue(portal.startswith(self.stripe.base_url + "/portal/bps_"), portal)
        parsed = urllib.parse.urlsplit(portal)
        status, _, page = base.request(parsed.hostname, parsed.port, "GET", parsed.path)
        self.assertEqual(status, 200)
        status, cs = self.stripe.control("GET", f"/_double/objects/{session}")
        self.assertIn(cs["subscription"], page)

        # The link still cancels: opening the portal did not spend it.
        status, _, page = self.site("POST", "/donate/cancel", {"token": token})
        self.assertEqual(status, 200, page[:1000])
        status, sub = self.stripe.control("GET", f"/_double/objects/{cs['subscription']}")
        self.assertEqual(sub["status"], "canceled")
        status, _, _ = self.site("POST", "/donate/portal", {"token": "no-such-link"})
        self.assertEqual(status, 410)


if __name__ == "__main__":
    unittest.main()
