// Two ServerHello extensions that the shared TLS parser does not report yet but
// resumption detection needs: supported_versions (a TLS 1.3 ServerHello carries
// legacy version 0x0303 and echoes the client's random session id in
// "middlebox compatibility mode", so a session-id echo alone would call every
// TLS 1.3 handshake resumed) and pre_shared_key (the server accepted a PSK,
// i.e. TLS 1.3 resumption). Reported to the parser owner; until it moves into
// expert/parsers/tls_record, this reads only the first handshake message of the
// first record, where a ServerHello always sits.
#pragma once

#include <cstdint>

#include "expert/parsers/byte_view.h"

namespace convdiag {

struct ServerHelloExtensions {
    bool found = false;             // a ServerHello was read at the start of the bytes
    uint16_t selected_version = 0;  // from supported_versions, 0 if absent
    bool pre_shared_key = false;    // the server selected a PSK

    bool is_tls13() const { return selected_version == 0x0304 || (selected_version >> 8) == 0x7f; }
};

ServerHelloExtensions read_server_hello_extensions(ByteView segment);

}  // namespace convdiag
