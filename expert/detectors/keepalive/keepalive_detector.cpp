#include "expert/detectors/keepalive/keepalive_detector.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "expert/detectors/keepalive/keepalive_recognizer.h"

namespace convdiag {

namespace {

// The keep-alives of a conversation that has some, allocated at its first: most
// conversations never have one and keep only KeepAliveState's 40 bytes.
struct KeepAliveCadence {
    Nanoseconds last_keepalive[2] = {};  // per direction, 0 after data from that side
    Nanoseconds first_wait = 0;          // the idle time before the first keep-alive
    Nanoseconds cadence_sum = 0, cadence_min = 0, cadence_max = 0;
    uint32_t cadences = 0;  // intervals between keep-alives of one direction
    uint32_t keepalives = 0;
    FrameNumber last_keepalive_frame = 0;
    uint8_t senders = 0;  // bit per direction that sent keep-alives

    void add_cadence(Nanoseconds interval) {
        cadence_min = cadences ? std::min(cadence_min, interval) : interval;
        cadence_max = cadences ? std::max(cadence_max, interval) : interval;
        cadence_sum += interval;
        ++cadences;
    }
};

// Per conversation, from its second packet on (a lone SYN keeps nothing): when each side
// last sent data (or SYN, FIN, RST), the longest time without data, and the keep-alives.
struct KeepAliveState : ConversationState {
    Nanoseconds last_data[2] = {};  // per direction; 0 = nothing yet
    Nanoseconds longest_idle = 0;
    std::unique_ptr<KeepAliveCadence> cadence;

    // Only the end-of-capture finding reads it, and only with keep-alives.
    bool needed_after_retirement() const override { return cadence != nullptr; }
    Nanoseconds last_event() const { return std::max(last_data[0], last_data[1]); }
};

bool ends_idleness(const PacketFacts &p) {
    return p.payload_length > 0 || p.tcp.has(tcp_flag::Syn | tcp_flag::Fin | tcp_flag::Rst);
}

Text kept_alive_text(const TcpConversation &c, const KeepAliveCadence &s,
                     Nanoseconds longest_idle) {
    std::string who;
    std::string who_ko;
    if (s.senders == 3) {
        who = "Both sides";
        who_ko = "양쪽이";
    } else {
        const Endpoint &e = (s.senders & 1) ? c.client : c.server;
        who = e.address.to_string();
        who_ko = who + "이(가)";
    }
    const std::string peer = c.server.to_string();
    const std::string n = std::to_string(s.keepalives);
    const std::string first = format_duration(s.first_wait);
    const std::string idle = format_duration(longest_idle);
    std::string cadence, cadence_ko;
    if (s.cadences) {
        const std::string mean = format_duration(s.cadence_sum / s.cadences);
        const bool steady = s.cadence_max - s.cadence_min <= s.cadence_sum / s.cadences / 10;
        cadence = ", then every " + mean +
                  (steady ? std::string()
                          : " on average (" + format_duration(s.cadence_min) + " to " +
                                format_duration(s.cadence_max) + ")");
        cadence_ko = ", 그 뒤 " + mean + (steady ? std::string() : " (평균)") + "마다";
    }
    Text t;
    t.en = who + " kept the connection " + c.client.to_string() + " -> " + peer + " alive with " +
           n + (s.keepalives == 1 ? " keep-alive" : " keep-alives") + ": the first after " + first +
           " without data" + cadence + "; longest idle gap " + idle;
    t.ko = who_ko + " keep-alive " + n + "개로 " + c.client.to_string() + " -> " + peer +
           " 연결을 유지했습니다: 데이터 없이 " + first + " 뒤 처음" + cadence_ko +
           "; 가장 긴 유휴 시간 " + idle;
    return t;
}

class KeepAliveDetector : public Detector {
  public:
    KeepAliveDetector(const KeepAliveFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids), ctx_(context) {}

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c || c->packets == 0) return;  // its first packet: nothing to measure from yet
        KeepAliveState *s = c->existing_slot<KeepAliveState>(ids_.slot);
        if (!s) {
            s = &c->slot<KeepAliveState>(ids_.slot);
            const Direction first =
                c->flow[kClientToServer].seen ? kClientToServer : kServerToClient;
            s->last_data[first] = c->first_time;
        }
        const Direction d = c->direction_of(p);
        const TcpFlow &sender = c->flow[d];
        const TcpFlow &peer = c->flow[opposite(d)];
        KeepAliveSegment segment;
        segment.flags = p.tcp.flags;
        segment.seq = p.tcp.seq;
        segment.payload_length = p.payload_length;
        segment.sender_next_seq_known = sender.next_seq_known;
        segment.sender_next_seq = sender.next_seq;
        segment.peer_window_known = peer.seen;
        segment.peer_window_raw = peer.last_window_raw;

