#include "http/form.h"

#include <gtest/gtest.h>

namespace http {
namespace {

Request WithHeaders(std::vector<std::pair<std::string, std::string>> headers, std::string body) {
  Request r;
  r.method = Method::kPost;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

TEST(UrlEncodedTest, DecodesFieldsInOrderWithRepeats) {
  auto f = ParseUrlEncoded("title=Hello+world&tag=a&tag=b%20c&empty=&flag");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->Value("title"), "Hello world");
  EXPECT_EQ(f->GetAll("tag"), (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(f->Get("empty"), "");
  EXPECT_EQ(f->Get("flag"), "");
  EXPECT_FALSE(f->Has("missing"));
  EXPECT_EQ(f->Value("missing"), "");
}

TEST(UrlEncodedTest, NormalizesNewlinesAndKeepsUnicode) {
  auto f = ParseUrlEncoded("body=a%0D%0Ab%0Dc&name=%C3%B1and%C3%BA");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->Value("body"), "a\nb\nc");
  EXPECT_EQ(f->Value("name"), "ñandú");
}

TEST(UrlEncodedTest, RefusesBadEscapesInvalidUtf8AndNul) {
  EXPECT_TRUE(ParseUrlEncoded("a=%zz").status().IsInvalidArgument());
  EXPECT_TRUE(ParseUrlEncoded("a=%C3").status().IsInvalidArgument());
  EXPECT_TRUE(ParseUrlEncoded("a=%00").status().IsInvalidArgument());
  EXPECT_TRUE(ParseUrlEncoded("a=%4").status().IsInvalidArgument());
}

std::string Multipart(const std::string& boundary) {
  return "--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nA crowd\r\nat night\r\n--" +
         boundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\fakepath\\\\m\\\"y.jpg\"\r\n"
         "Content-Type: image/jpeg\r\n\r\n" + std::string("\xff\xd8\x00\r\n\x01\xff", 7) +
         "\r\n--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
         "Content-Type: application/octet-stream\r\n\r\n\r\n--" +
         boundary + "--\r\n";
}

TEST(MultipartTest, ParsesFieldsAndBinaryFiles) {
  auto p = ParseMultipart(Multipart("XyZ"), "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->form.Value("alt"), "A crowd\nat night");
  const FilePart* file = p->File("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "m\"y.jpg");
  EXPECT_EQ(file->content_type, "image/jpeg");
  EXPECT_EQ(file->data, std::string("\xff\xd8\x00\r\n\x01\xff", 7));
  EXPECT_EQ(p->File("empty"), nullptr);  // an empty file input is no file
  EXPECT_EQ(p->File("missing"), nullptr);
}

TEST(MultipartTest, QuotedBoundaryAndCaseInsensitiveHeaders) {
  std::string body =
      "--a b\r\ncontent-disposition: form-data; name=x\r\n\r\n1\r\n--a b--";
  auto p = ParseMultipart(body, "multipart/form-data; boundary=\"a b\"");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->form.Value("x"), "1");
}

TEST(MultipartTest, RefusesMalformedBodies) {
  const std::string type = "multipart/form-data; boundary=B";
  EXPECT_TRUE(ParseMultipart("x", "multipart/form-data").status().IsInvalidArgument());
  EXPECT_TRUE(ParseMultipart("no boundary here", type).status().IsInvalidArgument());
  // Truncated: no final boundary.
  EXPECT_TRUE(ParseMultipart("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nxyz", type)
                  .status()
                  .IsInvalidArgument());
  // A part without a name.
  EXPECT_TRUE(ParseMultipart("--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--", type)
                  .status()
                  .IsInvalidArgument());
  // A text field that is not UTF-8.
  EXPECT_TRUE(
      ParseMultipart("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--B--", type)
          .status()
          .IsInvalidArgument());
  // Too many parts.
  std::string many;
  for (int i = 0; i < 5; ++i) many += "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n";
  many += "--B--";
  EXPECT_TRUE(ParseMultipart(many, type, 4).status().IsInvalidArgument());
  EXPECT_TRUE(ParseMultipart(many, type, 5).ok());
}

TEST(ParseFormTest, DispatchesOnContentType) {
  auto a = ParseForm(WithHeaders({{"content-type", "application/x-www-form-urlencoded"}}, "a=1"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->form.Value("a"), "1");
  auto b = ParseForm(WithHeaders({{"content-type", "multipart/form-data; boundary=XyZ"}},
                                 Multipart("XyZ")));
  ASSERT_TRUE(b.ok());
  EXPECT_NE(b->File("file"), nullptr);
  EXPECT_TRUE(ParseForm(WithHeaders({}, "")).ok());
  EXPECT_TRUE(ParseForm(WithHeaders({{"content-type", "application/json"}}, "{}"))
                  .status()
                  .IsInvalidArgument());
}

TEST(CookieTest, FindsCookieAmongMany) {
  Request r = WithHeaders({{"cookie", "a=1; bs_session=tok-en_1; c=\"q\""}, {"cookie", "d=4"}}, "");
  EXPECT_EQ(CookieValue(r, "bs_session"), "tok-en_1");
  EXPECT_EQ(CookieValue(r, "c"), "q");
  EXPECT_EQ(CookieValue(r, "d"), "4");
  EXPECT_EQ(CookieValue(r, "bs"), std::nullopt);
}

TEST(CookieTest, SetCookieCarriesAttributesAndRefusesUnsafeValues) {
  CookieOptions o;
  o.secure = true;
  EXPECT_EQ(SetCookie("s", "abc_-", o), "s=abc_-; Path=/; HttpOnly; Secure; SameSite=Lax");
  o.secure = false;
  o.max_age = 0;
  EXPECT_EQ(SetCookie("s", "", o), "s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  o.max_age.reset();
  EXPECT_EQ(SetCookie("s", "x; Domain=evil", o), "s=; Path=/; HttpOnly; SameSite=Lax");
}

}  // namespace
}  // namespace http
