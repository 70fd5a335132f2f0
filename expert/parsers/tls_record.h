// Recognises the TLS records detectors care about at the start of a TCP
// segment: handshake messages (ClientHello with SNI and resumption hints,
// ServerHello, Certificate) and alerts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "expert/parsers/byte_view.h"

namespace convdiag {

struct TlsClientHello {
    uint16_t version = 0;     // legacy_version
    std::string server_name;  // SNI host name, lower case; empty if absent or cut
    std::vector<uint8_t> session_id;
    bool has_session_ticket = false;  // non-empty SessionTicket extension (RFC 5077)
    bool has_pre_shared_key = false;  // TLS 1.3 resumption (RFC 8446 psk)
};

struct TlsServerHello {
    uint16_t version = 0;
    std::vector<uint8_t> session_id;
};

struct TlsAlert {
    uint8_t level = 0;        // 1 warning, 2 fatal
    uint8_t description = 0;  // RFC 8446 6.2
};

enum class TlsContent : uint8_t {
    None,  // not a TLS record
    ChangeCipherSpec,
    Alert,
    Handshake,
    ApplicationData,
};

struct TlsRecordSummary {
    TlsContent content = TlsContent::None;
    uint16_t record_version = 0;
    // Handshake message types found in the records of this segment (first few).
    std::vector<uint8_t> handshake_types;
    std::optional<TlsClientHello> client_hello;
    std::optional<TlsServerHello> server_hello;
    std::optional<TlsAlert> alert;  // only for a cleartext alert (length 2)
};

// Reads consecutive TLS records at the start of the bytes.
TlsRecordSummary parse_tls_records(ByteView bytes);
const char *tls_alert_name(uint8_t description);

namespace tls_handshake {
constexpr uint8_t ClientHello = 1, ServerHello = 2, NewSessionTicket = 4, Certificate = 11,
                  ServerKeyExchange = 12, ServerHelloDone = 14, ClientKeyExchange = 16,
                  Finished = 20;
}

}  // namespace convdiag
