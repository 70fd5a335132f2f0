#include "expert/detectors/credentials/ftp_session_tracker.h"

#include "expert/parsers/ftp_lines.h"

namespace convdiag {

namespace {

bool is_transfer_verb(const std::string &verb) {
    return verb == "RETR" || verb == "STOR" || verb == "STOU" || verb == "APPE" || verb == "LIST" ||
           verb == "NLST" || verb == "MLSD";
}

LoginOutcome verdict_of_pass_reply(int code) {
    if (code == 230 || code == 202) return LoginOutcome::Accepted;
    if (code == 530 || code == 430 || (code >= 500 && code < 600)) return LoginOutcome::Rejected;
    return LoginOutcome::Unknown;  // 332 needs an account, 421 closes, ...
}

}  // namespace

void FtpSessionTracker::on_line(bool from_client, std::string_view line, const PacketFacts &packet,
                                SessionServices &services) {
    if (from_client) {
        on_command(line, packet, services);
    } else {
        on_reply(line, packet, services);
    }
}

void FtpSessionTracker::on_command(std::string_view line, const PacketFacts &packet,
                                   SessionServices &services) {
    auto command = parse_ftp_command(line);
    if (!command) return;
    const std::string &verb = command->verb;
    Expect expect = Expect::Other;
    uint32_t attempt = 0;
    if (verb == "USER") {
        user_ = bounded(command->argument);
    } else if (verb == "PASS") {
        CredentialAttempt a = CredentialAttempt::seen(CredentialProtocol::Ftp, user_,
                                                      bounded(command->argument), packet, roles_);
        services.reporter.exposed(a);
        attempt = a.record;
        expect = Expect::Password;
    } else if (verb == "PORT" || verb == "EPRT") {
        const bool extended = verb == "EPRT";
        auto endpoint = extended ? parse_eprt_argument(command->argument)
                                 : parse_ftp_host_port(command->argument);
        if (endpoint)
            use_channel(services.ftp_channels.announce(
                            extended ? FtpDataMode::ExtendedActive : FtpDataMode::Active, *endpoint,
                            packet.frame, roles_),
                        services);
    } else if (verb == "PASV") {
        expect = Expect::Passive;
    } else if (verb == "EPSV") {
        // "EPSV ALL" only promises to use EPSV; the 229 of a plain EPSV announces the port.
        if (command->argument.empty() || command->argument == "1" || command->argument == "2")
            expect = Expect::ExtendedPassive;
    } else if (verb == "AUTH") {
        expect = Expect::Tls;
    } else if (verb == "REIN") {
        expect = Expect::Reinitialize;
    } else if (is_transfer_verb(verb)) {
        if (channel_ && channel_->command_frame == 0) {
            std::string transfer = verb;
            if (!command->argument.empty()) transfer += " " + bounded(command->argument, 512);
            services.ftp_channels.bind_command(*channel_, transfer, packet.frame);
        }
    }
    expected_.push(Expected{expect, attempt});
}

void FtpSessionTracker::on_reply(std::string_view line, const PacketFacts &packet,
                                 SessionServices &services) {
    auto reply = parse_ftp_reply_line(line);
    if (first_server_line_) {
        first_server_line_ = false;
        if (!reply) {
            done_ = true;  // port 21 but not FTP
            return;
        }
    }
    if (!multiline_.completes(reply)) return;
    const int code = reply->code;
    if (code < 200) return;         // 1xx: preliminary, the final reply follows
    if (expected_.empty()) return;  // the greeting, or a reply to a command we missed
    // 220 answers only the connection itself or REIN: a late greeting must not
    // be taken as the answer to the first command.
    if (code == 220 && expected_.front().kind != Expect::Reinitialize) return;
    const Expected expected = expected_.pop();
    switch (expected.kind) {
        case Expect::Password:
            services.reporter.settle(expected.attempt, verdict_of_pass_reply(code), packet.frame,
                                     packet.time, std::to_string(code));
            break;
        case Expect::Passive:
            if (code == 227) {
                if (auto endpoint = parse_pasv_reply(reply->text))
                    use_channel(services.ftp_channels.announce(FtpDataMode::Passive, *endpoint,
                                                               packet.frame, roles_),
                                services);
            }
            break;
        case Expect::ExtendedPassive:
            if (code == 229) {
                if (auto port = parse_epsv_reply(reply->text)) {
                    Endpoint endpoint{roles_.server.address, *port};
                    use_channel(services.ftp_channels.announce(FtpDataMode::ExtendedPassive,
                                                               endpoint, packet.frame, roles_),
                                services);
                }
            }
            break;
        case Expect::Tls:
            if (code == 234) done_ = true;  // the rest of the control connection is TLS
            break;
        case Expect::Reinitialize:
            user_.clear();
            break;
        case Expect::Other:
            break;
    }
}

void FtpSessionTracker::use_channel(std::shared_ptr<FtpDataChannel> channel,
                                    SessionServices &services) {
    if (channel_ && !channel_->connected) services.ftp_channels.withdraw(channel_);
    channel_ = std::move(channel);
}

}  // namespace convdiag