        const Nanoseconds idle = p.time - s->last_event();
        if (idle > s->longest_idle) {
            s->longest_idle = idle;
            ctx_.tables.set(ids_.table, c->stream, ids_.longest_idle_column, Value::duration(idle));
        }
        if (has_keepalive_form(segment)) {
            // Into a zero window it is a zero-window probe: the window detector's.
            if (is_keepalive(segment)) on_keepalive(p, *c, *s, d);
            return;
        }
        if (ends_idleness(p)) {
            s->last_data[d] = p.time;
            if (s->cadence) s->cadence->last_keepalive[d] = 0;
        }
    }

    void finish(Nanoseconds) override {
        ctx_.tcp_conversations.for_each([&](const TcpConversation &c) {
            const KeepAliveState *s = c.existing_slot<KeepAliveState>(ids_.slot);
            if (s && s->cadence)
                ctx_.results.note(s->cadence->last_keepalive_frame, ids_.kept_alive,
                                  kept_alive_text(c, *s->cadence, s->longest_idle));
        });
    }

  private:
    void on_keepalive(const PacketFacts &p, const TcpConversation &c, KeepAliveState &state,
                      Direction d) {
        if (!state.cadence) state.cadence = std::make_unique<KeepAliveCadence>();
        KeepAliveCadence &s = *state.cadence;
        const bool after_keepalive = s.last_keepalive[d] != 0;
        // Without earlier data or keep-alive from this side, from the conversation's start.
        Nanoseconds since = std::max(state.last_data[d], s.last_keepalive[d]);
        if (since == 0) since = c.first_time;
        const Nanoseconds interval = p.time - since;
        ctx_.results.set(p.frame, ids_.interval, Value::duration(interval));
        if (after_keepalive)
            s.add_cadence(interval);
        else if (!s.keepalives)
            s.first_wait = interval;
        ++s.keepalives;
        s.senders = static_cast<uint8_t>(s.senders | (1u << d));
        s.last_keepalive_frame = p.frame;
        s.last_keepalive[d] = p.time;
        ctx_.tables.set(ids_.table, c.stream, ids_.keepalives_column,
                        Value::unsigned_int(s.keepalives));
    }

    KeepAliveFactory::Ids ids_;
    AnalysisContext &ctx_;
};

}  // namespace

void KeepAliveFactory::declare(Schema &s) {
    ids_.interval = s.add_field(
        "convdiag.tcp.keepalive_interval", "Keep-alive interval", FieldKind::Duration,
        "On a TCP keep-alive (0 or 1 byte at the next sequence number - 1, the other side's "
        "window open): the time since the previous keep-alive or data in that direction");
    ids_.kept_alive =
        s.add_expert("convdiag.tcp.kept_alive", "Connection kept alive by keep-alives",
                     ExpertGroup::Sequence, ExpertSeverity::Chat);
    ids_.table = s.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    ids_.longest_idle_column = s.add_column(ids_.table, "Longest idle", FieldKind::Duration);
    ids_.keepalives_column = s.add_column(ids_.table, "Keep-alives", FieldKind::Unsigned);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> KeepAliveFactory::create(AnalysisContext &context) const {
    return std::make_unique<KeepAliveDetector>(ids_, context);
}

}  // namespace convdiag
