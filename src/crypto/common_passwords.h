#pragma once
// The built-in list of common passwords CheckPasswordStrength refuses.
// Internal to the crypto module.

#include <string_view>

namespace crypto::internal {

// True if `lowercase_password` (already ASCII-lower-cased) is on the list.
bool IsCommonPassword(std::string_view lowercase_password);

}  // namespace crypto::internal
