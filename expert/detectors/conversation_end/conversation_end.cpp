#include "expert/detectors/conversation_end/conversation_end.h"

#include "expert/detectors/conversation_end/conversation_ending.h"
#include "expert/detectors/conversation_end/stall_text.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {

class ConversationEndDetector : public Detector, public ComputedColumns, public DerivedValues {
  public:
    ConversationEndDetector(const ConversationEndFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids),
          ctx_(context),
          derived_fields_{ids.end},
          provider_(context.results.add_provider(*this)) {
        ctx_.tables.add_computed_columns(ids_.table, *this);
    }

    // ---- DerivedValues: how a conversation ended, on its last frame (tag: the End) -------
    const std::vector<FieldId> &derived_fields() const override { return derived_fields_; }
    void derived_values(uint16_t tag, uint32_t, std::vector<FieldValue> &out) const override {
        out.push_back({ids_.end, end_value(static_cast<End>(tag))});
    }
    bool finds_tags() const override { return true; }
    bool tag_of(uint32_t stream, uint16_t &tag) const override {
        bool found = false;
        ctx_.tcp_conversations.visit(stream, [&](const TcpConversation &c) {
            const ConversationEnding ending = ending_of(c, c.existing_slot<EndWatch>(ids_.slot));
            if (ending.reset_by) return;
            tag = static_cast<uint16_t>(ending.end);
            found = true;
        });
        return found;
    }

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c) return;
        const auto &tcp = p.tcp;
        uint32_t length = p.payload_length + (tcp.has(tcp_flag::Fin) ? 1u : 0u);
        if (tcp.has(tcp_flag::Syn | tcp_flag::Rst))
            length = 0;  // SYN retries are another verdict's
        EndWatch *watch = c->existing_slot<EndWatch>(ids_.slot);
        if (!watch) {
            if (length == 0) return;  // a conversation without data cannot stall
            watch = &c->slot<EndWatch>(ids_.slot);
        }
        const Direction dir = c->direction_of(p);
        StallWatch &sender = watch->side[dir];
        sender.last_time = p.time;
        if (tcp.has(tcp_flag::Ack) && !tcp.has(tcp_flag::Rst))
            watch->side[opposite(dir)].acknowledged(tcp.ack);
        if (length == 0) return;
        const TcpFlow &sent = c->flow[dir];
        if (!sent.next_seq_known || !seq_lt(tcp.seq, sent.next_seq)) {
            sender.sent_new_data(p);
            return;
        }
        const TcpFlow &receiver = c->flow[opposite(dir)];
        if (receiver.ack_known && seq_ge(receiver.highest_ack, tcp.seq + length)) return;
        // A byte resent into a zero window is a window probe the receiver answers by
        // design without acknowledging it: a window stall (convdiag.win.*), not a lost peer.
        if (receiver.seen && receiver.last_window_raw == 0) return;
        sender.sent_again(p, length);
    }

    void finish(Nanoseconds) override {
        ctx_.tcp_conversations.for_each([&](const TcpConversation &c) {
            const EndWatch *watch = c.existing_slot<EndWatch>(ids_.slot);
            const ConversationEnding ending = ending_of(c, watch);
            const FrameNumber last = std::max(c.flow[0].last_frame, c.flow[1].last_frame);
            if (last == 0) return;
            if (ending.reset_by) {
                ctx_.results.set(last, ids_.end, end_value(ending.end));
                ctx_.results.set(last, ids_.reset_by, side_value(*ending.reset_by));
            } else {
                // One entry, or none: it joins a derived entry the frame ends with.
                ctx_.results.set_derived(last, provider_, static_cast<uint16_t>(ending.end),
                                         c.stream);
            }
            if (ending.end == End::Stalled) {
                const StallWatch &sender = watch->side[ending.stalled_sender];
                ctx_.results.note(sender.resent->last_try_frame, ids_.stalled,
                                  stall_text(c, *watch, ending));
            }
        });
    }

    void fill(uint64_t stream, TableRow &row) const override {
        if (stream > UINT32_MAX) return;
        ctx_.tcp_conversations.visit(static_cast<uint32_t>(stream), [&](const TcpConversation &c) {
            const ConversationEnding ending = ending_of(c, c.existing_slot<EndWatch>(ids_.slot));
            // Who reset it, when the RST is the end: a stall's RST is in reset_by.
            row.cells[ids_.end_column] =
                Value::string(ending.end == End::Reset ? std::string(end_name(ending.end)) + " (" +
                                                             side_name(*ending.reset_by) + ")"
                                                       : std::string(end_name(ending.end)));
        });
    }

  private:
    // One shared value per word: a million conversations share five strings.
    static const Value &end_value(End end) {
        static const Value values[] = {
            Value::string(end_name(End::Open)),       Value::string(end_name(End::Closed)),
            Value::string(end_name(End::HalfClosed)), Value::string(end_name(End::Reset)),
            Value::string(end_name(End::Stalled)),
        };
        return values[static_cast<size_t>(end)];
    }
    static const Value &side_value(Direction side) {
        static const Value values[] = {Value::string(side_name(kClientToServer)),
                                       Value::string(side_name(kServerToClient))};
        return values[side];
    }

    ConversationEndFactory::Ids ids_;
    AnalysisContext &ctx_;
    std::vector<FieldId> derived_fields_;
    ResultStore::ProviderId provider_;
};

}  // namespace

void ConversationEndFactory::declare(Schema &s) {
    ids_.end = s.add_field(
        "convdiag.conn.end", "Conversation end", FieldKind::String,
        "On the last frame of a TCP conversation, how it ended: closed (FIN both ways), "
        "half-closed (FIN one way), reset (RST, see reset_by), open (the capture ended with all "
        "data acknowledged) or stalled (data resent and never acknowledged until the end or a "
        "RST). Needs the whole capture: tshark -2 or the GUI");
    ids_.reset_by = s.add_field("convdiag.conn.reset_by", "Reset by", FieldKind::String,
                                "Who sent the RST that ended the conversation: client or server");
    ids_.stalled = s.add_expert("convdiag.conn.stalled", "Connection lost: data never acknowledged",
                                ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids_.table = s.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    ids_.end_column = s.add_column(ids_.table, "End", FieldKind::String);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> ConversationEndFactory::create(AnalysisContext &context) const {
    return std::make_unique<ConversationEndDetector>(ids_, context);
}

}  // namespace convdiag
