// A TCP conversation that keeps its own sequence numbers, so credential tests
// can write "the client sends USER bob" instead of raw seq/ack values.
#pragma once

#include <string>

#include "tests/unit/packet_builder.h"

namespace convdiag::testing {

// Field names the credential tests read, written once.
constexpr const char *kAttempt = "convdiag.cred.attempt";
constexpr const char *kBruteforce = "convdiag.cred.bruteforce";
constexpr const char *kControl = "convdiag.ftp.data.control_frame";
constexpr const char *kEndpoint = "convdiag.ftp.data.endpoint";
constexpr const char *kFormFields = "convdiag.http.form_fields";
constexpr const char *kMode = "convdiag.ftp.data.mode";
constexpr const char *kOutcome = "convdiag.cred.outcome";
constexpr const char *kOutcomeFrame = "convdiag.cred.outcome_frame";
constexpr const char *kPassword = "convdiag.cred.password";
constexpr const char *kProtocol = "convdiag.cred.protocol";
constexpr const char *kTransfer = "convdiag.ftp.transfer";
constexpr const char *kUser = "convdiag.cred.user";

class Dialogue {
  public:
    Dialogue(EngineHarness &harness, TcpScenario &scenario, bool handshake = true)
        : h_(harness), s_(scenario) {
        if (handshake) {
            h_.feed(s_.packet(true, t_, tcp_flag::Syn, client_seq_ - 1, 0, 64240));
            h_.feed(s_.packet(false, t_ += 1, tcp_flag::Syn | tcp_flag::Ack, server_seq_ - 1,
                              client_seq_, 64240));
            last_ = s_.packet(true, t_ += 1, tcp_flag::Ack, client_seq_, server_seq_, 502);
            h_.feed(last_);
        }
    }

    // Sends `payload` from the client (or server) as the next segment; returns its frame.
    FrameNumber client(const std::string &payload) { return send(true, payload); }
    FrameNumber server(const std::string &payload) { return send(false, payload); }
    // Sends `payload` again at an earlier sequence number (a retransmission).
    FrameNumber client_at(uint32_t seq, const std::string &payload) {
        last_ =
            s_.packet(true, t_ += 1, tcp_flag::Ack | tcp_flag::Psh, seq, server_seq_, 502, payload);
        h_.feed(last_);
        return last_.frame;
    }
    // Skips `count` bytes of the client's stream, as if a segment were lost.
    void lose_client_bytes(uint32_t count) { client_seq_ += count; }
    uint32_t client_seq() const { return client_seq_; }
    void advance_time(double ms) { t_ += ms; }

  private:
    FrameNumber send(bool from_client, const std::string &payload) {
        uint32_t &seq = from_client ? client_seq_ : server_seq_;
        const uint32_t ack = from_client ? server_seq_ : client_seq_;
        last_ =
            s_.packet(from_client, t_ += 1, tcp_flag::Ack | tcp_flag::Psh, seq, ack, 502, payload);
        seq += static_cast<uint32_t>(payload.size());
        h_.feed(last_);
        return last_.frame;
    }

    EngineHarness &h_;
    TcpScenario &s_;
    uint32_t client_seq_ = 1001;
    uint32_t server_seq_ = 5001;
    double t_ = 0;
    PacketFacts last_{};
};

}  // namespace convdiag::testing
