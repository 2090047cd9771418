#include "donations/donor_profile.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <iterator>

#include "base/text.h"

namespace donations {
namespace {

namespace json = boost::json;

constexpr const char* kProfileFields[] = {
    "name",        "email",   "address_line1", "address_line2", "city", "region",
    "postal_code", "country", "employer",      "occupation",    "lang"};
std::string DonorProfile::*const kProfileMembers[] = {
    &DonorProfile::name,          &DonorProfile::email,   &DonorProfile::address_line1,
    &DonorProfile::address_line2, &DonorProfile::city,    &DonorProfile::region,
    &DonorProfile::postal_code,   &DonorProfile::country, &DonorProfile::employer,
    &DonorProfile::occupation,    &DonorProfile::lang};
static_assert(std::size(kProfileFields) == std::size(kProfileMembers));

base::Result<json::object> ParseObject(std::string_view text, const char* what) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_object()) {
    return base::Status::InvalidArgument(std::string(what) + ": not a JSON object");
  }
  return std::move(v.get_object());
}

base::Status ReadString(const json::object& o, const char* key, const char* what,
                        std::string* out) {
  const json::value* f = o.if_contains(key);
  if (f == nullptr || !f->is_string()) {
    return base::Status::InvalidArgument(std::string(what) + ": no " + key);
  }
  *out = std::string(f->get_string());
  return base::Status::Ok();
}

// Associated data: the kind of document and the row's ref, so neither a
// profile opened as an extra nor one row's value copied to another opens.
std::string ProfileContext(std::string_view donor_ref) {
  return "donor-profile:" + std::string(donor_ref);
}
std::string ExtraContext(std::string_view donation_ref) {
  return "donation-extra:" + std::string(donation_ref);
}

}  // namespace

std::string DonorProfileToJson(const DonorProfile& p) {
  json::object o;
  for (size_t i = 0; i < std::size(kProfileFields); ++i)
    o[kProfileFields[i]] = p.*kProfileMembers[i];
  return json::serialize(o);
}

base::Result<DonorProfile> DonorProfileFromJson(std::string_view text) {
  BS_ASSIGN_OR_RETURN(json::object o, ParseObject(text, "donor profile"));
  DonorProfile p;
  for (size_t i = 0; i < std::size(kProfileFields); ++i) {
    BS_RETURN_IF_ERROR(ReadString(o, kProfileFields[i], "donor profile", &(p.*kProfileMembers[i])));
  }
  return p;
}

std::string GiftExtraToJson(const GiftExtra& e) {
  json::object o;
  o["dedication"] = e.dedication;
  o["comment"] = e.comment;
  json::array keys;
  for (const std::string& k : e.attested) keys.emplace_back(k);
  o["attested"] = std::move(keys);
  return json::serialize(o);
}

base::Result<GiftExtra> GiftExtraFromJson(std::string_view text) {
  BS_ASSIGN_OR_RETURN(json::object o, ParseObject(text, "gift extra"));
  GiftExtra e;
  BS_RETURN_IF_ERROR(ReadString(o, "dedication", "gift extra", &e.dedication));
  BS_RETURN_IF_ERROR(ReadString(o, "comment", "gift extra", &e.comment));
  const json::value* keys = o.if_contains("attested");
  if (keys == nullptr || !keys->is_array()) {
    return base::Status::InvalidArgument("gift extra: no attested");
  }
  for (const json::value& k : keys->get_array()) {
    if (!k.is_string()) return base::Status::InvalidArgument("gift extra: malformed attested");
    e.attested.emplace_back(k.get_string());
  }
  return e;
}

base::Result<std::string> SealDonorProfile(const crypto::Keyring& ring, const DonorProfile& p,
                                           std::string_view donor_ref) {
  return ring.Seal(DonorProfileToJson(p), ProfileContext(donor_ref));
}

base::Result<DonorProfile> OpenDonorProfile(const crypto::Keyring& ring, std::string_view sealed,
                                            std::string_view donor_ref) {
  BS_ASSIGN_OR_RETURN(std::string text, ring.Open(sealed, ProfileContext(donor_ref)));
  return DonorProfileFromJson(text);
}

base::Result<std::string> SealGiftExtra(const crypto::Keyring& ring, const GiftExtra& e,
                                        std::string_view donation_ref) {
  return ring.Seal(GiftExtraToJson(e), ExtraContext(donation_ref));
}

base::Result<GiftExtra> OpenGiftExtra(const crypto::Keyring& ring, std::string_view sealed,
                                      std::string_view donation_ref) {
  BS_ASSIGN_OR_RETURN(std::string text, ring.Open(sealed, ExtraContext(donation_ref)));
  return GiftExtraFromJson(text);
}

std::string DonorEmailIndex(const crypto::FieldKey& index_key, std::string_view email) {
  // Must stay byte-for-byte what members::Indexer::EmailIndex computes.
  std::string lower(base::Trim(email));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return crypto::BlindIndex(index_key, "email:" + lower);
}

crypto::ResealColumn DonorProfileResealColumn(store::DonationsStore& store) {
  crypto::ResealColumn c;
  c.name = "donor profiles";
  c.list = [&store](int64_t after,
                    int limit) -> base::Result<std::vector<crypto::SealedRow>> {
    BS_ASSIGN_OR_RETURN(std::vector<store::SealedValue> page,
                        store.ListSealedDonorProfiles(after, limit));
    std::vector<crypto::SealedRow> rows;
    for (store::SealedValue& v : page) rows.push_back({v.id, std::move(v.sealed)});
    return rows;
  };
  c.associated_data = [&store](const crypto::SealedRow& row) -> base::Result<std::string> {
    BS_ASSIGN_OR_RETURN(store::Donor d, store.GetDonor(row.id));
    return ProfileContext(d.ref);
  };
  c.replace = [&store](int64_t id, const std::string& expected, const std::string& resealed) {
    return store.ReplaceSealedDonorProfile(id, expected, resealed);
  };
  return c;
}

crypto::ResealColumn GiftExtraResealColumn(store::DonationsStore& store) {
  crypto::ResealColumn c;
  c.name = "gift dedications and comments";
  c.list = [&store](int64_t after,
                    int limit) -> base::Result<std::vector<crypto::SealedRow>> {
    BS_ASSIGN_OR_RETURN(std::vector<store::SealedValue> page,
                        store.ListSealedDonationExtras(after, limit));
    std::vector<crypto::SealedRow> rows;
    for (store::SealedValue& v : page) rows.push_back({v.id, std::move(v.sealed)});
    return rows;
  };
  c.associated_data = [&store](const crypto::SealedRow& row) -> base::Result<std::string> {
    BS_ASSIGN_OR_RETURN(store::Donation d, store.GetDonation(row.id));
    return ExtraContext(d.ref);
  };
  c.replace = [&store](int64_t id, const std::string& expected, const std::string& resealed) {
    return store.ReplaceSealedDonationExtra(id, expected, resealed);
  };
  return c;
}

}  // namespace donations
