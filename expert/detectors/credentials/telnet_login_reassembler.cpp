#include "expert/detectors/credentials/telnet_login_reassembler.h"

#include <cctype>

namespace convdiag {

namespace {

bool ends_with_prompt(std::string_view screen, std::string_view prompt) {
    while (!screen.empty() && (screen.back() == ' ' || screen.back() == '\t'))
        screen.remove_suffix(1);
    return screen.size() >= prompt.size() && screen.substr(screen.size() - prompt.size()) == prompt;
}

bool says_failure(std::string_view screen) {
    for (const char *word :
         {"incorrect", "login failed", "authentication failed", "access denied",
          "permission denied", "invalid password", "bad password", "invalid login"})
        if (screen.find(word) != std::string_view::npos) return true;
    return false;
}

// A shell prompt ends the output: "$ ", "# ", "> ", "% ".
bool ends_with_shell_prompt(std::string_view screen) {
    if (screen.size() < 2 || screen.back() != ' ') return false;
    const char c = screen[screen.size() - 2];
    return c == '$' || c == '#' || c == '>' || c == '%';
}

}  // namespace

void TelnetLoginReassembler::on_bytes(bool from_client, const FreshBytes &fresh,
                                      const PacketFacts &packet, SessionServices &services) {
    TelnetStreamDecoder &decoder = from_client ? client_decoder_ : server_decoder_;
    if (fresh.gap_before) {
        decoder.reset();
        if (from_client) typed_.clear();
    }
    decoded_.clear();
    decoder.decode(fresh.bytes, decoded_);
    if (!decoded_.empty()) {
        if (from_client) {
            on_typed(packet, services);
        } else {
            on_server_text(packet, services);
        }
    }
    if (fresh.cut_after) {
        decoder.reset();
        if (from_client) typed_.clear();
    }
}

void TelnetLoginReassembler::on_server_text(const PacketFacts &packet, SessionServices &services) {
    for (char c : decoded_) {
        if (c == '\0') continue;
        screen_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (screen_.size() > kScreenTail) screen_.erase(0, screen_.size() - kScreenTail);

    if (awaiting_ == Awaiting::Verdict) {
        bool printed = false;
        for (char c : decoded_) printed = printed || (c != '\r' && c != '\n' && c != ' ' && c != 0);
        output_since_password_ = output_since_password_ || printed;
        if (says_failure(screen_)) {
            settle(LoginOutcome::Rejected, packet, "\"Login incorrect\"", services);
        } else if (screen_.find("last login") != std::string::npos) {
            settle(LoginOutcome::Accepted, packet, "\"Last login\"", services);
        } else if (ends_with_prompt(screen_, "login:") || ends_with_prompt(screen_, "username:")) {
            settle(LoginOutcome::Rejected, packet, "a new login prompt", services);
        } else if (output_since_password_ && ends_with_shell_prompt(screen_)) {
            settle(LoginOutcome::Accepted, packet, "a shell prompt", services);
        }
    }
    if (ends_with_prompt(screen_, "login:") || ends_with_prompt(screen_, "username:") ||
        ends_with_prompt(screen_, "user name:")) {
        awaiting_ = Awaiting::User;
        typed_.clear();
        screen_.clear();
    } else if (ends_with_prompt(screen_, "password:")) {
        awaiting_ = Awaiting::Password;
        typed_.clear();
        screen_.clear();
    }
}

void TelnetLoginReassembler::on_typed(const PacketFacts &packet, SessionServices &services) {
    for (char c : decoded_) {
        if (c == '\r' || c == '\n') {
            if (typed_.empty() && awaiting_ != Awaiting::Password) continue;  // LF of CR LF
            if (awaiting_ == Awaiting::User) {
                user_ = typed_;
                awaiting_ = Awaiting::Nothing;
            } else if (awaiting_ == Awaiting::Password) {
                if (typed_.empty()) continue;
                CredentialAttempt a = CredentialAttempt::seen(CredentialProtocol::Telnet, user_,
                                                              typed_, packet, roles_);
                services.reporter.exposed(a);
                pending_ = std::make_unique<CredentialAttempt>(std::move(a));
                awaiting_ = Awaiting::Verdict;
                output_since_password_ = false;
                screen_.clear();
            }
            typed_.clear();
        } else if (c == '\b' || c == 0x7f) {
            if (!typed_.empty()) typed_.pop_back();
        } else if (c == 0x15) {  // ^U erases the line
            typed_.clear();
        } else if (static_cast<unsigned char>(c) >= 0x20 && typed_.size() < kMaxTyped) {
            typed_ += c;
        }
    }
}

void TelnetLoginReassembler::settle(LoginOutcome outcome, const PacketFacts &packet,
                                    const std::string &reply, SessionServices &services) {
    awaiting_ = Awaiting::Nothing;
    if (!pending_) return;
    services.reporter.settle(*pending_, outcome, packet.frame, packet.time, reply);
    pending_.reset();
    if (outcome == LoginOutcome::Accepted) done_ = true;  // the rest is the user's work
}

}  // namespace convdiag
