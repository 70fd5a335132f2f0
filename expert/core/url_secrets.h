// Secrets a URL carries where anyone reading a redirect can see them: the user-info
// ("http://user:pass@host/") and query or fragment parameters named like a secret
// ("?password=...", "#access_token=..."). Masked when convdiag.mask_passwords is on.
#pragma once

#include <string>
#include <string_view>

namespace convdiag {

// password, passwd, pass, pwd, secret, token, api_key, auth, session, sid, key...
// (case, separators and a bracketed prefix such as "user[password]" do not matter).
bool looks_like_secret_parameter(std::string_view name);

// The URL (absolute or relative, as sent) with its user-info and the values of its
// secret-named parameters replaced by the mask; everything else unchanged.
std::string mask_url_secrets(std::string_view url);

}  // namespace convdiag
