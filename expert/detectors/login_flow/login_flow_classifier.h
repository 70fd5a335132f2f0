// The class of one client's traffic to one site, from what has been seen so far.
// Pure: the detector keeps the observations, this decides what they mean, so the
// rule can be read (and tested) in one place.
#pragma once

#include <cstdint>

namespace convdiag {

enum class LoginFlow : uint8_t {
    None,           // nothing that says "login": plain HTTP without cookie or credentials
    TlsThenHttp,    // TLS to the site, then a plain HTTP request to it
    PersistentTls,  // TLS only, no plain HTTP request to the site
    HttpsUpgrade,   // plain HTTP redirected to https:// on the site, then TLS
    CleartextOnly,  // a cookie or credentials over plain HTTP, never TLS
};

struct LoginObservations {
    bool tls_seen = false;                   // a ClientHello to the site
    bool cleartext_after_tls = false;        // a plain HTTP request after the first ClientHello
    bool cleartext_before_tls = false;       // a plain HTTP request before any ClientHello
    bool https_redirect_before_tls = false;  // a 301/302/307/308 to https:// on the site, then TLS
    bool cleartext_secret = false;           // a Cookie or credentials in a plain HTTP request
};

LoginFlow classify_login_flow(const LoginObservations &seen);

// The public string values of convdiag.login.flow; empty for None.
const char *login_flow_name(LoginFlow flow);

}  // namespace convdiag
