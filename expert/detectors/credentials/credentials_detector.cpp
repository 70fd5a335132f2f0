#include "expert/detectors/credentials/credentials_detector.h"

#include <memory>

#include "expert/detectors/credentials/credential_reporter.h"
#include "expert/detectors/credentials/ftp_data_channel_tracker.h"
#include "expert/detectors/credentials/ftp_session_tracker.h"
#include "expert/detectors/credentials/http_login_extractor.h"
#include "expert/detectors/credentials/mail_login_tracker.h"
#include "expert/detectors/credentials/telnet_login_reassembler.h"
#include "expert/detectors/stream_set.h"

namespace convdiag {

namespace {

enum class Service : uint8_t { None, Ftp, Http, Pop3, Imap, Smtp, Telnet };

Service service_of_port(uint16_t port) {
    switch (port) {
        case 21:
            return Service::Ftp;
        case 23:
            return Service::Telnet;
        case 25:
        case 587:
            return Service::Smtp;
        case 80:
        case 8000:
        case 8008:
        case 8080:
            return Service::Http;
        case 110:
            return Service::Pop3;
        case 143:
            return Service::Imap;
        default:
            return Service::None;
    }
}

// Exists only while a session holds something a fresh one would not (a request
// waiting for its response, a login under way...), or for an FTP data channel.
struct CredentialConversation : ConversationState {
    std::unique_ptr<LoginSession> session;  // knows the roles: not kept twice
    bool finished = false;                  // a data channel: no login to read on it
    std::shared_ptr<FtpDataChannel> data_channel;

    // A data channel whose command has not come yet is labelled later, from here.
    bool needed_after_retirement() const override {
        return data_channel && data_channel->command_frame == 0;
    }
};

std::unique_ptr<LoginSession> make_session(Service service, const ServiceRoles &roles) {
    switch (service) {
        case Service::Ftp:
            return std::make_unique<FtpSessionTracker>(roles);
        case Service::Http:
            return std::make_unique<HttpLoginExtractor>(roles);
        case Service::Pop3:
            return std::make_unique<MailLoginTracker>(roles, CredentialProtocol::Pop3);
        case Service::Imap:
            return std::make_unique<MailLoginTracker>(roles, CredentialProtocol::Imap);
        case Service::Smtp:
            return std::make_unique<MailLoginTracker>(roles, CredentialProtocol::Smtp);
        case Service::Telnet:
            return std::make_unique<TelnetLoginReassembler>(roles);
        case Service::None:
            break;
    }
    return nullptr;
}

class CredentialsDetector : public Detector {
  public:
    CredentialsDetector(const CredentialIds &ids, AnalysisContext &context)
        : ids_(ids),
          reporter_(ids, context),
          channels_(ids, context),
          services_{reporter_, channels_} {}

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c) return;
        auto *state = c->existing_slot<CredentialConversation>(ids_.slot);
        if (c->packets == 0 && channels_.has_pending()) {
            if (auto channel = channels_.match(p)) {
                state = &c->slot<CredentialConversation>(ids_.slot);
                state->data_channel = std::move(channel);
                state->finished = true;
            }
        }
        if (state && state->data_channel) {
            channels_.on_data_packet(*state->data_channel, p.frame);
            return;
        }
        if (p.payload_captured == 0 || (state && state->finished)) return;
        if (!state && finished_.contains(c->stream)) return;

        const FreshBytes fresh = fresh_payload(p, c->flow[c->direction_of(p)]);
        if (fresh.bytes.empty() && !fresh.gap_before) return;
        if (!state) {
            // Identify by the service port first (no state for other traffic);
            // each session then checks that the content is really its protocol.
            Service service = service_of_port(c->server.port);
            ServiceRoles roles{c->client, c->server, c->stream};
            if (service == Service::None) {
                service = service_of_port(c->client.port);
                if (service == Service::None) return;
                roles = ServiceRoles{c->server, c->client, c->stream};
            }
            // A fresh HTTP session ignores everything but the start of a request.
            if (service == Service::Http &&
                (p.src != roles.client || !HttpLoginExtractor::starts_request(fresh.bytes)))
                return;
            state = &c->slot<CredentialConversation>(ids_.slot);
            state->session = make_session(service, roles);
        }
        state->session->on_bytes(p.src == state->session->roles().client, fresh, p, services_);
        if (state->session->done()) {
            // Nothing more to read here: a bit remembers it, the state goes.
            if (finished_.insert(c->stream)) {
                c->release_slot(ids_.slot);
            } else {
                state->session.reset();
                state->finished = true;
            }
        } else if (state->session->at_rest()) {
            c->release_slot(ids_.slot);  // a fresh session is made when the protocol speaks
        }
    }

