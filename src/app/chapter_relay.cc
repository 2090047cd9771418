// The chapter contact form over the staff accounts and the outbox (see
// chapter_relay.h).

#include "app/chapter_relay.h"

#include <optional>

#include "accounts/roles.h"
#include "render/value.h"

namespace app {
namespace {

using members::ContactRecipient;

// Users holding `role` (and, when given, leading `chapter_id`), not
// disabled; invited ones (no password yet: ListUsers leaves the hash empty)
// only when `with_invited`, marked so.
base::Result<std::vector<ContactRecipient>> UsersWith(accounts::AccountsService& accounts,
                                                      accounts::Role role,
                                                      std::optional<int64_t> chapter_id,
                                                      bool with_invited) {
  BS_ASSIGN_OR_RETURN(std::vector<store::User> users, accounts.ListUsers());
  std::vector<ContactRecipient> out;
  for (const store::User& u : users) {
    if (u.disabled || !accounts::Has(u.roles, role)) continue;
    if (chapter_id && u.chapter_id != chapter_id) continue;
    const bool invited = u.password_hash.empty();
    if (invited && !with_invited) continue;
    out.push_back({u.email, u.display_name, invited});
  }
  return out;
}

}  // namespace

// Named leaders are reached even before they accept (members/chapter_contact.h).
base::Result<std::vector<ContactRecipient>> AccountsLeaderDirectory::Leaders(int64_t chapter_id) {
  return UsersWith(accounts_, accounts::Role::kChapterLeader, chapter_id, /*with_invited=*/true);
}

base::Result<std::vector<ContactRecipient>> AccountsLeaderDirectory::Secretaries() {
  return UsersWith(accounts_, accounts::Role::kMembershipSecretary, std::nullopt,
                   /*with_invited=*/false);
}

base::Status OutboxChapterRelay::Relay(const members::RelayedMessage& m) {
  render::Value data = render::Value::MakeObject(8);
  data.Set("site_name", site_name_());
  data.Set("chapter", m.chapter_name);
  data.Set("recipient_name", m.to.name);
  data.Set("sender_name", m.sender_name);
  data.Set("sender_email", m.sender_email);
  data.Set("message", m.message);
  data.Set("to_secretary", m.to_secretary);
  data.Set("leaders_invited", m.leaders_invited);
  const std::string lang = m.lang.empty() ? "en" : m.lang;
  BS_ASSIGN_OR_RETURN(mail::Message out, templates_.Render("chapter_message", lang, data));
  out.to_address = m.to.email;
  out.to_name = m.to.name;
  out.reply_to = m.sender_email;
  // The kind names the message in the admin's mail queue; never the person.
  return outbox_.Enqueue("chapter_message", out).status();
}

}  // namespace app
