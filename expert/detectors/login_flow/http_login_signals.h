// What in a plain HTTP message matters for a login flow: a session cookie or
// credentials in a request, a redirect to https:// in a response. Also the cheap
// first-bytes checks that keep full parsing off most segments.
#pragma once

#include <string>

#include "expert/parsers/byte_view.h"
#include "expert/parsers/http_message.h"

namespace convdiag {

// "GET /", "POST /": an upper-case token of at most 10 letters and a space. O(1).
bool may_start_http_request(ByteView bytes);
// "HTTP/". O(1).
bool may_start_http_response(ByteView bytes);
// A TLS record header: content type 20-23, major version 3. O(1).
bool may_start_tls_record(ByteView bytes);

struct RequestSecrets {
    bool cookie = false;       // a non-empty Cookie header
    bool credentials = false;  // Authorization header, or a form field named like a password
};

// `bytes` is the segment the request head was parsed from (the body may follow
// the head in it; a body in later segments is not seen).
RequestSecrets find_request_secrets(const HttpRequest &request, ByteView bytes);

// The host of an https:// Location in a 301/302/307/308 answer, lower case; empty otherwise.
std::string https_redirect_host(const HttpResponse &response);

}  // namespace convdiag
