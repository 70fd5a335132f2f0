#include "expert/detectors/credentials/http_login_extractor.h"

#include <algorithm>
#include <cctype>

#include "expert/detectors/credentials/form_fields.h"

namespace convdiag {

namespace {

constexpr size_t kMaxHead = 16384;
constexpr uint64_t kMaxBody = 16384;  // enough for any login form; bounds memory
constexpr size_t kMaxListedFields = 30;

bool starts_with_method(std::string_view s) {
    for (const char *m : {"GET ", "POST ", "PUT ", "PATCH ", "HEAD ", "DELETE ", "OPTIONS "}) {
        const std::string_view method(m);
        if (s.substr(0, method.size()) == method) return true;
    }
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

uint64_t content_length(const HttpRequest &request) {
    const auto *value = request.header("Content-Length");
    if (!value) return 0;
    uint64_t n = 0;
    for (char c : trim(*value)) {
        if (c < '0' || c > '9' || n > (1ull << 40)) return 0;
        n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n;
}

// "Basic dXNlcjpwYXNz" -> ("user", "pass")
std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view value) {
    value = trim(value);
    if (value.size() < 7 || !iequals(value.substr(0, 6), "Basic ")) return std::nullopt;
    auto decoded = base64_decode(trim(value.substr(6)));
    if (!decoded) return std::nullopt;
    const size_t colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

std::optional<size_t> head_end(std::string_view buffer) {
    const size_t crlf = buffer.find("\r\n\r\n");
    const size_t lf = buffer.find("\n\n");
    if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::nullopt;
    if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf))
        return crlf + 4;
    return lf + 2;
}

int status_code(std::string_view s) {
    // "HTTP/1.1 401 ..."
    const size_t space = s.find(' ');
    if (space == std::string_view::npos || space > 9 || s.size() < space + 4) return 0;
    int code = 0;
    for (size_t i = space + 1; i < space + 4; ++i) {
        if (s[i] < '0' || s[i] > '9') return 0;
        code = code * 10 + (s[i] - '0');
    }
    return code;
}

}  // namespace

void HttpLoginExtractor::on_bytes(bool from_client, const FreshBytes &fresh,
                                  const PacketFacts &packet, SessionServices &services) {
    if (from_client) {
        if (fresh.gap_before) reset_client();
        on_client(fresh.bytes.text(), packet, services);
        if (fresh.cut_after) reset_client();
    } else {
        on_server(fresh.bytes.text(), packet, services);
    }
}

bool HttpLoginExtractor::at_rest() const {
    // Between messages the other members are not read before they are set again, and
    // only the difference of the request numbers matters while no credential waits.
    return !done_ && mode_ == Mode::Idle && buffer_.empty() && requested_ == answered_ &&
           attempts_.empty();
}

bool HttpLoginExtractor::starts_request(ByteView bytes) { return starts_with_method(bytes.text()); }

void HttpLoginExtractor::reset_client() {
    mode_ = Mode::Idle;
    std::string().swap(buffer_);
    skip_ = 0;
}

void HttpLoginExtractor::on_client(std::string_view input, const PacketFacts &packet,
                                   SessionServices &services) {
    std::string carry;
    // Each round finishes at most one message; pipelined requests in one
    // segment take a few rounds, a bound keeps the work per packet fixed.
    int round = 0;
    while (round < 8 && !input.empty()) {
        if (mode_ == Mode::Skip) {
            if (input.size() < skip_) {
                skip_ -= input.size();
                return;
            }
            input.remove_prefix(static_cast<size_t>(skip_));
            skip_ = 0;
            mode_ = Mode::Idle;
            ++round;
            continue;
        }
        if (mode_ == Mode::Idle) {
            // Only a request that starts a segment is read: the body of a request
            // we do not follow never looks like one by accident.
            if (!starts_with_method(input)) return;
            if (requested_ - answered_ == kMaxOutstanding) ++answered_;  // out of step
            ++requested_;
            std::string().swap(buffer_);
            mode_ = Mode::Head;
        }
        // A message within one segment is read in place; only the part of one
        // split across segments waits in buffer_, freed once the message is done.
        std::string_view data = input;
        if (!buffer_.empty()) {
            buffer_.append(input);
            data = buffer_;
        }
        const bool reading_head = mode_ == Mode::Head;
        const auto consumed = try_complete(data, packet, services);
        if (!consumed) {
            if (buffer_.empty()) buffer_.assign(input);
            return;
        }
        std::string rest(data.substr(std::min(*consumed, data.size())));
        carry.swap(rest);
        std::string().swap(buffer_);
        input = carry;
        // A head followed by its form body is still the same message's round.
        if (!(reading_head && mode_ == Mode::Body)) ++round;
    }
}

std::optional<size_t> HttpLoginExtractor::try_complete(std::string_view data,
                                                       const PacketFacts &packet,
                                                       SessionServices &services) {
    if (mode_ == Mode::Head) {
        auto end = head_end(data);
        if (!end) {
            if (data.size() > kMaxHead) {
                mode_ = Mode::Idle;
                return data.size();
            }
            return std::nullopt;
        }
        auto request =
            parse_http_request(ByteView(reinterpret_cast<const uint8_t *>(data.data()), *end));
        mode_ = Mode::Idle;
        if (!request) return *end;
        on_head(*request, packet, services);
        const uint64_t length = content_length(*request);
        if (length == 0) return *end;
        const auto *type = request->header("Content-Type");
        const bool may_be_form =
            request->method == "POST" || request->method == "PUT" || request->method == "PATCH";
        form_ = FormKind::None;
        if (may_be_form && type) {
            std::string lower(type->substr(0, 200));
            for (auto &c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lower.find("application/x-www-form-urlencoded") != std::string::npos) {
                form_ = FormKind::UrlEncoded;
            } else if (lower.find("multipart/form-data") != std::string::npos) {
                boundary_ = multipart_boundary(*type);
                if (!boundary_.empty()) form_ = FormKind::Multipart;
            }
        }
        if (form_ == FormKind::None) {
            mode_ = Mode::Skip;
            skip_ = length;
            return *end;
        }
        mode_ = Mode::Body;
        body_total_ = length;
        body_needed_ = std::min(length, kMaxBody);
        return *end;
    }
    if (mode_ != Mode::Body || data.size() < body_needed_) return std::nullopt;
    const std::string_view body = data.substr(0, body_needed_);
    on_form(form_ == FormKind::UrlEncoded ? parse_urlencoded(body)
                                          : parse_multipart_form(body, boundary_),
            packet, services);
    mode_ = Mode::Idle;
    if (body_total_ > body_needed_) {
        mode_ = Mode::Skip;
        skip_ = body_total_ - body_needed_;
    }
    return static_cast<size_t>(body_needed_);
}

void HttpLoginExtractor::on_head(const HttpRequest &request, const PacketFacts &packet,
                                 SessionServices &services) {
    for (const char *name : {"Authorization", "Proxy-Authorization"}) {
        const auto *value = request.header(name);
        if (!value) continue;
        if (auto basic = basic_credentials(*value)) {
            expose(CredentialProtocol::HttpBasic, bounded(basic->first), bounded(basic->second),
                   packet, services);
            return;
        }
    }
    // A login form sent with method=GET puts the password in the URL.
    const size_t query = request.target.find('?');
    if (query != std::string::npos) {
        const auto fields = parse_urlencoded(std::string_view(request.target).substr(query + 1));
        for (const auto &f : fields) {
            if (!f.second.empty() && looks_like_password_field(f.first)) {
                on_form(fields, packet, services);
                return;
            }
        }
    }
}

void HttpLoginExtractor::on_form(const FormFields &fields, const PacketFacts &packet,
                                 SessionServices &services) {
    const std::pair<std::string, std::string> *password = nullptr;
    const std::pair<std::string, std::string> *user = nullptr;
    for (const auto &f : fields) {
        if (!password && !f.second.empty() && looks_like_password_field(f.first)) {
            password = &f;
        } else if (!user && !f.second.empty() && looks_like_user_field(f.first)) {
            user = &f;
        }
    }
    if (password) {
        // Without a password the "user" is just another readable field.
        expose(CredentialProtocol::HttpForm, user ? bounded(user->second) : std::string(),
               bounded(password->second), packet, services);
    } else {
        user = nullptr;
    }
    std::string names;
    size_t listed = 0;
    for (const auto &f : fields) {
        if (&f == password || &f == user || f.second.empty()) continue;
        if (listed == kMaxListedFields) {
            names += ", ...";
            break;
        }
        names += (names.empty() ? "" : ", ") + bounded(f.first, 64);
        ++listed;
    }
    if (!names.empty()) services.reporter.form_content(packet.frame, names, roles_.server);
}

void HttpLoginExtractor::expose(CredentialProtocol protocol, std::string user, std::string password,
                                const PacketFacts &packet, SessionServices &services) {
    CredentialAttempt a =
        CredentialAttempt::seen(protocol, std::move(user), std::move(password), packet, roles_);
    services.reporter.exposed(a);
    if (requested_ == answered_) return;
    // A request carries one verdict: a second credential in it does not replace the first.
    const uint32_t request = requested_ - 1;
    if (attempts_.empty() || attempts_.back().first != request) {
        if (attempts_.size() >= 16) attempts_.erase(attempts_.begin());
        attempts_.emplace_back(request, std::move(a));
    }
}

void HttpLoginExtractor::on_server(std::string_view input, const PacketFacts &packet,
                                   SessionServices &services) {
    if (input.substr(0, 5) != "HTTP/" || requested_ == answered_) return;
    const int code = status_code(input);
    if (code < 200) {
        if (code == 101) done_ = true;  // switched to another protocol (WebSocket...)
        return;
    }
    const uint32_t request = answered_++;
    auto it = std::find_if(attempts_.begin(), attempts_.end(),
                           [&](const auto &e) { return e.first == request; });
    if (it == attempts_.end()) return;
    const CredentialAttempt attempt = std::move(it->second);
    attempts_.erase(it);

    LoginOutcome outcome = LoginOutcome::Unknown;
    if (attempt.protocol == CredentialProtocol::HttpBasic) {
        // The server checks Basic credentials before it serves anything.
        if (code == 401 || code == 407) {
            outcome = LoginOutcome::Rejected;
        } else if (code < 400) {
            outcome = LoginOutcome::Accepted;
        }
    } else if (code == 401 || code == 403) {
        outcome = LoginOutcome::Rejected;
    } else if (code >= 300 && code < 400) {
        // Post/redirect/get with a new session cookie is how a login form says
        // yes; a 200 may just be the form again with an error, so it stays unknown.
        auto response = parse_http_response(
            ByteView(reinterpret_cast<const uint8_t *>(input.data()), input.size()));
        if (response && response->header("Set-Cookie")) outcome = LoginOutcome::Accepted;
    }
    services.reporter.settle(attempt, outcome, packet.frame, packet.time, std::to_string(code));
}

}  // namespace convdiag
