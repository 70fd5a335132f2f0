#include "expert/detectors/login_flow/registrable_domain.h"

#include <cctype>

namespace convdiag {

namespace {

// Second-level labels under country-code TLDs that registries sell names below,
// as listed in the Public Suffix List. Korean ones first: the course's lab is in Korea.
constexpr std::string_view kMultiLabelSuffixes[] = {
    "co.kr",  "ac.kr",  "go.kr",  "or.kr",  "ne.kr",  "re.kr",  "pe.kr",  "mil.kr",  "hs.kr",
    "ms.kr",  "es.kr",  "sc.kr",  "kg.kr",  "co.uk",  "ac.uk",  "gov.uk", "org.uk",  "net.uk",
    "ltd.uk", "plc.uk", "me.uk",  "nhs.uk", "sch.uk", "co.jp",  "ne.jp",  "or.jp",   "ac.jp",
    "go.jp",  "ad.jp",  "ed.jp",  "gr.jp",  "lg.jp",  "com.au", "net.au", "org.au",  "edu.au",
    "gov.au", "asn.au", "id.au",  "co.nz",  "net.nz", "org.nz", "ac.nz",  "govt.nz", "com.br",
    "net.br", "org.br", "gov.br", "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn",  "ac.cn",
    "com.tw", "net.tw", "org.tw", "edu.tw", "gov.tw", "idv.tw", "com.hk", "net.hk",  "org.hk",
    "edu.hk", "gov.hk", "com.sg", "net.sg", "org.sg", "edu.sg", "gov.sg", "co.in",   "net.in",
    "org.in", "ac.in",  "gov.in", "co.za",  "co.il",  "ac.il",  "org.il", "com.mx",  "com.ar",
    "com.tr", "co.th",  "ac.th",  "go.th",  "in.th",  "co.id",  "ac.id",  "go.id",   "or.id",
    "com.my", "com.ph", "com.vn", "co.ke",
};

}  // namespace

bool is_ip_literal(std::string_view host) {
    if (host.find(':') != std::string_view::npos) return true;  // IPv6
    bool has_digit = false;
    for (char c : host) {
        if (c == '.') continue;
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        has_digit = true;
    }
    return has_digit;
}

bool is_multi_label_public_suffix(std::string_view suffix) {
    for (std::string_view known : kMultiLabelSuffixes)
        if (known == suffix) return true;
    return false;
}

std::string registrable_domain(std::string_view host) {
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    std::string name;
    name.reserve(host.size());
    for (char c : host) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.empty() || is_ip_literal(name)) return name;

    const size_t last_dot = name.rfind('.');
    if (last_dot == std::string::npos || last_dot == 0) return name;
    const size_t second_dot = name.rfind('.', last_dot - 1);
    if (second_dot == std::string::npos) return name;  // already "example.com"
    const std::string_view last_two = std::string_view(name).substr(second_dot + 1);
    if (!is_multi_label_public_suffix(last_two)) return name.substr(second_dot + 1);
    if (second_dot == 0) return name;
    const size_t third_dot = name.rfind('.', second_dot - 1);
    // "co.kr" alone or "naver.co.kr": nothing more to cut.
    return third_dot == std::string::npos ? name : name.substr(third_dot + 1);
}

}  // namespace convdiag
