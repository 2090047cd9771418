#include "members/profile.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace members {
namespace {

namespace json = boost::json;

constexpr const char* kFields[] = {"first_name", "last_name", "email",   "phone",
                                   "postal_code", "region",   "country", "lang"};

std::string Profile::*const kMembers[] = {&Profile::first_name, &Profile::last_name,
                                          &Profile::email,      &Profile::phone,
                                          &Profile::postal_code, &Profile::region,
                                          &Profile::country,    &Profile::lang};

}  // namespace

std::string ProfileToJson(const Profile& p) {
  json::object o;
  for (size_t i = 0; i < std::size(kFields); ++i) o[kFields[i]] = p.*kMembers[i];
  json::array answers;
  for (const auto& [key, value] : p.answers) answers.push_back(json::array{key, value});
  o["answers"] = std::move(answers);
  return json::serialize(o);
}

base::Result<Profile> ProfileFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_object()) return base::Status::InvalidArgument("member profile: not a JSON object");
  const json::object& o = v.get_object();
  Profile p;
  for (size_t i = 0; i < std::size(kFields); ++i) {
    const json::value* f = o.if_contains(kFields[i]);
    if (f == nullptr || !f->is_string()) {
      return base::Status::InvalidArgument(std::string("member profile: no ") + kFields[i]);
    }
    p.*kMembers[i] = std::string(f->get_string());
  }
  const json::value* answers = o.if_contains("answers");
  if (answers == nullptr || !answers->is_array()) {
    return base::Status::InvalidArgument("member profile: no answers");
  }
  for (const json::value& a : answers->get_array()) {
    if (!a.is_array() || a.get_array().size() != 2 || !a.get_array()[0].is_string() ||
        !a.get_array()[1].is_string()) {
      return base::Status::InvalidArgument("member profile: malformed answer");
    }
    p.answers.emplace_back(std::string(a.get_array()[0].get_string()),
                           std::string(a.get_array()[1].get_string()));
  }
  return p;
}

std::string ProfileContext(std::string_view member_ref) {
  return "member:" + std::string(member_ref) + ":profile";
}

base::Result<std::string> SealProfile(const crypto::Keyring& ring, const Profile& p,
                                      std::string_view member_ref) {
  return ring.Seal(ProfileToJson(p), ProfileContext(member_ref));
}

base::Result<Profile> OpenProfile(const crypto::Keyring& ring, std::string_view sealed,
                                  std::string_view member_ref) {
  BS_ASSIGN_OR_RETURN(std::string text, ring.Open(sealed, ProfileContext(member_ref)));
  return ProfileFromJson(text);
}

}  // namespace members
