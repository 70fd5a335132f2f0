#include "expert/detectors/window/window_detector.h"

#include <algorithm>

#include "expert/detectors/stream_set.h"
#include "expert/detectors/window/window_conversation_state.h"
#include "expert/detectors/window/window_texts.h"
#include "expert/detectors/window/zero_window_probe_recognizer.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {

const char *cause_of(WindowEvent event) {
    switch (event) {
        case WindowEvent::Closing:
        case WindowEvent::Zero:
            return "receiver-not-reading";
        case WindowEvent::Reopened:
            return "receiver-drained";
        case WindowEvent::Grown:
            return "autotuning";
        case WindowEvent::Full:
            return "sender-filled-window";
        default:
            return nullptr;
    }
}

class WindowDetector : public Detector, public ComputedColumns {
  public:
    WindowDetector(const WindowDetectorFactory::Ids &ids, const WindowSummary &summary,
                   AnalysisContext &context)
        : ids_(ids), summary_(summary), ctx_(context) {
        ctx_.tables.add_computed_columns(summary_.table(), *this);
        limits_.growth_percent = context.settings.get(ids.growth_threshold);
        limits_.closing_percent =
            std::min<uint32_t>(context.settings.get(ids.closing_threshold), 100);
    }

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c || p.tcp.has(tcp_flag::Rst)) return;  // a RST's window means nothing
        const Direction dir = c->direction_of(p);
        const Direction peer = opposite(dir);
        const auto &tcp = p.tcp;
        const bool syn = tcp.has(tcp_flag::Syn);
        auto *existing = c->existing_slot<WindowConversationState>(ids_.slot);
        // A SYN without ACK advertises nothing anchored and carries no counted data: a
        // conversation that is only SYNs so far (a flood, a scan) needs no state, only the
        // zero counts its summary row shows from the first packet.
        if (!existing && !tcp.has(tcp_flag::Ack) && (syn || p.payload_length == 0)) {
            // A bit, and the zero cells drawn from it (a flood's million SYNs store none).
            if (!quiet_.insert(c->stream))
                summary_.update(ctx_.tables, *c, no_window_yet_, p.time, true);
            return;
        }
        WindowConversationState &s =
            existing ? *existing : c->slot<WindowConversationState>(ids_.slot);
        bool event = false;

        // 1. The window this packet advertises (a pure SYN has no ACK to anchor it).
        if (tcp.has(tcp_flag::Ack)) {
            AdvertisedWindow w;
            w.ack = tcp.ack;
            w.raw = tcp.window;
            w.shift = syn ? 0 : c->window_shift(dir);
            const WindowChange change =
                s.side[dir].observe(w, syn, p.frame, p.time, s.sent_data[peer], limits_);
            if (change.confirms_earlier_steps)
                write_earlier_closing(s.side[dir], change, parties(*c, dir));
            if (change.event != WindowEvent::None) {
                write(p.frame, change);
                ctx_.results.note(p.frame, expert_of(change.event),
                                  describe_window_change(change, parties(*c, dir)));
                event = true;
            }
        }

        // 2. This packet's data against the window the other side advertised.
        ReceiveWindowTracker &receiver = s.side[peer];
        if (!syn && receiver.has_window()) {
            // One event per frame: the window this packet advertises wins. A probe is
            // still remembered, so the receiver's answer is known as a probe-ack.
            if (receiver.in_zero_window()) {
                event = check_probe(p, *c, receiver, !event) || event;
            } else if (!event) {
                event = check_full(p, *c, receiver);
            }
        }

        if (p.payload_length > 0 && !syn) s.add_payload(dir, p.payload_length);
        // The first packet writes the zero counts, so a conversation without any window
        // event shows 0 rather than a blank, in a single pass as with -2.
        summary_.update(ctx_.tables, *c, s, p.time, event || !s.summary_started);
        s.summary_started = true;
    }

    void finish(Nanoseconds) override {
        ctx_.tcp_conversations.for_each([&](const TcpConversation &c) {
            auto *s = c.existing_slot<WindowConversationState>(ids_.slot);
            if (!s) return;
            // The tracker advanced after the last packet, so this is the conversation's end.
            const FrameNumber last = std::max(c.flow[0].last_frame, c.flow[1].last_frame);
            for (int d = 0; d < 2; ++d) {
                const ReceiveWindowTracker &t = s->side[d];
                if (!t.in_zero_window()) continue;
                // A stall that never ends lasts until the conversation's last frame.
                const Nanoseconds stall = c.last_time - t.zero_since();
                const Direction rcv = static_cast<Direction>(d);
                ctx_.results.set(last, ids_.stall, Value::duration(stall));
                ctx_.results.note(
                    last, ids_.never_reopened,
                    describe_never_reopened(stall, t.zero_since_frame(), parties(c, rcv)));
            }
            summary_.update(ctx_.tables, c, *s, c.last_time, true);
        });
    }

  private:
    // Built only when a finding is written: formatting addresses allocates.
    static WindowParties parties(const TcpConversation &c, Direction receiver) {
        const auto address = [&c](Direction side) {
            return (side == kClientToServer ? c.client : c.server).address.to_string();
        };
        return {address(receiver), address(opposite(receiver))};
    }

    ExpertId expert_of(WindowEvent event) const {
        switch (event) {
            case WindowEvent::Closing:
                return ids_.closing;
            case WindowEvent::Zero:
                return ids_.zero;
            case WindowEvent::Probe:
                return ids_.probe;
            case WindowEvent::ProbeAck:
                return ids_.probe_ack;
            case WindowEvent::Full:
                return ids_.full;
            case WindowEvent::Reopened:
                return ids_.reopened;
            case WindowEvent::Grown:
                return ids_.grown;
            case WindowEvent::Shrunk:
            case WindowEvent::None:
                break;
        }
        return ids_.shrunk;
    }

    void write(FrameNumber frame, const WindowChange &change) {
        ctx_.results.set(frame, ids_.event, Value::string(window_event_name(change.event)));
        if (const char *cause = cause_of(change.event))
            ctx_.results.set(frame, ids_.cause, Value::string(cause));
        if (change.before >= 0)
            ctx_.results.set(frame, ids_.before, Value::unsigned_int(change.before));
        if (change.after >= 0)
            ctx_.results.set(frame, ids_.after, Value::unsigned_int(change.after));
        ctx_.results.set(frame, ids_.scale_known, Value::boolean(change.scale_known));
        if (change.stall >= 0) ctx_.results.set(frame, ids_.stall, Value::duration(change.stall));
    }

    // A run of closing steps proved itself (enough of the window gone, or zero): the
    // steps that waited get their finding now (visible with tshark -2 and in the GUI).
    void write_earlier_closing(const ReceiveWindowTracker &t, const WindowChange &confirming,
                               const WindowParties &who) {
        for (const ClosingStep &step : t.earlier_closing_steps()) {
            WindowChange change;
            change.event = WindowEvent::Closing;
            change.before = step.before;
            change.after = step.after;
            change.acked = step.acked;
            change.scale_known = confirming.scale_known;
            write(step.frame, change);
            ctx_.results.note(step.frame, ids_.closing, describe_window_change(change, who));
        }
    }

    bool check_probe(const PacketFacts &p, const TcpConversation &c, ReceiveWindowTracker &receiver,
                     bool write_finding) {
        const TcpFlow &flow = c.flow[c.direction_of(p)];
        ProbeSegment segment;
        segment.seq = p.tcp.seq;
        segment.payload_length = p.payload_length;
        segment.flags = p.tcp.flags;
        segment.sender_next_seq_known = flow.next_seq_known;
        segment.sender_next_seq = flow.next_seq;
        segment.receiver_ack = receiver.last().ack;
        const ProbeVerdict probe = recognize_zero_window_probe(segment);
        if (probe.form == ProbeForm::None) return false;
        receiver.note_probe();
        if (!write_finding) return false;
        const Nanoseconds stall = p.time - receiver.zero_since();
        ctx_.results.set(p.frame, ids_.event, Value::string("probe"));
        ctx_.results.set(p.frame, ids_.scale_known, Value::boolean(receiver.last().scale_known()));
        ctx_.results.set(p.frame, ids_.stall, Value::duration(stall));
        ctx_.results.note(p.frame, ids_.probe,
                          describe_probe(probe, stall, parties(c, opposite(c.direction_of(p)))));
        return true;
    }

    bool check_full(const PacketFacts &p, const TcpConversation &c,
                    ReceiveWindowTracker &receiver) {
        const AdvertisedWindow &w = receiver.last();
        if (p.payload_length == 0 || !w.scale_known() || p.tcp.has(tcp_flag::Fin)) return false;
        const TcpFlow &flow = c.flow[c.direction_of(p)];
        const uint32_t end = p.tcp.seq + p.payload_length;
        const uint32_t edge = w.right_edge();
        // Only new data can fill the window; a retransmission refills nothing.
        const bool new_data = !flow.next_seq_known || seq_gt(end, flow.next_seq);
        if (!new_data || !seq_lt(p.tcp.seq, edge) || !seq_ge(end, edge)) return false;
        receiver.note_window_filled();
        WindowChange change;
        change.event = WindowEvent::Full;
        change.before = w.value();
        change.scale_known = true;
        write(p.frame, change);
        ctx_.results.note(p.frame, ids_.full,
                          describe_window_full(w.value(), parties(c, opposite(c.direction_of(p)))));
        return true;
    }

    WindowDetectorFactory::Ids ids_;
    const WindowSummary &summary_;
    AnalysisContext &ctx_;
    WindowThresholds limits_;
    void fill(uint64_t stream, TableRow &row) const override {
        if (stream <= UINT32_MAX && quiet_.contains(static_cast<uint32_t>(stream)))
            summary_.fill_quiet(row);
    }

    // What a conversation without state shows (update() leaves it unchanged: no side).
    WindowConversationState no_window_yet_;
    // Conversations that showed the zero counts of one without state.
    StreamSet quiet_;
};

}  // namespace

