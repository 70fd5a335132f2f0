#include "expert/detectors/credentials/mail_login_tracker.h"

#include <cctype>

#include "expert/parsers/ftp_lines.h"
#include "expert/parsers/http_message.h"

namespace convdiag {

namespace {

std::string_view first_word(std::string_view &rest) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const size_t space = rest.find(' ');
    std::string_view word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    return word;
}

bool contains_nocase(std::string_view text, std::string_view word) {
    if (word.size() > text.size()) return false;
    for (size_t i = 0; i + word.size() <= text.size(); ++i)
        if (iequals(text.substr(i, word.size()), word)) return true;
    return false;
}

// IMAP astring (RFC 3501): an atom or a quoted string. Literals ({n}) are not
// followed, so a LOGIN sent with literals gives no finding.
std::optional<std::string> read_astring(std::string_view &rest) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty() || rest.front() == '{') return std::nullopt;
    std::string value;
    if (rest.front() == '"') {
        size_t i = 1;
        for (; i < rest.size() && rest[i] != '"'; ++i) {
            if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
            value += rest[i];
        }
        if (i >= rest.size()) return std::nullopt;
        rest.remove_prefix(i + 1);
        return value;
    }
    const size_t space = rest.find(' ');
    value = std::string(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    return value;
}

std::optional<std::string> decode_base64_line(std::string_view line) {
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (line.empty() || line == "=") return std::string();
    return base64_decode(line);
}

}  // namespace

void MailLoginTracker::on_line(bool from_client, std::string_view line, const PacketFacts &packet,
                               SessionServices &services) {
    if (!from_client) {
        if (protocol_ == CredentialProtocol::Pop3) {
            on_pop3_reply(line, packet, services);
        } else if (protocol_ == CredentialProtocol::Smtp) {
            on_smtp_reply(line, packet, services);
        } else {
            on_imap_reply(line, packet, services);
        }
        first_server_line_ = false;
        return;
    }
    if (in_message_data_) {
        if (line == ".") in_message_data_ = false;
        return;
    }
    if (sasl_waiting_for_client_) {
        on_sasl_response(line, packet, services);
        return;
    }
    if (protocol_ == CredentialProtocol::Imap) {
        on_imap_command(line, packet, services);
        return;
    }
    std::string_view rest = line;
    const std::string_view verb = first_word(rest);
    if (protocol_ == CredentialProtocol::Pop3) {
        on_pop3_command(verb, rest, packet, services);
    } else {
        if (iequals(verb, "AUTH")) {
            expected_.push(start_sasl(rest, packet, services) ? Expect::Login : Expect::Other);
        } else {
            on_smtp_command(verb, rest);
        }
    }
}

void MailLoginTracker::on_pop3_command(std::string_view verb, std::string_view argument,
                                       const PacketFacts &packet, SessionServices &services) {
    Expect expect = Expect::Other;
    if (iequals(verb, "USER")) {
        user_ = bounded(argument);
    } else if (iequals(verb, "PASS")) {
        expose(user_, bounded(argument), packet, services);
        expect = Expect::Login;
    } else if (iequals(verb, "AUTH")) {
        if (start_sasl(argument, packet, services)) expect = Expect::Login;
    } else if (iequals(verb, "STLS")) {
        expect = Expect::StartTls;
    }
    expected_.push(expect);
}

void MailLoginTracker::on_smtp_command(std::string_view verb, std::string_view) {
    if (iequals(verb, "STARTTLS")) {
        expected_.push(Expect::StartTls);
    } else if (iequals(verb, "DATA")) {
        expected_.push(Expect::Data);
    } else {
        expected_.push(Expect::Other);
    }
}

void MailLoginTracker::on_imap_command(std::string_view line, const PacketFacts &packet,
                                       SessionServices &services) {
    std::string_view rest = line;
    const std::string_view tag = first_word(rest);
    const std::string_view command = first_word(rest);
    if (tag.empty() || tag.size() > 32) return;
    if (iequals(command, "LOGIN")) {
        auto user = read_astring(rest);
        auto password = user ? read_astring(rest) : std::nullopt;
        if (!user || !password) return;
        imap_login_tag_ = std::string(tag);
        expose(bounded(*user), bounded(*password), packet, services);
    } else if (iequals(command, "AUTHENTICATE")) {
        if (start_sasl(rest, packet, services)) imap_login_tag_ = std::string(tag);
    } else if (iequals(command, "STARTTLS")) {
        imap_tls_tag_ = std::string(tag);
    }
}

void MailLoginTracker::on_pop3_reply(std::string_view line, const PacketFacts &packet,
                                     SessionServices &services) {
    const bool ok = line.substr(0, 3) == "+OK";
    const bool err = line.substr(0, 4) == "-ERR";
    if (first_server_line_ && !ok && !err) {
        done_ = true;  // port 110 but not POP3
        return;
    }
    if (!ok && !err) {
        if (line.substr(0, 1) == "+") on_continuation(line.substr(1));
        return;  // continuation, or a line of a multi-line answer
    }
    if (expected_.empty()) return;  // the greeting
    const Expect expect = expected_.pop();
    if (expect == Expect::Login) {
        settle(ok ? LoginOutcome::Accepted : LoginOutcome::Rejected, packet, ok ? "+OK" : "-ERR",
               services);
    } else if (expect == Expect::StartTls && ok) {
        done_ = true;
    }
}

