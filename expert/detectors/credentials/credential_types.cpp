#include "expert/detectors/credentials/credential_types.h"

namespace convdiag {

const char *protocol_value(CredentialProtocol protocol) {
    switch (protocol) {
        case CredentialProtocol::Ftp:
            return "ftp";
        case CredentialProtocol::HttpBasic:
            return "http-basic";
        case CredentialProtocol::HttpForm:
            return "http-form";
        case CredentialProtocol::Pop3:
            return "pop3";
        case CredentialProtocol::Imap:
            return "imap";
        case CredentialProtocol::Smtp:
            return "smtp";
        case CredentialProtocol::Telnet:
            return "telnet";
    }
    return "?";
}

const char *protocol_label(CredentialProtocol protocol) {
    switch (protocol) {
        case CredentialProtocol::Ftp:
            return "FTP";
        case CredentialProtocol::HttpBasic:
            return "HTTP Basic";
        case CredentialProtocol::HttpForm:
            return "HTTP form";
        case CredentialProtocol::Pop3:
            return "POP3";
        case CredentialProtocol::Imap:
            return "IMAP";
        case CredentialProtocol::Smtp:
            return "SMTP";
        case CredentialProtocol::Telnet:
            return "Telnet";
    }
    return "?";
}

const char *outcome_value(LoginOutcome outcome) {
    switch (outcome) {
        case LoginOutcome::Accepted:
            return "accepted";
        case LoginOutcome::Rejected:
            return "rejected";
        case LoginOutcome::Unknown:
            return "unknown";
    }
    return "unknown";
}

}  // namespace convdiag