void WindowDetectorFactory::declare(Schema &s) {
    ids_.event = s.add_field(
        "convdiag.win.event", "Window event", FieldKind::String,
        "What the receive window did on this packet: closing, zero, probe, probe-ack, full, "
        "reopened, grown or shrunk");
    ids_.cause = s.add_field(
        "convdiag.win.cause", "Window cause", FieldKind::String,
        "Why: receiver-not-reading (closing, zero), receiver-drained (reopened), autotuning "
        "(grown), sender-filled-window (full)");
    ids_.before = s.add_field("convdiag.win.before", "Window before", FieldKind::Unsigned,
                              "The window before this change: bytes when the window scale is "
                              "known, raw window units otherwise");
    ids_.after = s.add_field("convdiag.win.after", "Window after", FieldKind::Unsigned,
                             "The window after this change: bytes when the window scale is "
                             "known, raw window units otherwise");
    ids_.scale_known =
        s.add_field("convdiag.win.scale_known", "Window scale known", FieldKind::Boolean,
                    "The 3-way handshake was captured, so windows are in bytes");
    ids_.stall = s.add_field("convdiag.win.stall", "Zero-window stall", FieldKind::Duration,
                             "How long the sender has been blocked since the window first hit "
                             "zero; on the reopening frame, the whole stall");

    ids_.closing = s.add_expert("convdiag.win.closing", "Receive window closing",
                                ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.zero = s.add_expert("convdiag.win.zero", "Zero receive window", ExpertGroup::Sequence,
                             ExpertSeverity::Warn);
    ids_.probe = s.add_expert("convdiag.win.probe", "Zero-window probe", ExpertGroup::Sequence,
                              ExpertSeverity::Note);
    ids_.probe_ack =
        s.add_expert("convdiag.win.probe_ack", "Zero-window probe answered, still zero",
                     ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.full = s.add_expert("convdiag.win.full", "Receive window full", ExpertGroup::Sequence,
                             ExpertSeverity::Note);
    ids_.reopened = s.add_expert("convdiag.win.reopened", "Receive window reopened",
                                 ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.grown = s.add_expert("convdiag.win.grown", "Receive window grown (autotuning)",
                              ExpertGroup::Sequence, ExpertSeverity::Chat);
    ids_.shrunk =
        s.add_expert("convdiag.win.shrunk", "Receive window shrunk (right edge moved left)",
                     ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids_.never_reopened = s.add_expert("convdiag.win.never_reopened", "Zero window never reopened",
                                       ExpertGroup::Sequence, ExpertSeverity::Warn);

    ids_.growth_threshold = s.add_unsigned_pref(
        "window_growth_threshold", "Window growth threshold (%)",
        "A receive window that grows by more than this percentage of its last reference size "
        "while data flows is reported as grown (autotuning)",
        50);
    ids_.closing_threshold = s.add_unsigned_pref(
        "window_closing_threshold", "Window closing threshold (%)",
        "A run of ACKs whose window shrinks by what they acknowledge is reported as closing once, "
        "over at least two ACKs, the window lost this percentage of its size, or reached zero "
        "(0 = report every step)",
        50);
    summary_.declare(s);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> WindowDetectorFactory::create(AnalysisContext &context) const {
    return std::make_unique<WindowDetector>(ids_, summary_, context);
}

}  // namespace convdiag
