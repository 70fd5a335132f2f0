// An FTP control connection: USER/PASS logins with the server's verdict, the
// data channels announced by PORT/EPRT/PASV/EPSV and the transfer commands
// that use them. Stops reading after AUTH TLS succeeds.
#pragma once

#include <memory>
#include <string>

#include "expert/detectors/credentials/ftp_data_channel_tracker.h"
#include "expert/detectors/credentials/login_session.h"
#include "expert/parsers/ftp_lines.h"

namespace convdiag {

class FtpSessionTracker : public LineSession {
  public:
    using LineSession::LineSession;

  protected:
    void on_line(bool from_client, std::string_view line, const PacketFacts &packet,
                 SessionServices &services) override;
    // An unread command may have been a USER: the next PASS must not be credited to the
    // user named before it. The server answers it all the same: its reply is expected.
    void on_dropped_line(bool from_client) override {
        if (!from_client) return;
        user_.clear();
        expected_.push(Expected{});
    }

  private:
    enum class Expect : uint8_t { Other, Password, Reinitialize, Tls, Passive, ExtendedPassive };

    void on_command(std::string_view line, const PacketFacts &packet, SessionServices &services);
    void on_reply(std::string_view line, const PacketFacts &packet, SessionServices &services);
    void use_channel(std::shared_ptr<FtpDataChannel> channel, SessionServices &services);

    // What a command expects, and for a PASS the attempt its reply settles: a client that
    // pipelines several logins gets each reply credited to its own PASS.
    struct Expected {
        Expect kind = Expect::Other;
        uint32_t attempt = 0;  // CredentialAttempt::record, for Expect::Password
    };

    std::string user_;
    ReplyQueue<Expected> expected_;
    MultilineReply multiline_;
    bool first_server_line_ = true;
    std::shared_ptr<FtpDataChannel> channel_;
};

}  // namespace convdiag
