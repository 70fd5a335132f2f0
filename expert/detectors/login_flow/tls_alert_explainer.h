// Plain-language reasons for a TLS client that gives up right after the server
// has shown its certificate: what a student should check first.
#pragma once

#include <cstdint>
#include <optional>

#include "expert/core/text.h"

namespace convdiag {

struct ClientRefusal {
    // The client's cleartext alert description, if it sent one; none: it closed.
    std::optional<uint8_t> alert;
    bool closed_with_rst = false;   // for a close: RST rather than FIN
    bool certificate_seen = false;  // the server's Certificate message was in clear (TLS <= 1.2)
};

// The value of convdiag.tls.alert (English) and its Korean twin.
Text explain_client_refusal(const ClientRefusal &refusal);

}  // namespace convdiag
