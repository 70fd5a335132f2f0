// Follows one TLS connection's handshake, segment by segment, far enough to say
// (a) whether it resumed an earlier session and (b) whether the client gave up
// right after the server's certificate. Stops looking once both are settled, so
// the bulk of a TLS connection costs nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "expert/detectors/login_flow/tls_alert_explainer.h"
#include "expert/parsers/byte_view.h"
#include "expert/parsers/tls_record.h"

namespace convdiag {

class TlsHandshakeWatch {
  public:
    // What one segment settled.
    struct Outcome {
        std::optional<bool> reused;            // resumption decided by this segment
        std::optional<ClientRefusal> refusal;  // the client gave up by this segment
    };

    // A segment from the TLS client with its parsed records (may be empty).
    Outcome on_client(const TlsRecordSummary &records, bool fin, bool rst);
    // A segment from the server; `bytes` is the segment payload (for ServerHello extensions).
    Outcome on_server(const TlsRecordSummary &records, ByteView bytes);

    bool settled() const { return done_; }
    bool reuse_decided() const { return reuse_decided_; }

  private:
    void decide_reuse(Outcome &out, bool reused);

    bool client_hello_seen_ = false;
    std::vector<uint8_t> client_session_id_;
    bool server_hello_seen_ = false;
    bool tls13_ = false;
    bool certificate_seen_ = false;
    bool client_progressed_ = false;  // the client went on with the handshake after ServerHello
    bool reuse_decided_ = false;
    bool reused_ = false;
    bool done_ = false;
};

}  // namespace convdiag
