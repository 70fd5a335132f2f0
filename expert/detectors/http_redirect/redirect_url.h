// URL arithmetic for following redirects: the absolute URL a request asked for, and
// a Location resolved against it (RFC 9110 10.2.2, RFC 3986 5.2 without dot segments).
#pragma once

#include <string>
#include <string_view>

namespace convdiag {

// "http://host[:port]/target", host lower case, default port and fragment removed.
// `host_header` is the Host header as sent (may carry a port); `fallback_host` is used
// when it is empty (HTTP/1.0). An absolute-form target (to a proxy) is taken as is.
std::string request_url(std::string_view host_header, std::string_view fallback_host,
                        std::string_view target);
// The absolute URL a Location points to, relative to the request's URL; empty if it
// cannot be resolved.
std::string resolve_location(std::string_view base_url, std::string_view location);

}  // namespace convdiag
