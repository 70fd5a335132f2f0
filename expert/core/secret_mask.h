// Masking of passwords (preference convdiag.mask_passwords): the field stays,
// the secret does not show.
#pragma once

#include <string>

namespace convdiag {

// What every masked secret becomes: it says a secret was there and nothing about it
// (no character, no length), and it is ASCII, so cutting a multi-byte character in
// half can never make the output invalid UTF-8.
inline constexpr char kSecretMask[] = "********";

// The mask for a non-empty secret; an empty one stays empty (there was nothing to hide).
std::string mask_secret(const std::string &secret);
// Every occurrence of `secret` in `text` masked.
std::string mask_in_text(std::string text, const std::string &secret);

}  // namespace convdiag
