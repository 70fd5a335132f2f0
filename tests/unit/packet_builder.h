// Hand-built packet sequences for detector unit tests.
#pragma once

#include <cstring>
#include <stdexcept>
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

    // An ICMP error from `sender` quoting a packet of this conversation sent by the client
    // (from_client) or the server, with that packet's seq; its flags only when given.
    PacketFacts icmp_error(double time_ms, uint8_t version, uint8_t type, uint8_t code,
                           const char *sender, uint32_t quoted_seq, bool from_client = true,
                           int quoted_flags = -1) {
        PacketFacts p = packet(from_client, time_ms, 0, quoted_seq, 0, 0);
        p.transport = Transport::IcmpError;
        p.icmp.version = version;
        p.icmp.type = type;
        p.icmp.code = code;
        p.icmp.quoted = Transport::Tcp;
        p.icmp.quoted_flags_known = quoted_flags >= 0;
        p.tcp.flags = quoted_flags >= 0 ? static_cast<uint16_t>(quoted_flags) : 0;
        p.icmp.sender = IpAddress::parse(sender);
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
    // `quiet_after`: the Engine's (0 packs every quiet form after each packet).
    explicit EngineHarness(Nanoseconds quiet_after = kQuietAfter)
        : settings_(Engine::schema()), quiet_after_(quiet_after) {}

    Settings &settings() { return settings_; }
    Engine &engine() {
        if (!engine_) engine_ = std::make_unique<Engine>(settings_, quiet_after_);
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
    // A cell of the summary_detail table (one row per stream) by column title.
    Value summary_cell(uint32_t stream, const std::string &title) {
        const Schema &schema = Engine::schema();
        for (size_t t = 0; t < schema.tables().size(); ++t) {
            if (schema.tables()[t].name != "summary_detail") continue;
            const auto &columns = schema.tables()[t].columns;
            for (size_t c = 0; c < columns.size(); ++c) {
                if (columns[c].title != title) continue;
                const auto row = engine().tables().find(static_cast<TableId>(t), stream);
                return row ? row->cells[c] : Value();
            }
        }
        throw std::logic_error("no summary column " + title);
    }
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
    Nanoseconds quiet_after_;
    std::unique_ptr<Engine> engine_;
};

// One detector without the engine, to see what it keeps per conversation and to call it
// as the engine does in cases a test cannot make the engine produce.
template <typename Factory>
class DetectorAlone {
    struct Declared {  // the schema must be declared before Settings reads it
        Declared() { factory.declare(schema); }
        Factory factory;
        Schema schema;
    };

  public:
    // Feeds a TCP packet: the detector sees the conversation as it was before it. The
    // conversation returned stays in place (a lone SYN's is made whole by find()).
    TcpConversation &feed(const PacketFacts &p) {
        TcpConversation *c = tracker_.lookup(p);
        detector_->on_packet(p, c);
        tracker_.advance(*c, p);
        return *tracker_.find(p.stream);
    }
    Detector &detector() { return *detector_; }
    // A field's value on a frame, displayed; "<absent>" without one.
    std::string text(FrameNumber frame, const std::string &field) {
        const FrameResults *r = results_.find(frame);
        const Value *v =
            r ? r->get(static_cast<FieldId>(declared_.schema.field_index(field))) : nullptr;
        return v ? v->to_display() : std::string("<absent>");
    }

  private:
    Declared declared_;
    Settings settings_{declared_.schema};
    ResultStore results_;
    ReportTables tables_{declared_.schema};
    TcpConversationTracker tracker_;
    AnalysisContext context_{declared_.schema, settings_, results_, tables_, tracker_};
    std::unique_ptr<Detector> detector_ = declared_.factory.create(context_);
};

}  // namespace convdiag::testing
