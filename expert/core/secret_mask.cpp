#include "expert/core/secret_mask.h"

namespace convdiag {

std::string mask_secret(const std::string &secret) {
    return secret.empty() ? std::string() : std::string(kSecretMask);
}

std::string mask_in_text(std::string text, const std::string &secret) {
    if (secret.empty()) return text;
    const std::string mask = mask_secret(secret);
    for (size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + mask.size()))
        text.replace(at, secret.size(), mask);
    return text;
}

}  // namespace convdiag
