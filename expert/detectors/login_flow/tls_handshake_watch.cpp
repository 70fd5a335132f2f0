#include "expert/detectors/login_flow/tls_handshake_watch.h"

#include <algorithm>

#include "expert/detectors/login_flow/server_hello_extensions.h"

namespace convdiag {

namespace {

bool has_handshake(const TlsRecordSummary &r, uint8_t type) {
    return std::find(r.handshake_types.begin(), r.handshake_types.end(), type) !=
           r.handshake_types.end();
}

}  // namespace

void TlsHandshakeWatch::decide_reuse(Outcome &out, bool reused) {
    if (reuse_decided_) return;
    reuse_decided_ = true;
    reused_ = reused;
    out.reused = reused;
}

TlsHandshakeWatch::Outcome TlsHandshakeWatch::on_client(const TlsRecordSummary &records, bool fin,
                                                        bool rst) {
    Outcome out;
    if (done_) return out;
    if (!client_hello_seen_) {
        if (records.client_hello) {
            client_hello_seen_ = true;
            client_session_id_ = records.client_hello->session_id;
        }
        return out;
    }
    if (!server_hello_seen_ || client_progressed_) return out;

    // A resumed session skips the certificate: giving up then is not about it.
    const bool after_certificate_flight = !(reuse_decided_ && reused_);
    if (records.alert && after_certificate_flight) {
        out.refusal = ClientRefusal{records.alert->description, false, certificate_seen_};
        done_ = true;
        return out;
    }
    if (records.content == TlsContent::ChangeCipherSpec ||
        records.content == TlsContent::Handshake ||
        records.content == TlsContent::ApplicationData) {
        client_progressed_ = true;
        if (!tls13_) {
            // TLS <= 1.2: a full handshake continues with ClientKeyExchange (or a client
            // Certificate); an abbreviated one goes straight to ChangeCipherSpec.
            if (records.content == TlsContent::ChangeCipherSpec && !certificate_seen_)
                decide_reuse(out, true);
            else if (records.content == TlsContent::Handshake)
                decide_reuse(out, false);
        }
        done_ = reuse_decided_;
        return out;
    }
    if ((fin || rst) && after_certificate_flight) {
        out.refusal = ClientRefusal{std::nullopt, rst, certificate_seen_};
        done_ = true;
    }
    return out;
}

TlsHandshakeWatch::Outcome TlsHandshakeWatch::on_server(const TlsRecordSummary &records,
                                                        ByteView bytes) {
    Outcome out;
    if (done_ || !client_hello_seen_) return out;
    if (!server_hello_seen_) {
        if (!records.server_hello) return out;
        server_hello_seen_ = true;
        const ServerHelloExtensions ext = read_server_hello_extensions(bytes);
        tls13_ = ext.is_tls13();
        if (tls13_) {
            // TLS 1.3 echoes the client's session id in every handshake; only an
            // accepted PSK means resumption.
            decide_reuse(out, ext.pre_shared_key);
        } else if (!client_session_id_.empty() &&
                   records.server_hello->session_id == client_session_id_) {
            decide_reuse(out, true);
        }
        std::vector<uint8_t>().swap(client_session_id_);  // read only against the ServerHello
    }
    if (!tls13_ && records.content == TlsContent::Handshake &&
        has_handshake(records, tls_handshake::Certificate)) {
        certificate_seen_ = true;
        decide_reuse(out, false);
    }
    if (client_progressed_ && reuse_decided_) done_ = true;
    return out;
}

}  // namespace convdiag
