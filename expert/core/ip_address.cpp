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

namespace {

// Dotted quad by hand: inet_ntop and std::to_string cost a few thousand instructions,
// paid for every new conversation.
size_t write_octet(char *out, uint8_t v) {
    size_t n = 0;
    if (v >= 100) out[n++] = static_cast<char>('0' + v / 100);
    if (v >= 10) out[n++] = static_cast<char>('0' + v / 10 % 10);
    out[n++] = static_cast<char>('0' + v % 10);
    return n;
}

}  // namespace

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == 4) {
        size_t n = 0;
        for (int i = 0; i < 4; ++i) {
            if (i) buf[n++] = '.';
            n += write_octet(buf + n, bytes[i]);
        }
        return std::string(buf, n);
    }
    if (family == 6) return inet_ntop(AF_INET6, bytes, buf, sizeof buf) ? buf : "?";
    return "?";
}

std::string Endpoint::to_string() const {
    char digits[6];
    size_t n = 0;
    uint16_t p = port;
    do {
        digits[n++] = static_cast<char>('0' + p % 10);
        p = static_cast<uint16_t>(p / 10);
    } while (p);
    std::string out =
        address.family == 6 ? "[" + address.to_string() + "]:" : address.to_string() + ":";
    while (n) out += digits[--n];
    return out;
}

}  // namespace convdiag
