// CurlSmtpTransport and the Outbox against a real SMTP server on loopback
// (tests/support/smtp_server.py: Debian's aiosmtpd, started per test).

#include "mail/smtp_transport.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "mail/mime.h"
#include "mail/mime_reader_for_test.h"
#include "mail/outbox.h"
#include "store/store.h"
#include "support/smtp_test_server.h"
#include "support/temp_dir.h"

namespace mail {
namespace {

using std::chrono::seconds;
using test_support::SmtpTestServer;

const base::Time kT0 = base::Time(seconds(1'800'000'000));

std::unique_ptr<CurlSmtpTransport> MakeTransport(SmtpOptions options) {
  options.timeout = seconds(10);
  auto t = CurlSmtpTransport::Create(std::move(options));
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t).value() : nullptr;
}

SmtpOptions Plain(const SmtpTestServer& server) {
  SmtpOptions o;
  o.url = server.url();
  o.starttls = SmtpOptions::Tls::kNone;
  o.helo_domain = "broadside.test";
  return o;
}

Message Spanish() {
  Message m;
  m.to_address = "ana@example.net";
  m.to_name = "Ana Pérez Muñoz";
  m.subject = "Invitación: únase al equipo de «El Obrero»";
  m.text = "Hola Ana:\n\nÚnase aquí: https://example.org/i?t=a&b=c\n.\nUna línea con un punto.\n";
  m.html = "<p>Hola Ana:</p><p><a href=\"https://example.org/i?t=a&amp;b=c\">Únase</a></p>";
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

class SmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    auto opened = store::OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = crypto::Keyring::Of(std::move(key).value());
    outbox_ = std::make_unique<Outbox>(
        store_->mail(), *key_, clock_,
        Sender{"news@example.org", "Periódico «El Obrero»", "editors@example.org"});
  }
  SmtpTestServer::Options ServerOptions() {
    SmtpTestServer::Options o;
    o.dir = dir_.File("mail");
    return o;
  }

  test_support::TempDir dir_{"bs-mail-smtp"};
  base::FakeClock clock_{kT0};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> key_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(SmtpTest, DeliversAMultipartMessageWithNonAsciiHeaders) {
  SmtpTestServer server(ServerOptions());
  ASSERT_TRUE(server.Start());
  auto transport = MakeTransport(Plain(server));
  ASSERT_NE(transport, nullptr);
  ASSERT_TRUE(outbox_->Enqueue("invitation", Spanish()).ok());
  auto stats = outbox_->DeliverDue(*transport);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->sent, 1) << (*outbox_->List(std::nullopt, 1, 0))[0].last_error;

  const auto received = server.Messages();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].mail_from, "news@example.org");
  ASSERT_EQ(received[0].rcpt_to.size(), 1u);
  EXPECT_EQ(received[0].rcpt_to[0], "ana@example.net");
  const testing::Entity e = testing::ParseEntity(received[0].data);
  EXPECT_EQ(testing::DecodeHeader(e.header("subject")), Spanish().subject);
  EXPECT_EQ(testing::DecodeHeader(e.header("to")), "Ana Pérez Muñoz <ana@example.net>");
  EXPECT_EQ(testing::DecodeHeader(e.header("from")),
            "Periódico «El Obrero» <news@example.org>");
  EXPECT_EQ(e.header("reply-to"), "editors@example.org");
  EXPECT_EQ(e.header("date"), FormatMailDate(kT0));
  EXPECT_EQ(e.header("mime-version"), "1.0");
  EXPECT_TRUE(e.header("message-id").ends_with("@example.org>"));
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].decoded, Crlf(Spanish().text));  // the lone "." survived SMTP
  EXPECT_EQ(e.parts[1].decoded, Spanish().html);
}

TEST_F(SmtpTest, ServerDownThenBackDeliversExactlyOnce) {
  SmtpTestServer server(ServerOptions());  // port chosen, nothing listening yet
  auto transport = MakeTransport(Plain(server));
  ASSERT_NE(transport, nullptr);
  auto id = outbox_->Enqueue("invitation", Spanish());
  ASSERT_TRUE(id.ok());

  auto down = outbox_->DeliverDue(*transport);
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->deferred, 1);
  auto item = store_->mail().GetOutboxItem(*id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->status, store::OutboxStatus::kQueued);
  EXPECT_EQ(item->attempts, 1);
  EXPECT_FALSE(item->last_error.empty());
  EXPECT_EQ(item->next_attempt_at, kT0 + seconds(30));
  EXPECT_TRUE(transport->Send("news@example.org", "ana@example.net", "x").IsUnavailable());

  ASSERT_TRUE(server.Start());
  auto early = outbox_->DeliverDue(*transport);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->claimed, 0);  // not due yet
  clock_.Advance(seconds(30));
  auto back = outbox_->DeliverDue(*transport);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->sent, 1);
  clock_.Advance(seconds(3600));
  auto after = outbox_->DeliverDue(*transport);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->claimed, 0);

  const auto received = server.Messages();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(testing::DecodeHeader(testing::ParseEntity(received[0].data).header("subject")),
            Spanish().subject);
  item = store_->mail().GetOutboxItem(*id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->status, store::OutboxStatus::kSent);
  EXPECT_EQ(item->attempts, 2);
}

