#include "expert/core/ip_address.h"

#include <arpa/inet.h>

namespace convdiag {

IpAddress IpAddress::parse(const std::string &text) {
    IpAddress a;
    if (inet_pton(AF_INET, text.c_str(), a.bytes) == 1) {
        a.family = 4;
    } else if (inet_pton(AF_INET6, text.c_str(), a.bytes) == 1) {
        a.family = 6;
    } else {
        a = IpAddress();
    }
    return a;
}

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == 4) return inet_ntop(AF_INET, bytes, buf, sizeof buf) ? buf : "?";
    if (family == 6) return inet_ntop(AF_INET6, bytes, buf, sizeof buf) ? buf : "?";
    return "?";
}

std::string Endpoint::to_string() const {
    if (address.family == 6) return "[" + address.to_string() + "]:" + std::to_string(port);
    return address.to_string() + ":" + std::to_string(port);
}

}  // namespace convdiag
