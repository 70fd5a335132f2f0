// Masking of passwords (preference convdiag.mask_passwords): the field stays,
// the secret does not show.
#pragma once

#include <string>

namespace convdiag {

// "p@ssw0rd" -> "p******d": enough to recognise, not enough to reuse.
std::string mask_secret(const std::string &secret);
// Every occurrence of `secret` in `text` masked.
std::string mask_in_text(std::string text, const std::string &secret);

}  // namespace convdiag
