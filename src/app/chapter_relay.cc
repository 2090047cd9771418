// The chapter contact form over the staff accounts and the outbox (see
// chapter_relay.h).

#include "app/chapter_relay.h"

#include <optional>

#include "accounts/roles.h"
#include "render/value.h"

namespace app {
namespace {

using members::ContactRecipient;

// Users holding `role` (and, when given, leading `chapter_id`) who can
// receive mail: not disabled, invitation accepted.
base::Result<std::vector<ContactRecipient>> UsersWith(accounts::AccountsService& accounts,
                                                      accounts::Role role,
                                                      std::optional<int64_t> chapter_id) {
  BS_ASSIGN_OR_RETURN(std::vector<store::User> users, accounts.ListUsers());
  std::vector<ContactRecipient> out;
  for (const store::User& u : users) {
    if (u.disabled || u.password_hash.empty() || !accounts::Has(u.roles, role)) continue;
    if (chapter_id && u.chapter_id != chapter_id) continue;
    out.push_back({u.email, u.display_name});
  }
  return out;
}

}  // namespace

base::Result<std::vector<ContactRecipient>> AccountsLeaderDirectory::Leaders(int64_t chapter_id) {
  return UsersWith(accounts_, accounts::Role::kChapterLeader, chapter_id);
}

base::Result<std::vector<ContactRecipient>> AccountsLeaderDirectory::Secretaries() {
  return UsersWith(accounts_, accounts::Role::kMembershipSecretary, std::nullopt);
}

base::Status OutboxChapterRelay::Relay(const members::RelayedMessage& m) {
  render::Value data = render::Value::MakeObject(7);
  data.Set("site_name", site_name_());
  data.Set("chapter", m.chapter_name);
  data.Set("recipient_name", m.to.name);
  data.Set("sender_name", m.sender_name);
  data.Set("sender_email", m.sender_email);
  data.Set("message", m.message);
  data.Set("to_secretary", m.to_secretary);
  const std::string lang = m.lang.empty() ? "en" : m.lang;
  BS_ASSIGN_OR_RETURN(mail::Message out, templates_.Render("chapter_message", lang, data));
  out.to_address = m.to.email;
  out.to_name = m.to.name;
  out.reply_to = m.sender_email;
  // The kind names the message in the admin's mail queue; never the person.
  return outbox_.Enqueue("chapter_message", out).status();
}

}  // namespace app