TEST_F(SmtpTest, PermanentRejectionIsNotRetried) {
  SmtpTestServer::Options so = ServerOptions();
  so.reject = {"gone@example.net"};
  SmtpTestServer server(so);
  ASSERT_TRUE(server.Start());
  auto transport = MakeTransport(Plain(server));
  ASSERT_NE(transport, nullptr);
  EXPECT_TRUE(transport->Send("news@example.org", "gone@example.net", "Subject: x\r\n\r\nx\r\n")
                  .IsInvalidArgument());
  Message m = Spanish();
  m.to_address = "gone@example.net";
  ASSERT_TRUE(outbox_->Enqueue("invitation", m).ok());
  auto stats = outbox_->DeliverDue(*transport);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->failed, 1);
  EXPECT_TRUE(server.Messages().empty());
}

TEST_F(SmtpTest, AuthenticatesWithTheConfiguredCredentials) {
  SmtpTestServer::Options so = ServerOptions();
  so.auth = "mailer:s3cret";
  SmtpTestServer server(so);
  ASSERT_TRUE(server.Start());
  const std::string msg = "Subject: auth\r\n\r\nbody\r\n";

  SmtpOptions none = Plain(server);
  auto anonymous = MakeTransport(none);
  ASSERT_NE(anonymous, nullptr);
  EXPECT_TRUE(anonymous->Send("news@example.org", "ana@example.net", msg).IsUnavailable());

  SmtpOptions wrong = Plain(server);
  wrong.username = "mailer";
  wrong.password = "nope";
  auto bad = MakeTransport(wrong);
  ASSERT_NE(bad, nullptr);
  const base::Status denied = bad->Send("news@example.org", "ana@example.net", msg);
  EXPECT_TRUE(denied.IsUnavailable()) << denied.ToString();
  EXPECT_EQ(denied.message().find("nope"), std::string::npos);

  SmtpOptions right = Plain(server);
  right.username = "mailer";
  right.password = "s3cret";
  auto good = MakeTransport(right);
  ASSERT_NE(good, nullptr);
  const base::Status ok = good->Send("news@example.org", "ana@example.net", msg);
  EXPECT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(server.Messages().size(), 1u);
}

TEST_F(SmtpTest, StartTlsRequiredIsHonoured) {
  if (!std::filesystem::exists("/usr/bin/openssl")) GTEST_SKIP() << "no openssl CLI for a cert";
  SmtpTestServer::Options so = ServerOptions();
  so.tls_dir = dir_.path();
  SmtpTestServer tls_server(so);
  ASSERT_TRUE(tls_server.Start());
  const std::string msg = "Subject: tls\r\n\r\nbody\r\n";

  SmtpOptions o = Plain(tls_server);
  o.starttls = SmtpOptions::Tls::kStartTlsRequired;
  o.ca_file = dir_.File("cert.pem");
  auto transport = MakeTransport(o);
  ASSERT_NE(transport, nullptr);
  const base::Status sent = transport->Send("news@example.org", "ana@example.net", msg);
  EXPECT_TRUE(sent.ok()) << sent.ToString();
  EXPECT_EQ(tls_server.Messages().size(), 1u);

  // Without trusting the self-signed certificate the handshake must fail.
  o.ca_file.clear();
  auto untrusting = MakeTransport(o);
  ASSERT_NE(untrusting, nullptr);
  EXPECT_TRUE(untrusting->Send("news@example.org", "ana@example.net", msg).IsUnavailable());

  // A server that offers no STARTTLS is refused when TLS is required.
  SmtpTestServer::Options po;
  po.dir = dir_.File("plain");
  SmtpTestServer plain_server(po);
  ASSERT_TRUE(plain_server.Start());
  SmtpOptions required = Plain(plain_server);
  required.starttls = SmtpOptions::Tls::kStartTlsRequired;
  auto strict = MakeTransport(required);
  ASSERT_NE(strict, nullptr);
  EXPECT_TRUE(strict->Send("news@example.org", "ana@example.net", msg).IsUnavailable());
  EXPECT_TRUE(plain_server.Messages().empty());
}

TEST(CurlSmtpTransportTest, CreateRefusesBadOptions) {
  for (const char* url : {"", "http://127.0.0.1:25", "smtp://", "smtp://:25",
                          "smtp://host/helo", "smtp://user:pw@host", "smtp://host?x"}) {
    SmtpOptions o;
    o.url = url;
    EXPECT_TRUE(CurlSmtpTransport::Create(o).status().IsInvalidArgument()) << url;
  }
  SmtpOptions o;
  o.url = "smtps://mail.example.org:465";
  EXPECT_TRUE(CurlSmtpTransport::Create(o).ok());
  o.timeout = seconds(0);
  EXPECT_TRUE(CurlSmtpTransport::Create(o).status().IsInvalidArgument());
  o.timeout = seconds(5);
  o.helo_domain = "bad name\r\n";
  EXPECT_TRUE(CurlSmtpTransport::Create(o).status().IsInvalidArgument());
}

}  // namespace
}  // namespace mail
