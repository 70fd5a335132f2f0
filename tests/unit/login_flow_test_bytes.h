// Application bytes for the login-flow tests: TLS handshake records, DNS answers,
// and a sequencer that numbers frames across several TCP/UDP conversations.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "tests/unit/packet_builder.h"

namespace convdiag::testing {

inline std::string u16s(uint16_t v) {
    return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xff)};
}
inline std::string u24s(uint32_t v) {
    return std::string{static_cast<char>(v >> 16), static_cast<char>((v >> 8) & 0xff),
                       static_cast<char>(v & 0xff)};
}
inline std::string tls_record(uint8_t type, const std::string &body) {
    return std::string(1, static_cast<char>(type)) + u16s(0x0303) +
           u16s(static_cast<uint16_t>(body.size())) + body;
}
inline std::string handshake(uint8_t type, const std::string &body) {
    return std::string(1, static_cast<char>(type)) + u24s(static_cast<uint32_t>(body.size())) +
           body;
}
inline std::string extension(uint16_t type, const std::string &data) {
    return u16s(type) + u16s(static_cast<uint16_t>(data.size())) + data;
}

struct HelloOptions {
    std::string sni;
    std::string session_id;  // raw bytes
    bool ticket = false;
    bool psk = false;
};

inline std::string client_hello(const HelloOptions &o) {
    std::string ext;
    if (!o.sni.empty()) {
        const std::string entry =
            std::string(1, '\0') + u16s(static_cast<uint16_t>(o.sni.size())) + o.sni;
        ext += extension(0, u16s(static_cast<uint16_t>(entry.size())) + entry);
    }
    if (o.ticket) ext += extension(35, std::string(16, 't'));
    if (o.psk) ext += extension(41, std::string(8, 'p'));
    std::string body = u16s(0x0303) + std::string(32, 'r');
    body += std::string(1, static_cast<char>(o.session_id.size())) + o.session_id;
    body +=
        u16s(2) + u16s(0x002f) + std::string{1, 0} + u16s(static_cast<uint16_t>(ext.size())) + ext;
    return tls_record(22, handshake(1, body));
}

struct ServerHelloOptions {
    std::string session_id;
    bool tls13 = false;
    bool psk = false;
    bool certificate = false;  // a Certificate message in the same record
};

inline std::string server_hello(const ServerHelloOptions &o) {
    std::string ext;
    if (o.tls13) ext += extension(43, u16s(0x0304));
    if (o.psk) ext += extension(41, u16s(0));
    std::string body = u16s(0x0303) + std::string(32, 's');
    body += std::string(1, static_cast<char>(o.session_id.size())) + o.session_id;
    body += u16s(0x002f) + std::string(1, '\0') + u16s(static_cast<uint16_t>(ext.size())) + ext;
    std::string messages = handshake(2, body);
    if (o.certificate) messages += handshake(11, u24s(7) + u24s(4) + "cert");
    return tls_record(22, messages);
}

inline std::string change_cipher_spec() { return tls_record(20, std::string(1, '\1')); }
inline std::string tls_alert(uint8_t level, uint8_t description) {
    return tls_record(21, std::string{static_cast<char>(level), static_cast<char>(description)});
}
inline std::string client_key_exchange() {
    return tls_record(22, handshake(16, std::string(34, 'k')));
}
inline std::string app_data(size_t n) { return tls_record(23, std::string(n, 'x')); }

// A DNS answer: `name` has an A record `address` (dotted IPv4).
inline std::string dns_answer(const std::string &name, const char *address) {
    std::string msg = u16s(0x1234) + u16s(0x8180) + u16s(1) + u16s(1) + u16s(0) + u16s(0);
    size_t start = 0;
    while (start <= name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        msg += static_cast<char>(dot - start);
        msg += name.substr(start, dot - start);
        start = dot + 1;
    }
    msg += std::string(1, '\0') + u16s(1) + u16s(1);
    const IpAddress a = IpAddress::parse(address);
    msg += u16s(0xc00c) + u16s(1) + u16s(1) + u16s(0) + u16s(300) + u16s(4);
    msg += std::string(reinterpret_cast<const char *>(a.bytes), 4);
    return msg;
}

// Numbers frames in feeding order across conversations, as a capture would.
class Timeline {
  public:
    explicit Timeline(EngineHarness &h) : h_(h) {}
    FrameNumber feed(PacketFacts p) {
        p.frame = ++frame_;
        h_.feed(p);
        return p.frame;
    }
    FrameNumber feed_udp(const char *src, uint16_t sport, const char *dst, uint16_t dport,
                         double time_ms, const std::string &payload) {
        kept_.push_back(payload);
        PacketFacts p;
        p.time = 1'000'000'000'000 + ms(time_ms);
        p.src.address = IpAddress::parse(src);
        p.src.port = sport;
        p.dst.address = IpAddress::parse(dst);
        p.dst.port = dport;
        p.transport = Transport::Udp;
        p.payload = reinterpret_cast<const uint8_t *>(kept_.back().data());
        p.payload_length = p.payload_captured = static_cast<uint32_t>(kept_.back().size());
        return feed(p);
    }

  private:
    EngineHarness &h_;
    FrameNumber frame_ = 0;
    std::deque<std::string> kept_;
};

// One TCP connection with its sequence numbers kept, fed through a Timeline.
class Connection {
  public:
    Connection(Timeline &t, const char *client, uint16_t cport, const char *server, uint16_t sport,
               uint32_t stream)
        : t_(t), s_(client, cport, server, sport, stream) {}

    void open(double time_ms) {
        t_.feed(s_.packet(true, time_ms, tcp_flag::Syn, cseq_ - 1, 0, 64240));
        t_.feed(
            s_.packet(false, time_ms + 1, tcp_flag::Syn | tcp_flag::Ack, sseq_ - 1, cseq_, 65160));
        t_.feed(s_.packet(true, time_ms + 2, tcp_flag::Ack, cseq_, sseq_, 502));
    }
    FrameNumber client(double time_ms, const std::string &payload, uint16_t extra = 0) {
        const FrameNumber f = t_.feed(s_.packet(
            true, time_ms, tcp_flag::Ack | tcp_flag::Psh | extra, cseq_, sseq_, 502, payload));
        cseq_ += static_cast<uint32_t>(payload.size()) + ((extra & tcp_flag::Fin) ? 1 : 0);
        return f;
    }
    FrameNumber server(double time_ms, const std::string &payload, uint16_t extra = 0) {
        const FrameNumber f = t_.feed(s_.packet(
            false, time_ms, tcp_flag::Ack | tcp_flag::Psh | extra, sseq_, cseq_, 502, payload));
        sseq_ += static_cast<uint32_t>(payload.size()) + ((extra & tcp_flag::Fin) ? 1 : 0);
        return f;
    }
    // The client's last segment sent again.
    FrameNumber client_again(double time_ms, const std::string &payload) {
        return t_.feed(s_.packet(true, time_ms, tcp_flag::Ack | tcp_flag::Psh,
                                 cseq_ - static_cast<uint32_t>(payload.size()), sseq_, 502,
                                 payload));
    }
    FrameNumber client_close(double time_ms, uint16_t flag = tcp_flag::Fin) {
        const FrameNumber f =
            t_.feed(s_.packet(true, time_ms, tcp_flag::Ack | flag, cseq_, sseq_, 502));
        if (flag == tcp_flag::Fin) ++cseq_;
        return f;
    }

  private:
    Timeline &t_;
    TcpScenario s_;
    uint32_t cseq_ = 1001;
    uint32_t sseq_ = 5001;
};

}  // namespace convdiag::testing
