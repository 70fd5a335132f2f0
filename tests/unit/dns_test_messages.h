// DNS messages and UDP packets built by hand, for the DNS tests.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "tests/unit/packet_builder.h"

namespace convdiag::testing {

inline Endpoint ep(const char *ip, uint16_t port) {
    Endpoint e;
    e.address = IpAddress::parse(ip);
    e.port = port;
    return e;
}

// A DNS message: header, one question, `answers` A records pointing back at the name.
inline std::string dns_message(uint16_t id, bool response, const std::string &name, uint16_t qtype,
                               uint8_t rcode = 0, uint16_t answers = 0, bool truncated = false,
                               bool with_question = true) {
    std::string m;
    auto u16 = [&m](uint16_t v) {
        m += static_cast<char>(v >> 8);
        m += static_cast<char>(v & 0xFF);
    };
    u16(id);
    uint16_t flags = 0x0100;  // RD
    if (response) flags |= 0x8080;
    if (truncated) flags |= 0x0200;
    flags |= rcode;
    u16(flags);
    u16(with_question ? 1 : 0);
    u16(answers);
    u16(0);
    u16(0);
    if (with_question) {
        size_t start = 0;
        while (start <= name.size()) {
            size_t dot = name.find('.', start);
            if (dot == std::string::npos) dot = name.size();
            m += static_cast<char>(dot - start);
            m += name.substr(start, dot - start);
            start = dot + 1;
        }
        m += '\0';
        u16(qtype);
        u16(1);
    }
    for (uint16_t i = 0; i < answers; ++i) {
        if (with_question) {
            u16(0xC00C);
        } else {
            m += '\0';  // root name
        }
        u16(1);
        u16(1);
        u16(0);
        u16(60);
        u16(4);
        m += std::string("\x0a\x00\x00", 3) + static_cast<char>(i + 1);
    }
    return m;
}

inline std::string tcp_framed(const std::string &message) {
    std::string out;
    out += static_cast<char>(message.size() >> 8);
    out += static_cast<char>(message.size() & 0xFF);
    return out + message;
}

// UDP packets between arbitrary endpoints, numbered in the order they are made.
class UdpPackets {
  public:
    PacketFacts packet(const Endpoint &src, const Endpoint &dst, double time_ms,
                       const std::string &payload) {
        PacketFacts p;
        p.frame = ++frame_;
        p.time = base_ + ms(time_ms);
        p.src = src;
        p.dst = dst;
        p.transport = Transport::Udp;
        payloads_.push_back(payload);
        const std::string &kept = payloads_.back();
        p.payload = reinterpret_cast<const uint8_t *>(kept.data());
        p.payload_length = p.payload_captured = static_cast<uint32_t>(kept.size());
        return p;
    }
    FrameNumber frame() const { return frame_; }

  private:
    FrameNumber frame_ = 0;
    Nanoseconds base_ = 1'000'000'000'000;
    std::deque<std::string> payloads_;
};

}  // namespace convdiag::testing
