// Parses the head of an HTTP/1.x request or response from the start of a TCP
// segment's payload. Only the parts detectors need are kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expert/parsers/byte_view.h"

namespace convdiag {

// Views into the bytes given to the parser: valid while those bytes are. Every
// detector uses a parse at once, so nothing is copied (a request head has a dozen
// headers, and copying them was most of the parser's cost).
struct HttpHeader {
    std::string_view name;  // as sent
    std::string_view value;
};

struct HttpRequest {
    std::string_view method;   // "GET"
    std::string_view target;   // "/login?x=1"
    std::string_view version;  // "HTTP/1.1"
    std::vector<HttpHeader> headers;
    bool head_complete = false;  // the blank line ending the head was seen
    size_t body_offset = 0;      // where the body starts in the bytes given (if head_complete)

    // First header with that name, case-insensitive.
    const std::string_view *header(std::string_view name) const;
    std::string host() const;  // Host without port, lower case
};

struct HttpResponse {
    std::string_view version;
    int status = 0;
    std::string_view reason;
    std::vector<HttpHeader> headers;
    bool head_complete = false;
    size_t body_offset = 0;

    const std::string_view *header(std::string_view name) const;
};

// Empty when the bytes do not start like a request (known method, target, HTTP/x.y).
std::optional<HttpRequest> parse_http_request(ByteView bytes);
// Empty when the bytes do not start with "HTTP/x.y NNN".
std::optional<HttpResponse> parse_http_response(ByteView bytes);

// application/x-www-form-urlencoded body -> (name, value) pairs, percent-decoded.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view body);
std::string percent_decode(std::string_view text);
// Decodes standard base64; empty on invalid input.
std::optional<std::string> base64_decode(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

}  // namespace convdiag