    void finish(Nanoseconds) override {
        reporter_.finish();
        channels_.finish();
    }

  private:
    CredentialIds ids_;
    CredentialReporter reporter_;
    FtpDataChannelTracker channels_;
    SessionServices services_;
    StreamSet finished_;  // conversations whose session is done (TLS started, not the protocol)
};

}  // namespace

void CredentialsFactory::declare(Schema &s) {
    ids_.protocol = s.add_field("convdiag.cred.protocol", "Credential protocol", FieldKind::String,
                                "Protocol that carried a cleartext credential: ftp, http-basic, "
                                "http-form, pop3, imap, smtp or telnet");
    ids_.user = s.add_field("convdiag.cred.user", "User name", FieldKind::String,
                            "Account name of the credential (for FTP and POP3: the latest USER "
                            "of the session)");
    ids_.password = s.add_field("convdiag.cred.password", "Password", FieldKind::String,
                                "The password as sent in clear text (masked with the "
                                "mask_passwords preference)");
    ids_.outcome = s.add_field("convdiag.cred.outcome", "Login outcome", FieldKind::String,
                               "accepted, rejected or unknown, from the server's reply");
    ids_.outcome_frame = s.add_field("convdiag.cred.outcome_frame", "Outcome in frame",
                                     FieldKind::Frame, "The server reply that gave the outcome");
    ids_.attempt = s.add_field("convdiag.cred.attempt", "Login attempt", FieldKind::Unsigned,
                               "Rank of this attempt of the client on this server and protocol");
    ids_.bruteforce =
        s.add_field("convdiag.cred.bruteforce", "Rejected logins so far", FieldKind::Unsigned,
                    "Failures of this client on this server and protocol, once "
                    "they reach the bruteforce_threshold preference");
    ids_.form_fields =
        s.add_field("convdiag.http.form_fields", "Cleartext form fields", FieldKind::String,
                    "Names of the form fields whose content a POST sent in "
                    "clear text (besides any credential)");
    ids_.data_mode =
        s.add_field("convdiag.ftp.data.mode", "FTP data channel mode", FieldKind::String,
                    "active (PORT), passive (227), extended-active (EPRT) or "
                    "extended-passive (229)");
    ids_.data_endpoint =
        s.add_field("convdiag.ftp.data.endpoint", "FTP data channel endpoint", FieldKind::String,
                    "ip:port the data connection is to be opened to");
    ids_.transfer = s.add_field("convdiag.ftp.transfer", "FTP transfer", FieldKind::String,
                                "The command this data connection serves, e.g. STOR file.csv");
    ids_.control_frame =
        s.add_field("convdiag.ftp.data.control_frame", "FTP control frame", FieldKind::Frame,
                    "Control-connection frame of the transfer command (if it "
                    "never came: of the PORT/EPRT/227/229 that set up the "
                    "channel, at the end of the capture)");
    ids_.exposed = s.add_expert("convdiag.cred.cleartext", "Cleartext password",
                                ExpertGroup::Security, ExpertSeverity::Warn);
    ids_.brute_force = s.add_expert("convdiag.cred.brute_force", "Repeated rejected logins",
                                    ExpertGroup::Security, ExpertSeverity::Warn);
    ids_.form_readable = s.add_expert("convdiag.http.form_cleartext", "Form content in clear text",
                                      ExpertGroup::Security, ExpertSeverity::Note);
    ids_.ftp_bounce = s.add_expert("convdiag.ftp.bounce", "FTP data channel to a third host",
                                   ExpertGroup::Security, ExpertSeverity::Warn);
    ids_.ftp_unusual_port = s.add_expert("convdiag.ftp.data.privileged_port",
                                         "FTP active data channel to a port below 1024",
                                         ExpertGroup::Security, ExpertSeverity::Warn);
    ids_.ftp_channel = s.add_expert("convdiag.ftp.data.channel", "FTP data channel set up",
                                    ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.ftp_file = s.add_expert("convdiag.ftp.file_transfer", "FTP transfer in clear text",
                                 ExpertGroup::Security, ExpertSeverity::Note);
    s.set_advice(ids_.ftp_channel,
                 {"Passive: the server opens a port for the client to connect to; active: the "
                  "server connects back into the client, which firewalls and NAT must allow",
                  "수동(passive): 서버가 포트를 열고 클라이언트가 접속합니다. 능동(active): 서버가 "
                  "클라이언트로 거꾸로 접속하므로 방화벽과 NAT가 이를 허용해야 합니다"});
    s.set_advice(ids_.ftp_file,
                 {"Anyone on the path can read or alter the file: use SFTP or FTPS",
                  "경로상의 누구나 파일을 읽거나 바꿀 수 있습니다: SFTP나 FTPS를 쓰세요"});
    s.set_advice(ids_.exposed,
                 {"Use the encrypted variant (SFTP/FTPS, HTTPS, POP3S/IMAPS/submission with TLS, "
                  "SSH) and change this password: it has been seen on the network",
                  "암호화된 방식(SFTP/FTPS, HTTPS, POP3S/IMAPS/TLS 제출 포트, SSH)을 쓰고 이 "
                  "비밀번호를 바꾸세요: 이미 네트워크에 노출되었습니다"});
    s.set_advice(ids_.brute_force,
                 {"Block or rate-limit the client (fail2ban, firewall) and check whether a later "
                  "attempt was accepted",
                  "해당 클라이언트를 차단하거나 시도 횟수를 제한하고(fail2ban, 방화벽), 이후 "
                  "로그인이 수락되었는지 확인하세요"});
    s.set_advice(ids_.form_readable, {"Serve the form over HTTPS", "폼을 HTTPS로 제공하세요"});
    s.set_advice(ids_.ftp_bounce,
                 {"Check the FTP server refuses PORT to a host other than the client (bounce "
                  "protection), or the NAT's FTP helper",
                  "FTP 서버가 클라이언트가 아닌 호스트로의 PORT를 거부하는지(바운스 방지), "
                  "또는 NAT의 FTP 도우미를 확인하세요"});
    s.set_advice(ids_.ftp_unusual_port,
                 {"Check the FTP server refuses PORT to privileged ports",
                  "FTP 서버가 특권 포트(1024 미만)로의 PORT를 거부하는지 확인하세요"});
    ids_.bruteforce_threshold =
        s.add_unsigned_pref("bruteforce_threshold", "Brute-force threshold",
                            "Rejected logins from one client to one server and protocol before "
                            "convdiag.cred.bruteforce is shown (0 = never)",
                            10);
    ids_.mask_passwords = s.add_bool_pref(
        "mask_passwords", "Mask passwords",
        "Replace passwords and other secrets (such as URL parameters that carry them) with "
        "******** in every field, expert text, table and report",
        false);
    ids_.table = s.table("credentials", "ConvDiag/Credentials", RowKey::Frame);
    ids_.frame_column = s.add_column(ids_.table, "Frame", FieldKind::Frame);
    ids_.protocol_column = s.add_column(ids_.table, "Protocol", FieldKind::String);
    ids_.client_column = s.add_column(ids_.table, "Client", FieldKind::String);
    ids_.server_column = s.add_column(ids_.table, "Server", FieldKind::String);
    ids_.user_column = s.add_column(ids_.table, "User", FieldKind::String);
    ids_.password_column = s.add_column(ids_.table, "Password", FieldKind::String);
    ids_.outcome_column = s.add_column(ids_.table, "Outcome", FieldKind::String);
    ids_.outcome_frame_column = s.add_column(ids_.table, "Outcome frame", FieldKind::Frame);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> CredentialsFactory::create(AnalysisContext &context) const {
    return std::make_unique<CredentialsDetector>(ids_, context);
}

}  // namespace convdiag
