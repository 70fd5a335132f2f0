#include "expert/detectors/http_redirect/redirect_url.h"

#include <cctype>

namespace convdiag {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string_view without_fragment(std::string_view s) {
    const size_t hash = s.find('#');
    return hash == std::string_view::npos ? s : s.substr(0, hash);
}

// Lower-cases scheme and authority, drops the scheme's default port, makes the
// path at least "/". Empty when `url` has no "scheme://".
std::string normalize_absolute(std::string_view url) {
    url = without_fragment(trim(url));
    const size_t sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) return {};
    const std::string scheme = lower(url.substr(0, sep));
    for (char c : scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return {};
    std::string_view rest = url.substr(sep + 3);
    const size_t path_start = rest.find_first_of("/?");
    std::string authority = lower(rest.substr(0, path_start));
    std::string_view path =
        path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
    if (authority.empty()) return {};
    const std::string default_port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
    if (!default_port.empty() && authority.size() > default_port.size() &&
        authority.compare(authority.size() - default_port.size(), default_port.size(),
                          default_port) == 0)
        authority.resize(authority.size() - default_port.size());
    std::string out = scheme + "://" + authority;
    if (path.empty() || path.front() != '/') out += '/';
    out += path;
    return out;
}

}  // namespace

std::string request_url(std::string_view host_header, std::string_view fallback_host,
                        std::string_view target) {
    target = trim(target);
    if (target.find("://") != std::string_view::npos) return normalize_absolute(target);
    std::string_view host = trim(host_header);
    if (host.empty()) host = fallback_host;
    if (host.empty()) return {};
    std::string url = "http://";
    url += host;
    if (target.empty() || target.front() != '/') url += '/';
    url += target;
    return normalize_absolute(url);
}

std::string resolve_location(std::string_view base_url, std::string_view location) {
    location = trim(location);
    if (location.empty()) return {};
    if (location.find("://") != std::string_view::npos) {
        // "scheme://" must come before any '/', '?' or '#' to be absolute.
        const size_t sep = location.find("://");
        if (location.substr(0, sep).find_first_of("/?#") == std::string_view::npos)
            return normalize_absolute(location);
    }
    const size_t scheme_end = base_url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const std::string_view scheme = base_url.substr(0, scheme_end);
    if (location.size() >= 2 && location[0] == '/' && location[1] == '/')
        return normalize_absolute(std::string(scheme) + ":" + std::string(location));
    const size_t path_start = base_url.find('/', scheme_end + 3);
    const std::string_view origin =
        path_start == std::string_view::npos ? base_url : base_url.substr(0, path_start);
    if (location.front() == '/')
        return normalize_absolute(std::string(origin) + std::string(location));
    std::string_view base_path =
        path_start == std::string_view::npos ? std::string_view("/") : base_url.substr(path_start);
    if (location.front() == '?') {
        const size_t query = base_path.find('?');
        if (query != std::string_view::npos) base_path = base_path.substr(0, query);
        return normalize_absolute(std::string(origin) + std::string(base_path) +
                                  std::string(location));
    }
    const size_t query = base_path.find('?');
    if (query != std::string_view::npos) base_path = base_path.substr(0, query);
    const size_t last_slash = base_path.rfind('/');
    const std::string_view directory = base_path.substr(0, last_slash + 1);
    return normalize_absolute(std::string(origin) + std::string(directory) + std::string(location));
}

}  // namespace convdiag
