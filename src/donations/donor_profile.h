#pragma once
// A donor's personal fields and a gift's private extras: the only place they
// exist in clear is memory. At rest each is one sealed JSON document
// (store::Donor::sealed_profile bound to the donor's ref,
// store::Donation::sealed_extra bound to the gift's ref), so a copied row
// cannot be opened as another's. Same key ring as members' profiles.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "crypto/keyring.h"
#include "crypto/reseal.h"
#include "crypto/sealed.h"
#include "store/donations_store.h"

namespace donations {

struct DonorProfile {
  std::string name;
  std::string email;  // as normalized by base::NormalizeEmail
  std::string address_line1, address_line2, city, region, postal_code, country;
  std::string employer, occupation;  // may be empty below the itemization threshold
  std::string lang = "en";           // the language of their last gift, for receipts
  bool operator==(const DonorProfile&) const = default;
};

// What a gift carries besides money; sealed as the gift's `sealed_extra`.
struct GiftExtra {
  std::string dedication, comment;
  std::vector<std::string> attested;  // the attestation keys the donor ticked
  // Offline gifts: the method-specific details the treasurer typed stay in
  // the store's clear `offline_reference`; nothing personal goes there.
  bool operator==(const GiftExtra&) const = default;
};

std::string DonorProfileToJson(const DonorProfile& p);
// InvalidArgument when `json` is not what DonorProfileToJson writes.
base::Result<DonorProfile> DonorProfileFromJson(std::string_view json);
std::string GiftExtraToJson(const GiftExtra& e);
base::Result<GiftExtra> GiftExtraFromJson(std::string_view json);

// Seal / open with the key ring; errors as crypto::Keyring::Seal / Open, and
// InvalidArgument for a document of the wrong shape.
base::Result<std::string> SealDonorProfile(const crypto::Keyring& ring, const DonorProfile& p,
                                           std::string_view donor_ref);
base::Result<DonorProfile> OpenDonorProfile(const crypto::Keyring& ring, std::string_view sealed,
                                            std::string_view donor_ref);
base::Result<std::string> SealGiftExtra(const crypto::Keyring& ring, const GiftExtra& e,
                                        std::string_view donation_ref);
base::Result<GiftExtra> OpenGiftExtra(const crypto::Keyring& ring, std::string_view sealed,
                                      std::string_view donation_ref);

// For `broadside keys rotate` (crypto/reseal.h): donors' profiles and gifts'
// extras, each bound to its own row's ref as above.
crypto::ResealColumn DonorProfileResealColumn(store::DonationsStore& store);
crypto::ResealColumn GiftExtraResealColumn(store::DonationsStore& store);

// The blind index donors are matched by: the same value members::Indexer
// gives for the address (keyed BLAKE2b of "email:" + the trimmed, lower-cased
// address, under the index key), so a member's gifts can be found from the
// member's own index. `email` is already checked by base::NormalizeEmail.
std::string DonorEmailIndex(const crypto::FieldKey& index_key, std::string_view email);

}  // namespace donations
