// libFuzzer target: arbitrary bytes into every parser of application and wire bytes.
// The parsers read through ByteView and must end a parse on anything malformed;
// ASan/UBSan turn any overrun or undefined arithmetic into a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bench/offline/frame_parser.h"
#include "expert/core/packet_facts.h"
#include "expert/parsers/byte_view.h"
#include "expert/parsers/dns_message.h"
#include "expert/parsers/http_message.h"
#include "expert/parsers/tls_record.h"

namespace {

// Keeps results observable so the optimiser cannot drop a parse.
volatile size_t sink;

void use_http(convdiag::ByteView bytes) {
    if (auto request = convdiag::parse_http_request(bytes)) {
        sink = request->host().size() + request->headers.size() + request->body_offset;
        if (const std::string_view *cookie = request->header("cookie")) sink = cookie->size();
        if (request->head_complete && request->body_offset <= bytes.size()) {
            const convdiag::ByteView body = bytes.sub(request->body_offset, bytes.size());
            sink = convdiag::parse_urlencoded(body.text()).size();
        }
        if (const std::string_view *auth = request->header("authorization")) {
            if (auth->size() > 6) sink = convdiag::base64_decode(auth->substr(6)).has_value();
        }
    }
    if (auto response = convdiag::parse_http_response(bytes)) {
        sink = static_cast<size_t>(response->status) + response->reason.size();
        if (const std::string_view *location = response->header("Location"))
            sink = location->size();
    }
    sink = convdiag::percent_decode(bytes.text()).size();
    sink = convdiag::base64_decode(bytes.text()).has_value();
}

void use_dns(convdiag::ByteView bytes) {
    for (size_t max_answers : {size_t{0}, size_t{3}, size_t{64}}) {
        if (auto message = convdiag::parse_dns_message(bytes, max_answers)) {
            sink = message->question_name.size() + message->answers.size();
            sink = std::string_view(convdiag::dns_type_name(message->question_type)).size();
            for (const auto &answer : message->answers)
                sink = answer.address.to_string().size() + answer.target.size();
        }
    }
    // DNS over TCP: the two-byte length prefix first.
    if (bytes.size() > 2) {
        const size_t length = bytes.u16(0);
        if (auto message = convdiag::parse_dns_message(bytes.sub(2, length)))
            sink = message->question_name.size();
    }
}

void use_tls(convdiag::ByteView bytes) {
    const convdiag::TlsRecordSummary summary = convdiag::parse_tls_records(bytes);
    sink = summary.handshake_types.size();
    if (summary.client_hello) sink = summary.client_hello->server_name.size();
    if (summary.server_hello) sink = summary.server_hello->session_id.size();
    if (summary.alert)
        sink = std::string_view(convdiag::tls_alert_name(summary.alert->description)).size();
}

void use_frame(const uint8_t *data, size_t size) {
    using convdiag::LinkType;
    for (LinkType link : {LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2,
                          LinkType::RawIp, LinkType::Null, LinkType::Loop, LinkType::Unknown}) {
        convdiag::PacketFacts facts;
        if (convdiag::parse_frame(link, data, size, facts) == convdiag::ParseStatus::Ok) {
            // The payload the parser points at must lie inside the frame.
            if (facts.payload_captured > 0) {
                sink = facts.payload[0] + facts.payload[facts.payload_captured - 1];
                if (facts.payload < data || facts.payload + facts.payload_captured > data + size)
                    __builtin_trap();
            }
            sink = facts.src.to_string().size() + facts.tcp.sack_count;
        }
    }
    convdiag::PacketFacts facts;
    sink = static_cast<size_t>(convdiag::parse_ip_packet(data, size, facts));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const convdiag::ByteView bytes(data, size);
    use_http(bytes);
    use_dns(bytes);
    use_tls(bytes);
    use_frame(data, size);
    return 0;
}
