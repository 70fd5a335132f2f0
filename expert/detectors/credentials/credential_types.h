// What every login tracker reports: a credential seen in clear text on one
// connection, and later the server's verdict on it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "expert/core/packet_facts.h"

namespace convdiag {

enum class CredentialProtocol : uint8_t { Ftp, HttpBasic, HttpForm, Pop3, Imap, Smtp, Telnet };
enum class LoginOutcome : uint8_t { Unknown, Accepted, Rejected };

// The public values of convdiag.cred.protocol / convdiag.cred.outcome.
const char *protocol_value(CredentialProtocol protocol);
const char *outcome_value(LoginOutcome outcome);
// How a sentence names the protocol: "FTP", "HTTP Basic", "POP3"...
const char *protocol_label(CredentialProtocol protocol);

// Who talks to whom on one connection, oriented by the service port (the
// capture may begin after the handshake, so TCP roles can be reversed).
struct ServiceRoles {
    Endpoint client;
    Endpoint server;
    uint32_t stream = kNoStream;
};

struct CredentialAttempt {
    CredentialProtocol protocol = CredentialProtocol::Ftp;
    std::string user;  // empty when the capture did not show it
    std::string password;
    FrameNumber frame = 0;  // the frame that completed the secret
    Nanoseconds time = 0;
    Endpoint client;
    Endpoint server;
    uint32_t number = 0;  // nth attempt of this client on this service; set by the reporter
    uint32_t record = UINT32_MAX;  // the reporter's record of it (CredentialRecords)

    // The attempt whose secret `packet` completed, on the connection of `roles`.
    static CredentialAttempt seen(CredentialProtocol protocol, std::string user,
                                  std::string password, const PacketFacts &packet,
                                  const ServiceRoles &roles) {
        CredentialAttempt a;
        a.protocol = protocol;
        a.user = std::move(user);
        a.password = std::move(password);
        a.frame = packet.frame;
        a.time = packet.time;
        a.client = roles.client;
        a.server = roles.server;
        return a;
    }
};

}  // namespace convdiag
