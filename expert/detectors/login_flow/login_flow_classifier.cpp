#include "expert/detectors/login_flow/login_flow_classifier.h"

namespace convdiag {

LoginFlow classify_login_flow(const LoginObservations &seen) {
    // Once a cleartext request follows TLS, nothing later can undo the exposure.
    if (seen.tls_seen && seen.cleartext_after_tls) return LoginFlow::TlsThenHttp;
    if (seen.tls_seen && seen.https_redirect_before_tls) return LoginFlow::HttpsUpgrade;
    // Plain HTTP first, then TLS reached some other way (a link, a typed URL): none of
    // the four patterns. Saying nothing is better than calling it persistent TLS.
    if (seen.tls_seen)
        return seen.cleartext_before_tls ? LoginFlow::None : LoginFlow::PersistentTls;
    if (seen.cleartext_secret) return LoginFlow::CleartextOnly;
    return LoginFlow::None;
}

const char *login_flow_name(LoginFlow flow) {
    switch (flow) {
        case LoginFlow::TlsThenHttp:
            return "tls-then-http";
        case LoginFlow::PersistentTls:
            return "persistent-tls";
        case LoginFlow::HttpsUpgrade:
            return "https-upgrade";
        case LoginFlow::CleartextOnly:
            return "cleartext-only";
        case LoginFlow::None:
            break;
    }
    return "";
}

}  // namespace convdiag
