// Telnet logins: what the client types after the server's "login:" and
// "Password:" prompts, one keystroke per segment or a line at once, with
// option negotiation removed and backspaces applied. The server's echo is never
// read as input (only the client's bytes are), and the verdict comes from what
// the server prints next: "Login incorrect" or a new prompt, or "Last login"
// or a shell prompt.
#pragma once

#include <memory>
#include <string>

#include "expert/detectors/credentials/login_session.h"
#include "expert/parsers/telnet_stream.h"

namespace convdiag {

class TelnetLoginReassembler : public LoginSession {
  public:
    using LoginSession::LoginSession;

    void on_bytes(bool from_client, const FreshBytes &fresh, const PacketFacts &packet,
                  SessionServices &services) override;

  private:
    enum class Awaiting : uint8_t { Nothing, User, Password, Verdict };

    void on_server_text(const PacketFacts &packet, SessionServices &services);
    void on_typed(const PacketFacts &packet, SessionServices &services);
    void settle(LoginOutcome outcome, const PacketFacts &packet, const std::string &reply,
                SessionServices &services);

    static constexpr size_t kMaxTyped = 256;
    static constexpr size_t kScreenTail = 256;

    TelnetStreamDecoder client_decoder_;
    TelnetStreamDecoder server_decoder_;
    std::string decoded_;  // scratch, reused
    std::string typed_;    // what the client typed since the last Enter
    std::string screen_;   // the last characters the server printed, lower case
    Awaiting awaiting_ = Awaiting::Nothing;
    std::string user_;
    // The credential waiting for the server's verdict; on the heap, as few sessions have one.
    std::unique_ptr<CredentialAttempt> pending_;
    bool output_since_password_ = false;
};

}  // namespace convdiag
