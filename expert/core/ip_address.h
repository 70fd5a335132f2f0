// Endpoint identity used across the engine: plain bytes, so the engine never
// depends on Wireshark's address type.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>

namespace convdiag {

struct IpAddress {
    uint8_t family = 0;  // 0 = unknown, 4 = IPv4, 6 = IPv6
    uint8_t bytes[16] = {};

    static IpAddress v4(uint32_t host_order) {
        IpAddress a;
        a.family = 4;
        a.bytes[0] = static_cast<uint8_t>(host_order >> 24);
        a.bytes[1] = static_cast<uint8_t>(host_order >> 16);
        a.bytes[2] = static_cast<uint8_t>(host_order >> 8);
        a.bytes[3] = static_cast<uint8_t>(host_order);
        return a;
    }
    static IpAddress v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
        return v4((uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | d);
    }
    static IpAddress from_bytes(int family, const uint8_t *data) {
        IpAddress a;
        a.family = static_cast<uint8_t>(family);
        std::memcpy(a.bytes, data, family == 4 ? 4 : 16);
        return a;
    }
    // Parses dotted IPv4 or textual IPv6; returns an unknown-family address on failure.
    static IpAddress parse(const std::string &text);

    bool operator==(const IpAddress &o) const {
        return family == o.family && std::memcmp(bytes, o.bytes, 16) == 0;
    }
    bool operator!=(const IpAddress &o) const { return !(*this == o); }
    bool operator<(const IpAddress &o) const {
        if (family != o.family) return family < o.family;
        return std::memcmp(bytes, o.bytes, 16) < 0;
    }
    std::string to_string() const;
    size_t hash() const {
        uint64_t h = 1469598103934665603ull ^ family;
        for (int i = 0; i < (family == 4 ? 4 : 16); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
        return static_cast<size_t>(h);
    }
};

struct Endpoint {
    IpAddress address;
    uint16_t port = 0;

    bool operator==(const Endpoint &o) const { return port == o.port && address == o.address; }
    bool operator!=(const Endpoint &o) const { return !(*this == o); }
    bool operator<(const Endpoint &o) const {
        if (address != o.address) return address < o.address;
        return port < o.port;
    }
    std::string to_string() const;  // "1.2.3.4:80" or "[::1]:80"
    size_t hash() const { return address.hash() * 31 + port; }
};

struct IpAddressHash {
    size_t operator()(const IpAddress &a) const { return a.hash(); }
};
struct EndpointHash {
    size_t operator()(const Endpoint &e) const { return e.hash(); }
};

}  // namespace convdiag
