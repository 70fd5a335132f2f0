#include "expert/parsers/tls_record.h"

#include <cctype>

namespace convdiag {

namespace {

constexpr size_t kMaxRecords = 8;

void parse_client_hello(ByteView body, TlsClientHello &hello) {
    hello.version = body.u16(0);
    size_t pos = 2 + 32;  // version, random
    if (!body.has(pos, 1)) return;
    const uint8_t sid_len = body.u8(pos);
    if (sid_len > 32 || !body.has(pos + 1, sid_len)) return;
    hello.session_id.assign(body.data() + pos + 1, body.data() + pos + 1 + sid_len);
    pos += 1u + sid_len;
    if (!body.has(pos, 2)) return;
    pos += 2u + body.u16(pos);  // cipher suites
    if (!body.has(pos, 1)) return;
    pos += 1u + body.u8(pos);  // compression methods
    if (!body.has(pos, 2)) return;
    const size_t extensions_end = pos + 2 + body.u16(pos);
    pos += 2;
    while (pos + 4 <= extensions_end && body.has(pos, 4)) {
        const uint16_t type = body.u16(pos);
        const uint16_t len = body.u16(pos + 2);
        const size_t data = pos + 4;
        if (!body.has(data, len)) return;
        if (type == 0 && len >= 5) {  // server_name: list length, type 0 host_name, name length
            const uint16_t name_len = body.u16(data + 3);
            if (body.u8(data + 2) == 0 && body.has(data + 5, name_len) && name_len <= 255) {
                std::string name;
                for (size_t i = 0; i < name_len; ++i)
                    name += static_cast<char>(
                        std::tolower(static_cast<unsigned char>(body.u8(data + 5 + i))));
                hello.server_name = name;
            }
        } else if (type == 35) {
            hello.has_session_ticket = len > 0;
        } else if (type == 41) {
            hello.has_pre_shared_key = true;
        }
        pos = data + len;
    }
}

void parse_server_hello(ByteView body, TlsServerHello &hello) {
    hello.version = body.u16(0);
    const size_t pos = 2 + 32;
    if (!body.has(pos, 1)) return;
    const uint8_t sid_len = body.u8(pos);
    if (sid_len > 32 || !body.has(pos + 1, sid_len)) return;
    hello.session_id.assign(body.data() + pos + 1, body.data() + pos + 1 + sid_len);
}

}  // namespace

TlsRecordSummary parse_tls_records(ByteView bytes) {
    TlsRecordSummary summary;
    size_t pos = 0;
    for (size_t n = 0; n < kMaxRecords && bytes.has(pos, 5); ++n) {
        const uint8_t type = bytes.u8(pos);
        const uint16_t version = bytes.u16(pos + 1);
        const uint16_t length = bytes.u16(pos + 3);
        // SSL 3.0 to TLS 1.3 all put 0x03 in the first version byte.
        if (type < 20 || type > 23 || (version >> 8) != 0x03 || length == 0 || length > 18432)
            break;
        if (n == 0) {
            summary.record_version = version;
            summary.content = type == 20   ? TlsContent::ChangeCipherSpec
                              : type == 21 ? TlsContent::Alert
                              : type == 22 ? TlsContent::Handshake
                                           : TlsContent::ApplicationData;
        }
        const ByteView record = bytes.sub(pos + 5, length);  // may be cut short
        if (type == 21 && length == 2 && record.size() == 2 && !summary.alert) {
            summary.alert = TlsAlert{record.u8(0), record.u8(1)};
        }
        if (type == 22) {
            size_t hs = 0;
            while (record.has(hs, 4) && summary.handshake_types.size() < 8) {
                const uint8_t hs_type = record.u8(hs);
                const uint32_t hs_len = record.u24(hs + 1);
                summary.handshake_types.push_back(hs_type);
                const ByteView body = record.sub(hs + 4, hs_len);
                if (hs_type == tls_handshake::ClientHello && !summary.client_hello) {
                    summary.client_hello.emplace();
                    parse_client_hello(body, *summary.client_hello);
                } else if (hs_type == tls_handshake::ServerHello && !summary.server_hello) {
                    summary.server_hello.emplace();
                    parse_server_hello(body, *summary.server_hello);
                }
                // Encrypted handshake messages (TLS 1.3, or Finished) look like noise: stop
                // at the first implausible length.
                if (hs_len > record.size() - hs - 4) break;
                hs += 4 + hs_len;
            }
        }
        pos += 5u + length;
    }
    return summary;
}

const char *tls_alert_name(uint8_t description) {
    switch (description) {
        case 0:
            return "close_notify";
        case 10:
            return "unexpected_message";
        case 20:
            return "bad_record_mac";
        case 40:
            return "handshake_failure";
        case 42:
            return "bad_certificate";
        case 43:
            return "unsupported_certificate";
        case 44:
            return "certificate_revoked";
        case 45:
            return "certificate_expired";
        case 46:
            return "certificate_unknown";
        case 47:
            return "illegal_parameter";
        case 48:
            return "unknown_ca";
        case 50:
            return "decode_error";
        case 51:
            return "decrypt_error";
        case 70:
            return "protocol_version";
        case 80:
            return "internal_error";
        case 90:
            return "user_canceled";
        case 112:
            return "unrecognized_name";
        default:
            return "unknown";
    }
}

}  // namespace convdiag
