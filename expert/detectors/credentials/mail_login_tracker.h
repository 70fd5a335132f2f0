// Mail logins in clear text: POP3 USER/PASS, IMAP LOGIN, and SASL PLAIN/LOGIN
// exchanges (POP3 AUTH, IMAP AUTHENTICATE, SMTP AUTH), with the server's
// verdict (+OK/-ERR, tagged OK/NO, 235/535). Stops after STLS/STARTTLS.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "expert/detectors/credentials/login_session.h"
#include "expert/parsers/ftp_lines.h"

namespace convdiag {

class MailLoginTracker : public LineSession {
  public:
    MailLoginTracker(const ServiceRoles &roles, CredentialProtocol protocol)
        : LineSession(roles), protocol_(protocol) {}

  protected:
    void on_line(bool from_client, std::string_view line, const PacketFacts &packet,
                 SessionServices &services) override;

  private:
    enum class Expect : uint8_t { Other, Login, StartTls, Data };
    enum class Sasl : uint8_t { None, Plain, Login };

    void on_pop3_command(std::string_view verb, std::string_view argument,
                         const PacketFacts &packet, SessionServices &services);
    void on_smtp_command(std::string_view verb, std::string_view argument);
    void on_imap_command(std::string_view line, const PacketFacts &packet,
                         SessionServices &services);
    void on_pop3_reply(std::string_view line, const PacketFacts &packet, SessionServices &services);
    void on_smtp_reply(std::string_view line, const PacketFacts &packet, SessionServices &services);
    void on_imap_reply(std::string_view line, const PacketFacts &packet, SessionServices &services);
    // AUTH/AUTHENTICATE: returns false for a mechanism that sends no cleartext secret.
    bool start_sasl(std::string_view arguments, const PacketFacts &packet,
                    SessionServices &services);
    void on_sasl_response(std::string_view line, const PacketFacts &packet,
                          SessionServices &services);
    void on_continuation(std::string_view prompt);
    void expose(std::string user, std::string password, const PacketFacts &packet,
                SessionServices &services);
    void settle(LoginOutcome outcome, const PacketFacts &packet, const std::string &reply,
                SessionServices &services);

    CredentialProtocol protocol_;
    std::string user_;
    // The credential waiting for the server's verdict; on the heap, as few sessions have one.
    std::unique_ptr<CredentialAttempt> pending_;
    ReplyQueue<Expect> expected_;
    bool first_server_line_ = true;
    bool in_message_data_ = false;  // SMTP DATA: client lines are mail text until "."
    MultilineReply multiline_;
    Sasl sasl_ = Sasl::None;
    bool sasl_waiting_for_client_ = false;
    bool sasl_next_is_password_ = false;
    std::string imap_login_tag_;
    std::string imap_tls_tag_;
};

}  // namespace convdiag
