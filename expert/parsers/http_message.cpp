#include "expert/parsers/http_message.h"

#include <cctype>

namespace convdiag {

namespace {

// Heads larger than this are not worth parsing for our purposes and bound the work.
constexpr size_t kMaxHead = 16384;
constexpr size_t kMaxHeaders = 100;

const char *const kMethods[] = {"GET",     "POST",  "HEAD",    "PUT",   "DELETE",
                                "OPTIONS", "PATCH", "CONNECT", "TRACE", "PROPFIND"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Splits the head into lines; returns false if a line holds a control byte that
// no HTTP head contains (binary data that happens to start with "GET ").
bool read_lines(std::string_view text, std::vector<std::string_view> &lines, bool &complete,
                size_t &body_offset) {
    size_t pos = 0;
    complete = false;
    while (pos < text.size() && lines.size() <= kMaxHeaders) {
        const size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) break;  // a cut line is dropped
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        pos = end + 1;
        if (line.empty()) {
            complete = true;
            body_offset = pos;
            return true;
        }
        for (char c : line)
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return false;
        lines.push_back(line);
    }
    return true;
}

void read_headers(const std::vector<std::string_view> &lines, std::vector<HttpHeader> &headers) {
    for (size_t i = 1; i < lines.size(); ++i) {
        const size_t colon = lines[i].find(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        headers.push_back({trim(lines[i].substr(0, colon)), trim(lines[i].substr(colon + 1))});
    }
}

const std::string_view *find_header(const std::vector<HttpHeader> &headers, std::string_view name) {
    for (const auto &h : headers)
        if (iequals(h.name, name)) return &h.value;
    return nullptr;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

const std::string_view *HttpRequest::header(std::string_view name) const {
    return find_header(headers, name);
}

const std::string_view *HttpResponse::header(std::string_view name) const {
    return find_header(headers, name);
}

std::string HttpRequest::host() const {
    const std::string_view *h = header("Host");
    if (!h) return {};
    std::string host(*h);
    if (!host.empty() && host.front() == '[') {
        const size_t close = host.find(']');
        host = close == std::string::npos ? host : host.substr(1, close - 1);
    } else if (const size_t colon = host.find(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    for (auto &c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host;
}

std::optional<HttpRequest> parse_http_request(ByteView bytes) {
    std::string_view text = bytes.sub(0, kMaxHead).text();
    // The method is short: look for its space in the first bytes only, so that
    // binary payloads cost a handful of comparisons, not a scan of 16 KiB.
    const size_t space = text.substr(0, 11).find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    bool known = false;
    for (const char *m : kMethods) known = known || text.substr(0, space) == m;
    if (!known) return std::nullopt;
    std::vector<std::string_view> lines;
    HttpRequest req;
    if (!read_lines(text, lines, req.head_complete, req.body_offset) || lines.empty())
        return std::nullopt;
    const std::string_view first = lines[0];
    const size_t second_space = first.find(' ', space + 1);
    if (second_space == std::string_view::npos) return std::nullopt;
    req.method = first.substr(0, space);
    req.target = first.substr(space + 1, second_space - space - 1);
    req.version = first.substr(second_space + 1);
    if (req.version.rfind("HTTP/", 0) != 0) return std::nullopt;
    read_headers(lines, req.headers);
    return req;
}

std::optional<HttpResponse> parse_http_response(ByteView bytes) {
    std::string_view text = bytes.sub(0, kMaxHead).text();
    if (text.size() < 12 || text.substr(0, 5) != "HTTP/") return std::nullopt;
    std::vector<std::string_view> lines;
    HttpResponse resp;
    if (!read_lines(text, lines, resp.head_complete, resp.body_offset) || lines.empty())
        return std::nullopt;
    const std::string_view first = lines[0];
    const size_t space = first.find(' ');
    if (space == std::string_view::npos || first.size() < space + 4) return std::nullopt;
    int status = 0;
    for (size_t i = space + 1; i < space + 4; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(first[i]))) return std::nullopt;
        status = status * 10 + (first[i] - '0');
    }
    resp.version = first.substr(0, space);
    resp.status = status;
    if (first.size() > space + 5) resp.reason = first.substr(space + 5);
    read_headers(lines, resp.headers);
    return resp;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = 0;
    while (pos <= body.size() && out.size() < 200) {
        size_t amp = body.find('&', pos);
        if (amp == std::string_view::npos) amp = body.size();
        const std::string_view pair = body.substr(pos, amp - pos);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            if (eq == std::string_view::npos) {
                out.emplace_back(percent_decode(pair), std::string());
            } else {
                out.emplace_back(percent_decode(pair.substr(0, eq)),
                                 percent_decode(pair.substr(eq + 1)));
            }
        }
        pos = amp + 1;
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z') {
            v = c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            v = c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            v = c - '0' + 52;
        } else if (c == '+') {
            v = 62;
        } else if (c == '/') {
            v = 63;
        } else if (c == '=') {
            break;
        } else {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace convdiag
