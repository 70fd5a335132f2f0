// Hand-built packet sequences for detector unit tests.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "expert/engine/engine.h"

namespace convdiag::testing {

inline Nanoseconds ms(double v) { return static_cast<Nanoseconds>(v * 1e6); }

// Builds PacketFacts for one TCP conversation between a client and a server.
class TcpScenario {
  public:
    TcpScenario(const char *client_ip, uint16_t client_port, const char *server_ip,
                uint16_t server_port, uint32_t stream = 0)
        : stream_(stream) {
        client_.address = IpAddress::parse(client_ip);
        client_.port = client_port;
        server_.address = IpAddress::parse(server_ip);
        server_.port = server_port;
    }

    // A packet from the client (to_server = true) or the server. `payload` is copied
    // and kept alive by the scenario.
    PacketFacts packet(bool from_client, double time_ms, uint16_t flags, uint32_t seq, uint32_t ack,
                       uint16_t window, const std::string &payload = {},
                       uint32_t payload_length = UINT32_MAX) {
        PacketFacts p;
        p.frame = ++frame_;
        p.time = base_ + ms(time_ms);
        p.src = from_client ? client_ : server_;
        p.dst = from_client ? server_ : client_;
        p.transport = Transport::Tcp;
        p.stream = stream_;
        p.tcp.seq = seq;
        p.tcp.ack = ack;
        p.tcp.flags = flags;
        p.tcp.window = window;
        p.tcp.header_length = 20;
        p.tcp.options_complete = true;
        payloads_.push_back(payload);
        const std::string &kept = payloads_.back();
        p.payload_length =
            payload_length == UINT32_MAX ? static_cast<uint32_t>(kept.size()) : payload_length;
        p.payload_captured = static_cast<uint32_t>(kept.size());
        p.payload = kept.empty() ? nullptr : reinterpret_cast<const uint8_t *>(kept.data());
        return p;
    }

    void set_frame(FrameNumber f) { frame_ = f - 1; }
    void set_stream(uint32_t s) { stream_ = s; }
    const Endpoint &client() const { return client_; }
    const Endpoint &server() const { return server_; }

  private:
    Endpoint client_, server_;
    uint32_t stream_;
    FrameNumber frame_ = 0;
    Nanoseconds base_ = 1'000'000'000'000;  // an arbitrary absolute start
    std::vector<std::string> payloads_{};
};

// Feeds packets to a fresh engine and reads findings back by field name.
class EngineHarness {
  public:
    EngineHarness() : settings_(Engine::schema()) {}

    Settings &settings() { return settings_; }
    Engine &engine() {
        if (!engine_) engine_ = std::make_unique<Engine>(settings_);
        return *engine_;
    }
    void feed(const PacketFacts &p) { engine().on_packet(p); }
    void finish() { engine().finish(); }

    const Value *value(FrameNumber frame, const std::string &field) {
        const int id = Engine::schema().field_index(field);
        if (id < 0) throw std::logic_error("unknown field " + field);
        const FrameResults *r = engine().results_for(frame);
        return r ? r->get(static_cast<FieldId>(id)) : nullptr;
    }
    std::string text(FrameNumber frame, const std::string &field) {
        const Value *v = value(frame, field);
        return v ? v->to_display() : std::string("<absent>");
    }
    int64_t number(FrameNumber frame, const std::string &field) {
        const Value *v = value(frame, field);
        return v ? v->number : -1;
    }
    bool has(FrameNumber frame, const std::string &field) { return value(frame, field) != nullptr; }
    // All expert texts (English) on a frame, joined by " | ".
    std::string notes(FrameNumber frame) {
        const FrameResults *r = engine().results_for(frame);
        std::string out;
        if (!r) return out;
        for (const auto &n : r->notes) out += (out.empty() ? "" : " | ") + n.text.en;
        return out;
    }

  private:
    Settings settings_;
    std::unique_ptr<Engine> engine_;
};

}  // namespace convdiag::testing
