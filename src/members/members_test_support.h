#pragma once
// A members service over a real SQLite store in a temp dir, with a notifier
// that records what it was asked to send (the emails' links carry tokens).

#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "members/members_service.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace members::testing {

struct Sent {
  std::string kind;  // "confirm", "already", "approved", "declined", "sign_in",
                     // "new_email", "email_notice"
  MemberNotice notice;
};

class RecordingNotifier final : public Notifier {
 public:
  std::vector<Sent> sent;
  Status ConfirmJoin(const MemberNotice& n) override { return Add("confirm", n); }
  Status AlreadyMember(const MemberNotice& n) override { return Add("already", n); }
  Status Approved(const MemberNotice& n) override { return Add("approved", n); }
  Status Declined(const MemberNotice& n) override { return Add("declined", n); }
  Status SignInLink(const MemberNotice& n) override { return Add("sign_in", n); }
  Status ConfirmNewEmail(const MemberNotice& n) override { return Add("new_email", n); }
  Status EmailChangeRequested(const MemberNotice& n) override { return Add("email_notice", n); }

 private:
  Status Add(const char* kind, const MemberNotice& n) {
    sent.push_back({kind, n});
    return Status::Ok();
  }
};

class MembersFixture {
 public:
  explicit MembersFixture(JoinPolicy policy = {}) {
    store::SqliteOptions o;
    o.path = dir.File("site.db");
    o.read_connections = 2;
    store = std::move(store::OpenSqliteStore(o)).value();
    ring = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
    index_key = std::make_unique<crypto::FieldKey>(crypto::FieldKey::Generate().value());
    indexer = std::make_unique<Indexer>(*index_key);
    service = std::make_unique<MembersService>(store->members(), *ring, *indexer, clock,
                                               &notifier, std::move(policy));
  }
  ~MembersFixture() {
    service.reset();
    store->Close();
  }

  JoinInput Form(const std::string& email, const std::string& first = "Ana") {
    JoinInput in;
    in.first_name = first;
    in.last_name = "Ruiz";
    in.email = email;
    in.phone = "+34 600 111 222";
    in.postal_code = "28001";
    in.region = "Madrid";
    in.country = "España";
    in.privacy_consent = true;
    return in;
  }
  // A staff user (the actor of back-office changes), by email.
  int64_t Staff(const std::string& email = "secretary@example.org") {
    store::User u;
    u.email = email;
    u.display_name = email;
    u.created_at = clock.Now();
    auto id = store->accounts().CreateUser(u);
    return id.ok() ? *id : 0;
  }
  // The token of the last message of `kind` sent.
  std::string LastToken(const std::string& kind) const {
    for (auto it = notifier.sent.rbegin(); it != notifier.sent.rend(); ++it) {
      if (it->kind == kind) return it->notice.token;
    }
    return "";
  }

  test_support::TempDir dir{"bs-members"};
  base::FakeClock clock{base::Time(std::chrono::seconds(1'796'083'200))};
  std::unique_ptr<store::Store> store;
  std::unique_ptr<crypto::Keyring> ring;
  std::unique_ptr<crypto::FieldKey> index_key;
  std::unique_ptr<Indexer> indexer;
  RecordingNotifier notifier;
  std::unique_ptr<MembersService> service;
};

}  // namespace members::testing
