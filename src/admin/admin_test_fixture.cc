#include "admin/admin_test_fixture.h"

#include <filesystem>

#include "accounts/roles.h"
#include "base/form_text.h"
#include "crypto/token.h"
#include "members/profile.h"
#include "http/form.h"

namespace admin::testing {
namespace {

// The back office never starts a Stripe payment; any call is a test bug.
class NoStripe final : public donations::StripeClient {
 public:
  base::Result<donations::CheckoutSession> CreateCheckoutSession(
      const donations::CheckoutRequest&, std::string_view) override {
    ADD_FAILURE() << "the back office called Stripe";
    return base::Status::Unavailable("no Stripe in admin tests");
  }
  base::Status CancelSubscription(std::string_view, std::string_view) override {
    ADD_FAILURE() << "the back office called Stripe";
    return base::Status::Unavailable("no Stripe in admin tests");
  }
  base::Result<std::string> CreatePortalSession(std::string_view, std::string_view) override {
    ADD_FAILURE() << "the back office called Stripe";
    return base::Status::Unavailable("no Stripe in admin tests");
  }
};

}  // namespace

std::string TestResponse::Header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return "";
}

void AdminFixture::SetUp() {
  store::SqliteOptions o;
  o.path = dir_.File("admin.db");
  auto st = store::OpenSqliteStore(o);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  store_ = std::move(st).value();
  auto theme = render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/admin", catalog_,
                                   "/admin/assets/");
  ASSERT_TRUE(theme.ok()) << theme.status().ToString();
  admin_theme_ = std::move(theme).value();

  accounts::AccountsOptions ao;
  ao.password_policy.ops_limit = 1;
  ao.password_policy.mem_limit = 64 * 1024;
  ao.password_policy.for_tests = true;
  accounts_ = std::make_unique<accounts::AccountsService>(store_->accounts(), clock_, ao);

  editorial_ = std::make_unique<publishing::EditorialService>(store_->publishing(), clock_, 20);
  publishing_ = std::make_unique<publishing::PublishingService>(store_->publishing(), clock_, 20);

  site_.name = "Test Org";
  site_.base_url = "https://example.org";
  settings_ = std::make_unique<settings::SiteSettings>(site_, store_->settings(), clock_);
  ASSERT_TRUE(settings_->Load().ok());
  site_deps_.site = settings_.get();
  deps_.settings = settings_.get();
  site_deps_.catalog = &catalog_;
  site_deps_.time_zone = &tz_;
  site_deps_.publishing = publishing_.get();
  site_deps_.log_error = [this](const std::string& m) { errors_.push_back(m); };
  deps_.site = &site_deps_;
  deps_.theme = admin_theme_.get();
  deps_.accounts = accounts_.get();
  deps_.editorial = editorial_.get();
  deps_.secure_cookies = true;
  auto site_theme =
      render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
  ASSERT_TRUE(site_theme.ok()) << site_theme.status().ToString();
  site_theme_ = std::move(site_theme).value();
  auto key = crypto::FieldKey::Generate();
  ASSERT_TRUE(key.ok());
  ring_ = crypto::Keyring::Of(std::move(key).value());
  outbox_ = std::make_unique<mail::Outbox>(store_->mail(), *ring_, clock_,
                                           mail::Sender{"news@example.org", "Test Org", ""});
  mail_templates_ = std::make_unique<mail::MailTemplates>(*site_theme_);
  deps_.outbox = outbox_.get();
  std::filesystem::create_directories(dir_.File("media"));
  media_ = std::make_unique<media::MediaLibrary>(store_->media(), dir_.File("media"), clock_);
  deps_.media = media_.get();
  mailbag_ = std::make_unique<mailbag::MailbagService>(store_->mailbag(), *ring_, clock_, nullptr);
  deps_.mailbag = mailbag_.get();
  auto index_key = crypto::FieldKey::Generate();
  ASSERT_TRUE(index_key.ok());
  index_key_ = std::make_unique<crypto::FieldKey>(std::move(index_key).value());
  indexer_ = std::make_unique<members::Indexer>(*index_key_);
  members_ = std::make_unique<members::MembersService>(store_->members(), *ring_, *indexer_,
                                                       clock_, nullptr, members::JoinPolicy{});
  deps_.members = members_.get();
  member_importer_ = std::make_unique<members::MemberImporter>(
      store_->members(), *ring_, *indexer_, clock_, members_->policy());
  deps_.member_importer = member_importer_.get();
  stripe_ = std::make_unique<NoStripe>();
  donations_ = std::make_unique<donations::DonationsService>(
      store_->donations(), *stripe_, *ring_, *index_key_, clock_, nullptr,
      donations::DonationsPolicy{});
  deps_.donations = donations_.get();
  deps_.donations_store = &store_->donations();
  deps_.keyring = ring_.get();
  deps_.send_mail = [this](std::string_view kind, std::string_view tmpl, std::string_view to,
                           std::string_view to_name, std::string_view lang,
                           const render::Value& data) -> base::Status {
    mail_.push_back({std::string(kind), std::string(tmpl), std::string(to), std::string(lang), data});
    BS_ASSIGN_OR_RETURN(mail::Message m, mail_templates_->Render(tmpl, lang, data));
    m.to_address = std::string(to);
    m.to_name = std::string(to_name);
    return outbox_->Enqueue(kind, m).status();
  };
  handler_ = MakeAdminHandler(deps_);
}

void AdminFixture::TearDown() {
  if (store_) store_->Close();
}

