#include "expert/core/url_secrets.h"

#include <cctype>

#include "expert/core/secret_mask.h"

namespace convdiag {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The name as a server reads it ("api%5Fkey" is "api_key"), lower case, letters and
// digits only: "API-Key", "api_key" and "apiKey" are one name.
std::string normalised_name(std::string_view name) {
    const size_t close = name.rfind(']');
    if (close != std::string_view::npos) {
        const size_t open = name.rfind('[', close);
        if (open != std::string_view::npos && close > open + 1)
            name = name.substr(open + 1, close - open - 1);
    }
    std::string out;
    for (size_t i = 0; i < name.size() && out.size() < 64; ++i) {
        char c = name[i];
        if (c == '%' && i + 2 < name.size() && hex_value(name[i + 1]) >= 0 &&
            hex_value(name[i + 2]) >= 0) {
            c = static_cast<char>(hex_value(name[i + 1]) * 16 + hex_value(name[i + 2]));
            i += 2;
        }
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    }
    return out;
}

// The values of secret-named "name=value" pairs of a query or fragment, masked.
void mask_parameters(std::string_view part, std::string &out) {
    size_t pos = 0;
    while (pos <= part.size()) {
        size_t end = part.find_first_of("&;", pos);
        if (end == std::string_view::npos) end = part.size();
        const std::string_view pair = part.substr(pos, end - pos);
        const size_t eq = pair.find('=');
        if (eq != std::string_view::npos && eq + 1 < pair.size() &&
            looks_like_secret_parameter(pair.substr(0, eq))) {
            out.append(pair.substr(0, eq + 1));
            out += kSecretMask;
        } else {
            out.append(pair);
        }
        if (end == part.size()) break;
        out += part[end];
        pos = end + 1;
    }
}

}  // namespace

bool looks_like_secret_parameter(std::string_view name) {
    const std::string n = normalised_name(name);
    if (n.empty()) return false;
    static const char *const kExact[] = {"pw",  "pin",  "key",    "sid",   "sig", "signature",
                                         "otp", "code", "ticket", "nonce", "jwt", "hash"};
    for (const char *e : kExact)
        if (n == e) return true;
    // Over-masking a harmless "compass" costs nothing; missing a "user_passwd" leaks one.
    static const char *const kParts[] = {"pass",       "pwd",        "secret",    "token",
                                         "apikey",     "auth",       "session",   "sessid",
                                         "credential", "privatekey", "accesskey", "cookie"};
    for (const char *p : kParts)
        if (n.find(p) != std::string::npos) return true;
    return false;
}

std::string mask_url_secrets(std::string_view url) {
    std::string out;
    out.reserve(url.size());
    size_t pos = 0;
    // User-info: between "//" (after an optional scheme) and '@', before the path.
    const size_t slashes = url.find("//");
    const size_t first_delim = url.find_first_of("/?#");
    if (slashes != std::string_view::npos && slashes == first_delim) {
        const size_t authority = slashes + 2;
        size_t authority_end = url.find_first_of("/?#", authority);
        if (authority_end == std::string_view::npos) authority_end = url.size();
        const size_t at = url.rfind('@', authority_end);
        if (at != std::string_view::npos && at >= authority) {
            out.append(url.substr(0, authority));
            out += kSecretMask;
            pos = at;  // keeps the '@': the reader sees that user-info was there
        }
    }
    const size_t question = url.find('?', pos);
    const size_t hash = url.find('#', pos);
    const size_t query =
        question != std::string_view::npos && (hash == std::string_view::npos || question < hash)
            ? question
            : std::string_view::npos;
    const size_t path_end = query != std::string_view::npos  ? query
                            : hash != std::string_view::npos ? hash
                                                             : url.size();
    out.append(url.substr(pos, path_end - pos));
    if (query != std::string_view::npos) {
        const size_t query_end = hash == std::string_view::npos ? url.size() : hash;
        out += '?';
        mask_parameters(url.substr(query + 1, query_end - query - 1), out);
    }
    if (hash != std::string_view::npos) {
        out += '#';
        mask_parameters(url.substr(hash + 1), out);
    }
    return out;
}

}  // namespace convdiag
