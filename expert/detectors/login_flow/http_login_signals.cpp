#include "expert/detectors/login_flow/http_login_signals.h"

#include <cctype>

namespace convdiag {

namespace {

bool name_says_password(const std::string &name) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("pass") != std::string::npos || lower.find("pwd") != std::string::npos;
}

}  // namespace

bool may_start_http_request(ByteView bytes) {
    if (bytes.size() < 4) return false;
    for (size_t i = 0; i < bytes.size() && i <= 10; ++i) {
        const uint8_t c = bytes.u8(i);
        if (c == ' ') return i >= 3;
        if (c < 'A' || c > 'Z') return false;
    }
    return false;
}

bool may_start_http_response(ByteView bytes) {
    return bytes.size() >= 5 && bytes.text().substr(0, 5) == "HTTP/";
}

bool may_start_tls_record(ByteView bytes) {
    return bytes.size() >= 5 && bytes.u8(0) >= 20 && bytes.u8(0) <= 23 && bytes.u8(1) == 0x03;
}

RequestSecrets find_request_secrets(const HttpRequest &request, ByteView bytes) {
    RequestSecrets out;
    const auto *cookie = request.header("Cookie");
    out.cookie = cookie && !cookie->empty();
    const auto *auth = request.header("Authorization");
    out.credentials = auth && !auth->empty();
    if (!out.credentials && request.head_complete && request.method == "POST" &&
        request.body_offset < bytes.size()) {
        const auto *type = request.header("Content-Type");
        if (type && type->find("x-www-form-urlencoded") != std::string::npos) {
            const ByteView body = bytes.sub(request.body_offset, bytes.size());
            for (const auto &field : parse_urlencoded(body.text()))
                if (name_says_password(field.first) && !field.second.empty())
                    out.credentials = true;
        }
    }
    return out;
}

std::string https_redirect_host(const HttpResponse &response) {
    const int s = response.status;
    if (s != 301 && s != 302 && s != 307 && s != 308) return {};
    const auto *location = response.header("Location");
    if (!location || location->size() < 9 || !iequals(location->substr(0, 8), "https://"))
        return {};
    std::string host(location->substr(8));
    const size_t end = host.find_first_of("/?#");
    if (end != std::string::npos) host.resize(end);
    if (const size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
    if (!host.empty() && host.front() == '[') {
        const size_t close = host.find(']');
        host = close == std::string::npos ? std::string() : host.substr(1, close - 1);
    } else if (const size_t colon = host.find(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    for (auto &c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host;
}

}  // namespace convdiag