TestResponse AdminFixture::Send(http::Request req) {
  std::string cookie;
  for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) req.headers.emplace_back("cookie", cookie);
  auto parsed = http::ParseTarget(req.target);
  EXPECT_TRUE(parsed.has_value()) << req.target;
  if (parsed) {
    req.path = parsed->path;
    req.query = parsed->query;
  }
  req.request_id = "test";
  http::Response res = handler_(req);
  TestResponse out;
  out.status = res.status;
  out.body = res.body;
  out.headers = res.headers;
  out.headers.emplace_back("Cache-Control", res.cache_control);
  for (const auto& [k, v] : res.headers) {
    if (k == "Location") out.location = v;
    if (k != "Set-Cookie") continue;
    out.set_cookies.push_back(v);
    const size_t eq = v.find('=');
    const size_t semi = v.find(';');
    const std::string name = v.substr(0, eq);
    const std::string value = v.substr(eq + 1, semi - eq - 1);
    if (v.find("Max-Age=0") != std::string::npos || value.empty()) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  return out;
}

TestResponse AdminFixture::Get(const std::string& target, const std::string& ip) {
  http::Request req;
  req.method = http::Method::kGet;
  req.method_text = "GET";
  req.target = target;
  req.remote_address = ip;
  return Send(std::move(req));
}

TestResponse AdminFixture::Post(const std::string& path,
                                const std::vector<std::pair<std::string, std::string>>& fields,
                                const std::string& ip) {
  http::Request req;
  req.method = http::Method::kPost;
  req.method_text = "POST";
  req.target = path;
  req.remote_address = ip;
  req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  for (const auto& [k, v] : fields) {
    if (!req.body.empty()) req.body += '&';
    req.body += http::PercentEncode(k) + "=" + http::PercentEncode(v);
  }
  return Send(std::move(req));
}

TestResponse AdminFixture::PostFile(const std::string& path,
                                    const std::vector<std::pair<std::string, std::string>>& fields,
                                    const std::string& file_field, const std::string& filename,
                                    const std::string& content_type, const std::string& data) {
  const std::string boundary = "----bsTestBoundary7MA4YWxkTrZu0gW";
  http::Request req;
  req.method = http::Method::kPost;
  req.method_text = "POST";
  req.target = path;
  req.remote_address = "192.0.2.1";
  req.headers.emplace_back("content-type", "multipart/form-data; boundary=" + boundary);
  for (const auto& [k, v] : fields) {
    req.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k +
                "\"\r\n\r\n" + v + "\r\n";
  }
  req.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field +
              "\"; filename=\"" + filename + "\"\r\nContent-Type: " + content_type +
              "\r\n\r\n" + data + "\r\n--" + boundary + "--\r\n";
  return Send(std::move(req));
}

int64_t AdminFixture::AddUser(const std::string& email, accounts::RoleSet roles,
                              const std::string& password) {
  auto id = accounts_->CreateUserWithPassword(email, "User " + email, roles, password,
                                              accounts::Actor::Cli());
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? *id : 0;
}

std::string AdminFixture::SignIn(const std::string& email, const std::string& password) {
  ClearCookies();
  TestResponse form = Get("/admin/login");
  EXPECT_EQ(form.status, 200);
  ++sign_ins_;
  const std::string ip =
      "10.0." + std::to_string(sign_ins_ / 250) + "." + std::to_string(sign_ins_ % 250 + 1);
  TestResponse r = Post("/admin/login",
                        {{"csrf", PreCsrf()}, {"email", email}, {"password", password},
                         {"next", "/admin"}},
                        ip);
  EXPECT_EQ(r.status, 303) << r.body;
  return Csrf();
}

int64_t AdminFixture::AddMember(const NewMember& in) {
  members::Profile p;
  p.first_name = in.first_name;
  p.last_name = in.last_name;
  p.email = in.email;
  p.phone = in.phone;
  p.postal_code = "28001";
  p.region = "Madrid";
  p.country = "Spain";
  store::Member m;
  m.ref = crypto::RandomToken();
  m.status = in.status;
  m.email_index = indexer_->EmailIndex(base::NormalizeEmail(in.email).value_or(in.email));
  m.name_tokens = indexer_->NameTokens(in.first_name + " " + in.last_name);
  auto sealed = members::SealProfile(*ring_, p, m.ref);
  EXPECT_TRUE(sealed.ok());
  m.sealed_profile = sealed.ok() ? *sealed : "";
  m.membership_type = in.membership_type;
  m.chapter_id = in.chapter_id;
  m.email_consent = in.email_consent;
  m.created_at = clock_.Now();
  if (in.status == store::MemberStatus::kActive || in.status == store::MemberStatus::kLapsed)
    m.activated_at = clock_.Now();
  if (in.status == store::MemberStatus::kLapsed) m.lapsed_at = clock_.Now();
  auto id = store_->members().CreateMember(m);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? *id : 0;
}

int64_t AdminFixture::AddChapter(const std::string& name, const std::string& slug) {
  store::Chapter c;
  c.name = name;
  c.slug = slug;
  auto id = store_->members().CreateChapter(c);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? *id : 0;
}

std::string AdminFixture::Csrf() const {
  auto it = cookies_.find(std::string(kSessionCookie));
  return it == cookies_.end() ? "" : accounts::AccountsService::CsrfTokenFor(it->second);
}

std::string AdminFixture::PreCsrf() const {
  auto it = cookies_.find(std::string(kPreSessionCookie));
  return it == cookies_.end() ? "" : accounts::AccountsService::CsrfTokenFor(it->second);
}

}  // namespace admin::testing
