#include "mail/mime.h"

#include <gtest/gtest.h>

#include "mail/mime_reader_for_test.h"

namespace mail {
namespace {

using testing::DecodeHeader;
using testing::Entity;
using testing::ParseEntity;

const base::Time kDate = base::Time(std::chrono::seconds(1'800'000'000));  // 2027-01-15 08:00:00

Sender From() { return {"news@example.org", "Periódico Obrero", "editors@example.org"}; }

Message Basic() {
  Message m;
  m.to_address = "ana@example.net";
  m.to_name = "Ana Pérez";
  m.subject = "Invitación a Broadside — ¡bienvenida!";
  m.text = "Hola Ana,\n\nHaz clic aquí: https://example.org/i?a=1&b=2\n";
  m.html = "<p>Hola Ana,</p>\n<p><a href=\"https://example.org/i?a=1&amp;b=2\">Aquí</a></p>\n";
  return m;
}

std::string Crlf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

Entity Build(const Message& m, const Sender& from = From()) {
  auto built = BuildMime(m, from, kDate, "<abc123@example.org>");
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return ParseEntity(built.ok() ? *built : "");
}

TEST(MimeTest, HeadersArePresentAndWellFormed) {
  auto built = BuildMime(Basic(), From(), kDate, "<abc123@example.org>");
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Entity e = ParseEntity(*built);
  EXPECT_EQ(e.header("date"), "Fri, 15 Jan 2027 08:00:00 +0000");
  EXPECT_EQ(e.header("message-id"), "<abc123@example.org>");
  EXPECT_EQ(e.header("mime-version"), "1.0");
  EXPECT_EQ(e.header("reply-to"), "editors@example.org");
  EXPECT_EQ(DecodeHeader(e.header("subject")), "Invitación a Broadside — ¡bienvenida!");
  EXPECT_EQ(DecodeHeader(e.header("from")), "Periódico Obrero <news@example.org>");
  EXPECT_EQ(DecodeHeader(e.header("to")), "Ana Pérez <ana@example.net>");
  EXPECT_NE(e.header("subject").find("=?UTF-8?Q?"), std::string::npos);
  EXPECT_TRUE(e.header("content-type").starts_with("multipart/alternative; boundary=\""));

  bool bare_lf = false;
  EXPECT_LE(testing::LongestLine(*built, &bare_lf), 78u);
  EXPECT_FALSE(bare_lf);
  for (char c : *built) EXPECT_TRUE(c > 0 && static_cast<unsigned char>(c) < 0x80);  // 7-bit
}

TEST(MimeTest, BothPartsDecodeBackExactly) {
  const Entity e = Build(Basic());
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(e.parts[1].header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(e.parts[0].decoded, Crlf(Basic().text));
  EXPECT_EQ(e.parts[1].decoded, Crlf(Basic().html));
}

TEST(MimeTest, TextOnlyWhenNoHtml) {
  Message m = Basic();
  m.html.clear();
  const Entity e = Build(m);
  EXPECT_TRUE(e.parts.empty());
  EXPECT_EQ(e.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(e.decoded, Crlf(m.text) + "\r\n");  // the message's final CRLF
}

TEST(MimeTest, AsciiHeadersStayReadable) {
  Message m = Basic();
  m.subject = "Your invitation to Broadside";
  m.to_name = "Ana";
  Sender from = From();
  from.name = "Worker's Paper, Ltd.";
  const Entity e = Build(m, from);
  EXPECT_EQ(e.header("subject"), "Your invitation to Broadside");
  EXPECT_EQ(e.header("to"), "Ana <ana@example.net>");
  EXPECT_EQ(e.header("from"), "\"Worker's Paper, Ltd.\" <news@example.org>");
}

TEST(MimeTest, NoNameGivesBareAddressAndMessageReplyToWins) {
  Message m = Basic();
  m.to_name.clear();
  m.reply_to = "ana.editor@example.org";
  const Entity e = Build(m);
  EXPECT_EQ(e.header("to"), "ana@example.net");
  EXPECT_EQ(e.header("reply-to"), "ana.editor@example.org");
}

TEST(MimeTest, LongHeadersFoldAndDecode) {
  Message m = Basic();
  std::string long_subject;
  for (int i = 0; i < 30; ++i) long_subject += "Solidaridad ñandú ";
  long_subject += "fin";
  m.subject = long_subject;
  m.to_name = std::string(150, 'x') + " ü";
  std::string ascii_subject;
  for (int i = 0; i < 40; ++i) ascii_subject += "word" + std::to_string(i) + " ";
  auto built = BuildMime(m, From(), kDate, "<a@b.c>");
  ASSERT_TRUE(built.ok());
  bool bare_lf = false;
  EXPECT_LE(testing::LongestLine(*built, &bare_lf), 78u);
  const Entity e = ParseEntity(*built);
  EXPECT_EQ(DecodeHeader(e.header("subject")), long_subject);
  EXPECT_EQ(DecodeHeader(e.header("to")), m.to_name + " <ana@example.net>");

  m.subject = ascii_subject;
  built = BuildMime(m, From(), kDate, "<a@b.c>");
  ASSERT_TRUE(built.ok());
  EXPECT_LE(testing::LongestLine(*built, &bare_lf), 78u);
  EXPECT_EQ(DecodeHeader(ParseEntity(*built).header("subject")), ascii_subject);
}

TEST(MimeTest, SubjectThatLooksEncodedIsEncoded) {
  Message m = Basic();
  m.subject = "=?UTF-8?Q?fake?= subject";
  const Entity e = Build(m);
  EXPECT_EQ(DecodeHeader(e.header("subject")), m.subject);
}

TEST(MimeTest, LongLinesAndTrailingBlanksRoundTripInQuotedPrintable) {
  Message m = Basic();
  m.text = std::string(300, 'a') + " \n" + std::string(200, '=') + "\t\n.dot at start\n" +
           std::string(100, 'x') + "é" + std::string(100, 'y') + "\r\nlast line no newline";
  auto built = BuildMime(m, From(), kDate, "<a@b.c>");
  ASSERT_TRUE(built.ok());
  bool bare_lf = false;
  EXPECT_LE(testing::LongestLine(*built, &bare_lf), 76u);
  EXPECT_FALSE(bare_lf);
  const Entity e = ParseEntity(*built);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].header("content-transfer-encoding"), "quoted-printable");
  EXPECT_EQ(e.parts[0].decoded, Crlf(m.text.substr(0, m.text.find('\r'))) +
                                    m.text.substr(m.text.find('\r')));
  // No encoded line starts with '.', and no line ends in a blank.
  EXPECT_EQ(e.parts[0].body.find("\r\n."), std::string::npos);
  EXPECT_EQ(e.parts[0].body.find(" \r\n"), std::string::npos);
  EXPECT_EQ(e.parts[0].body.find("\t\r\n"), std::string::npos);
}

TEST(MimeTest, MostlyNonAsciiUsesBase64) {
  Message m = Basic();
  m.text = "Здравствуйте, товарищ! Это письмо написано по-русски.\n"
           "Ελληνικά κείμενο επίσης.\n";
  const Entity e = Build(m);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].header("content-transfer-encoding"), "base64");
  EXPECT_EQ(e.parts[0].decoded, Crlf(m.text));
  EXPECT_EQ(e.parts[1].header("content-transfer-encoding"), "quoted-printable");
}

TEST(MimeTest, HeaderInjectionIsRefused) {
  const std::string evil[] = {"x\r\nBcc: victim@example.com", "x\nBcc: a@b.c", "x\rBcc: a@b.c",
                              std::string("x\0y", 3), "tab\there", "del\x7F"};
  for (const std::string& bad : evil) {
    Message m = Basic();
    m.subject = bad;
    EXPECT_TRUE(BuildMime(m, From(), kDate, "<a@b.c>").status().IsInvalidArgument()) << bad;
    m = Basic();
    m.to_name = bad;
    EXPECT_TRUE(BuildMime(m, From(), kDate, "<a@b.c>").status().IsInvalidArgument()) << bad;
    Sender from = From();
    from.name = bad;
    EXPECT_TRUE(BuildMime(Basic(), from, kDate, "<a@b.c>").status().IsInvalidArgument()) << bad;
  }
  Message m = Basic();
  m.to_address = "ana@example.net\r\nBcc: victim@example.com";
  EXPECT_TRUE(BuildMime(m, From(), kDate, "<a@b.c>").status().IsInvalidArgument());
  m = Basic();
  m.reply_to = "a@b.c>\r\nBcc: x@y.z";
  EXPECT_TRUE(BuildMime(m, From(), kDate, "<a@b.c>").status().IsInvalidArgument());
  EXPECT_TRUE(BuildMime(Basic(), From(), kDate, "<a@b.c>\r\nX: y").status().IsInvalidArgument());
  EXPECT_TRUE(BuildMime(Basic(), From(), kDate, "no-brackets@x").status().IsInvalidArgument());
}

TEST(MimeTest, BadInputIsRefused) {
  Message m = Basic();
  m.text.clear();
  EXPECT_TRUE(BuildMime(m, From(), kDate, "<a@b.c>").status().IsInvalidArgument());
  m = Basic();
  m.subject = "bad \xC3\x28 utf8";
  EXPECT_TRUE(BuildMime(m, From(), kDate, "<a@b.c>").status().IsInvalidArgument());
  m = Basic();
  m.html = "\xFF";
  EXPECT_TRUE(BuildMime(m, From(), kDate, "<a@b.c>").status().IsInvalidArgument());
  Sender from = From();
  from.address = "not an address";
  EXPECT_TRUE(BuildMime(Basic(), from, kDate, "<a@b.c>").status().IsInvalidArgument());
}

TEST(MimeTest, AddressValidation) {
  for (const char* ok : {"a@b", "ana.perez+news@example.org", "x_y-z@sub.example.co.uk",
                         "o'brien@example.ie"}) {
    EXPECT_TRUE(IsValidAddress(ok)) << ok;
  }
  for (const char* bad : {"", "@example.org", "ana@", "ana", "ana@@example.org", ".ana@x.org",
                          "ana.@x.org", "a..b@x.org", "ana @x.org", "\"ana\"@x.org",
                          "ana@-x.org", "ana@x..org", "ana@x.org.", "ana@x_y.org",
                          "añá@x.org", "ana@exämple.org", "<ana@x.org>", "a,b@x.org",
                          "ana@x.org\r\n"}) {
    EXPECT_FALSE(IsValidAddress(bad)) << bad;
  }
  EXPECT_FALSE(IsValidAddress(std::string(65, 'a') + "@x.org"));
  EXPECT_TRUE(IsValidAddress(std::string(64, 'a') + "@x.org"));
}

TEST(MimeTest, MessageIdUsesTheSendersDomain) {
  EXPECT_EQ(MakeMessageId("r4nd", "news@example.org"), "<r4nd@example.org>");
  EXPECT_EQ(MakeMessageId("r4nd", "nonsense"), "<r4nd@broadside.invalid>");
}

TEST(MimeTest, Base64LinesAreFullWidth) {
  const std::string bytes(200, '\xAB');
  const std::string b64 = EncodeBase64Lines(bytes);
  EXPECT_EQ(b64.find("\r\n"), 76u);
  EXPECT_EQ(testing::DecodeBase64(b64), bytes);
  EXPECT_EQ(EncodeBase64Lines("f"), "Zg==");
  EXPECT_EQ(EncodeBase64Lines("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace mail