void MailLoginTracker::on_smtp_reply(std::string_view line, const PacketFacts &packet,
                                     SessionServices &services) {
    auto reply = parse_ftp_reply_line(line);  // SMTP replies have FTP's shape (RFC 5321 4.2)
    if (first_server_line_ && !reply) {
        done_ = true;
        return;
    }
    if (!multiline_.completes(reply)) return;
    if (reply->code == 334) {
        on_continuation(reply->text);
        return;
    }
    if (expected_.empty()) return;
    if (reply->code == 220 && expected_.front() != Expect::StartTls) return;  // greeting
    const Expect expect = expected_.pop();
    const int code = reply->code;
    if (expect == Expect::Login) {
        sasl_ = Sasl::None;
        sasl_waiting_for_client_ = false;
        const LoginOutcome outcome = code == 235   ? LoginOutcome::Accepted
                                     : code >= 500 ? LoginOutcome::Rejected
                                                   : LoginOutcome::Unknown;
        settle(outcome, packet, std::to_string(code), services);
    } else if (expect == Expect::StartTls && code == 220) {
        done_ = true;
    } else if (expect == Expect::Data && code == 354) {
        in_message_data_ = true;
        expected_.push(Expect::Other);  // the reply after the final "."
    }
}

void MailLoginTracker::on_imap_reply(std::string_view line, const PacketFacts &packet,
                                     SessionServices &services) {
    if (line.substr(0, 2) == "* ") return;  // untagged: greeting, capabilities, data
    if (line.substr(0, 1) == "+") {
        on_continuation(line.substr(1));
        return;
    }
    std::string_view rest = line;
    const std::string_view tag = first_word(rest);
    const std::string_view status = first_word(rest);
    if (!imap_login_tag_.empty() && tag == imap_login_tag_) {
        imap_login_tag_.clear();
        sasl_ = Sasl::None;
        sasl_waiting_for_client_ = false;
        const LoginOutcome outcome = iequals(status, "OK") ? LoginOutcome::Accepted
                                     : (iequals(status, "NO") || iequals(status, "BAD"))
                                         ? LoginOutcome::Rejected
                                         : LoginOutcome::Unknown;
        settle(outcome, packet, std::string(status.substr(0, 8)), services);
    } else if (!imap_tls_tag_.empty() && tag == imap_tls_tag_) {
        imap_tls_tag_.clear();
        if (iequals(status, "OK")) done_ = true;
    }
}

bool MailLoginTracker::start_sasl(std::string_view arguments, const PacketFacts &packet,
                                  SessionServices &services) {
    std::string_view rest = arguments;
    const std::string_view mechanism = first_word(rest);
    const std::string_view initial = first_word(rest);
    sasl_waiting_for_client_ = false;
    sasl_next_is_password_ = false;
    if (iequals(mechanism, "PLAIN")) {
        sasl_ = Sasl::Plain;
        if (!initial.empty()) on_sasl_response(initial, packet, services);
        return true;
    }
    if (iequals(mechanism, "LOGIN")) {
        sasl_ = Sasl::Login;
        if (!initial.empty()) {
            if (auto user = decode_base64_line(initial)) user_ = bounded(*user);
            sasl_next_is_password_ = true;
        }
        return true;
    }
    sasl_ = Sasl::None;  // CRAM-MD5, SCRAM, GSSAPI...: no cleartext password
    return false;
}

void MailLoginTracker::on_continuation(std::string_view prompt) {
    if (sasl_ == Sasl::None) return;
    sasl_waiting_for_client_ = true;
    if (sasl_ == Sasl::Login) {
        // AUTH LOGIN prompts are base64 "Username:" / "Password:"; trust them when readable.
        while (!prompt.empty() && prompt.front() == ' ') prompt.remove_prefix(1);
        if (auto text = decode_base64_line(prompt)) {
            if (contains_nocase(*text, "pass")) sasl_next_is_password_ = true;
            if (contains_nocase(*text, "user")) sasl_next_is_password_ = false;
        }
    }
}

void MailLoginTracker::on_sasl_response(std::string_view line, const PacketFacts &packet,
                                        SessionServices &services) {
    sasl_waiting_for_client_ = false;
    if (line == "*") {  // the client cancels
        sasl_ = Sasl::None;
        return;
    }
    auto decoded = decode_base64_line(line);
    if (!decoded) return;
    if (sasl_ == Sasl::Plain) {
        // authzid NUL authcid NUL password (RFC 4616)
        const size_t first = decoded->find('\0');
        const size_t second =
            first == std::string::npos ? std::string::npos : decoded->find('\0', first + 1);
        if (second == std::string::npos) return;
        expose(bounded(decoded->substr(first + 1, second - first - 1)),
               bounded(decoded->substr(second + 1)), packet, services);
        sasl_ = Sasl::None;
    } else if (sasl_ == Sasl::Login) {
        if (!sasl_next_is_password_) {
            user_ = bounded(*decoded);
            sasl_next_is_password_ = true;
        } else {
            expose(user_, bounded(*decoded), packet, services);
            sasl_ = Sasl::None;
        }
    }
}

void MailLoginTracker::expose(std::string user, std::string password, const PacketFacts &packet,
                              SessionServices &services) {
    CredentialAttempt a =
        CredentialAttempt::seen(protocol_, std::move(user), std::move(password), packet, roles_);
    services.reporter.exposed(a);
    pending_ = std::make_unique<CredentialAttempt>(std::move(a));
}

void MailLoginTracker::settle(LoginOutcome outcome, const PacketFacts &packet,
                              const std::string &reply, SessionServices &services) {
    if (!pending_) return;
    services.reporter.settle(*pending_, outcome, packet.frame, packet.time, reply);
    pending_.reset();
}

}  // namespace convdiag
