// Quiet forms: an open conversation quiet for kQuietAfter has its states replaced by their
// quiet forms (the tracker), the timing detector's is its ConnectionTiming as varints, and
// what the engine reports does not change when every state is packed after every packet.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "expert/core/varint.h"
#include "expert/detectors/tcp_timing/timing_quiet_form.h"
#include "expert/tcp/tcp_conversation_tracker.h"
#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, PSH = tcp_flag::Psh,
                   FIN = tcp_flag::Fin;
constexpr Nanoseconds kMs = 1'000'000;

struct PackedState : ConversationState {};

struct PackableState : ConversationState {
    std::unique_ptr<ConversationState> quiet_form() const override {
        return std::make_unique<PackedState>();
    }
};

// Feeds one conversation's packets to a tracker as the engine does.
class QuietHarness {
  public:
    explicit QuietHarness(Nanoseconds quiet_after)
        : tracker(kRetirementGrace, quiet_after), s_("10.0.0.1", 40000, "10.0.0.2", 80) {}

    TcpConversation &feed(bool from_client, double time_ms, uint16_t flags, uint32_t seq,
                          uint32_t ack) {
        const PacketFacts p = s_.packet(from_client, time_ms, flags, seq, ack, 1000);
        tracker.retire_idle(p.time);
        TcpConversation &c = *tracker.lookup(p);
        tracker.retire_if_idle(c, p.time);
        tracker.advance(c, p);
        return c;
    }
    Nanoseconds at(double time_ms) { return s_.packet(true, time_ms, ACK, 0, 0, 0).time; }

    TcpConversationTracker tracker;

  private:
    TcpScenario s_;
};

bool packed(const TcpConversation &c) {
    return dynamic_cast<const PackedState *>(c.slots.get(0)) != nullptr;
}

// Every field and note of frames 1..last, in the order each frame holds them.
std::string results_dump(EngineHarness &h, FrameNumber last) {
    const Schema &schema = Engine::schema();
    std::string out;
    for (FrameNumber f = 1; f <= last; ++f) {
        const FrameResults *r = h.engine().results_for(f);
        if (!r) continue;
        for (const FieldValue &fv : r->fields)
            out += std::to_string(f) + " " + schema.fields()[fv.field].abbrev + "=" +
                   fv.value.to_display() + "\n";
        for (const ExpertNote &n : r->notes)
            out += std::to_string(f) + " note " + std::string(n.text.en.view()) + "\n";
    }
    return out;
}

PacketFacts with_sack(PacketFacts p, std::vector<SackBlock> blocks) {
    p.tcp.sack_count = 0;
    for (const SackBlock &b : blocks) p.tcp.sack[p.tcp.sack_count++] = b;
    return p;
}

}  // namespace

TEST(QuietForms, TheTrackerPacksAConversationQuietForLongEnough) {
    QuietHarness h(1000 * kMs);
    // Joined mid-stream (a conversation that opens with a SYN and nothing else is kept
    // as a record with no state until its second packet).
    TcpConversation &c = h.feed(true, 0, ACK | PSH, 101, 501);
    c.slots.put(0, std::make_unique<PackableState>());
    h.feed(false, 10, ACK, 501, 101);
    h.feed(true, 500, ACK, 101, 501);
    h.tracker.retire_idle(h.at(1200));  // 700 ms after its last packet: not yet
    EXPECT_FALSE(packed(c));
    EXPECT_TRUE(c.watched_for_quiet);
    h.tracker.retire_idle(h.at(1600));  // 1.1 s
    EXPECT_TRUE(packed(c));
    EXPECT_FALSE(c.watched_for_quiet);
    // Its next packet watches it again (its detector restores its state meanwhile).
    c.slots.put(0, std::make_unique<PackableState>());
    h.feed(true, 1700, ACK | PSH, 101, 501);
    EXPECT_TRUE(c.watched_for_quiet);
    h.tracker.retire_idle(h.at(2800));
    EXPECT_TRUE(packed(c));
}

TEST(QuietForms, AClosedConversationIsLeftToRetirement) {
    QuietHarness h(1000 * kMs);
    TcpConversation &c = h.feed(true, 0, ACK | PSH, 101, 501);
    c.slots.put(0, std::make_unique<PackableState>());
    h.feed(true, 20, ACK | FIN, 101, 501);
    h.feed(false, 30, ACK | FIN, 501, 102);
    EXPECT_TRUE(h.feed(true, 40, ACK, 102, 502).closed);
    h.tracker.retire_idle(h.at(3000));
    EXPECT_FALSE(packed(c));
    EXPECT_NE(c.slots.get(0), nullptr);  // needed after retirement by default
}

TEST(QuietForms, ConnectionTimingComesBackExactly) {
    ConnectionTiming t;
    t.syn_retransmissions = 2;
    t.syn[kClientToServer] = SynAttempts{1'700'000'000'000'000'000, 3, 4'000'000'000u, 1, 0};
    t.syn[kServerToClient] = SynAttempts{1'700'000'000'040'000'000, 1, 77, 4, 9};
    t.syn_time_then_handshake_rtt = 40 * kMs;
    t.causes[0] = 1;
    t.causes[1] = 5;
    t.handshake_rtt_known = true;
    t.shown_rtt_of = 2;
    DirectionTiming &d = t.dir[kClientToServer];
    d.estimator.add_sample(40 * kMs);
    d.estimator.add_sample(55 * kMs);
    d.min_rtt = 40 * kMs;
    d.max_rtt = 55 * kMs;
    d.sum_rtt = 95 * kMs;
    d.highest_seq_time = 1'700'000'000'900'000'000;
    // Twelve segments acknowledged (the ring of recent ones wraps), two outstanding.
    uint32_t seq = 4'294'966'000u;  // across the sequence wrap
    for (int i = 0; i < 14; ++i, seq += 1448)
        d.sent.record(seq, seq + 1448, 1448, 1'700'000'000'100'000'000 + i * kMs, 10 + i);
    d.sent.mark_resent(4'294'966'000u + 2 * 1448, 4'294'966'000u + 3 * 1448,
                       1'700'000'000'500'000'000);
    d.sent.acknowledge(4'294'966'000u + 12 * 1448);
    ASSERT_EQ(d.sent.size(), 2u);
    ASSERT_EQ(d.sent.recently_acked(), SentSegmentLedger::kRecentlyAcked);
    d.largest_payload = 1448;
    d.highest_ack_frame = 33;
    LossSignals &loss = t.dir[kServerToClient].loss_signals();
    loss.sack_count = 2;
    loss.sack[0] = SackBlock{10, 20};
    loss.sack[1] = SackBlock{30, 4'000'000'000u};
    loss.in_recovery = true;
    loss.recovery_point = 99;
    loss.recovery_frame = 41;
    loss.recovery_triggers = {38, 39, 40};
    loss.latest_signal = INT64_MIN;  // never a signal: a backoff made it
    loss.in_backoff = true;
    loss.backoff_seq = 12345;
    loss.observed_rto = 210 * kMs;
    loss.last_wait = 420 * kMs;

    const std::unique_ptr<QuietTiming> quiet = quiet_timing_of(t);
    ASSERT_TRUE(quiet->quiet);
    EXPECT_EQ(quiet->syn_retransmissions, 2u);
    const std::unique_ptr<ConnectionTiming> back = connection_timing_of(*quiet);
    // Written again, the restored state gives the same bytes, and its parts read the same.
    const std::unique_ptr<QuietTiming> again = quiet_timing_of(*back);
    ASSERT_EQ(again->size, quiet->size);
    EXPECT_TRUE(
        std::equal(quiet->bytes.get(), quiet->bytes.get() + quiet->size, again->bytes.get()));
    EXPECT_TRUE(back->is_connection);
    EXPECT_EQ(back->syn[kClientToServer].isn, 4'000'000'000u);
    EXPECT_EQ(back->syn[kServerToClient].refused_by_rst, 9u);
    EXPECT_EQ(back->causes[1], 5u);
    const DirectionTiming &b = back->dir[kClientToServer];
    EXPECT_EQ(b.estimator.srtt(), d.estimator.srtt());
    EXPECT_EQ(b.estimator.rttvar(), d.estimator.rttvar());
    EXPECT_EQ(b.estimator.samples(), 2u);
    EXPECT_EQ(b.sum_rtt, 95 * kMs);
    EXPECT_EQ(b.highest_seq_time, d.highest_seq_time);
    ASSERT_EQ(b.sent.size(), 2u);
    EXPECT_EQ(b.sent.front().seq, d.sent.front().seq);
    EXPECT_EQ(b.sent.back().end, d.sent.back().end);
    SentSegmentLedger &restored = back->dir[kClientToServer].sent;
    for (int i = 0; i < 12; ++i) {
        const uint32_t from = 4'294'966'000u + static_cast<uint32_t>(i) * 1448;
        const SentSegment *want = d.sent.find_recently_acked(from, from + 1);
        const SentSegment *got = restored.find_recently_acked(from, from + 1);
        ASSERT_EQ(want == nullptr, got == nullptr) << i;
        if (!want) continue;
        EXPECT_EQ(got->seq, want->seq);
        EXPECT_EQ(got->last_sent, want->last_sent);
        EXPECT_EQ(got->first_frame, want->first_frame);
        EXPECT_EQ(got->transmissions, want->transmissions);
    }
    ASSERT_NE(back->dir[kServerToClient].loss, nullptr);
    const LossSignals &l = *back->dir[kServerToClient].loss;
    EXPECT_EQ(l.sack_count, 2u);
    EXPECT_EQ(l.sack[1].right, 4'000'000'000u);
    EXPECT_EQ(l.recovery_triggers, (std::vector<FrameNumber>{38, 39, 40}));
    EXPECT_EQ(l.latest_signal, INT64_MIN);
    EXPECT_EQ(l.last_wait, 420 * kMs);
    EXPECT_EQ(back->dir[kClientToServer].loss, nullptr);
}

TEST(QuietForms, TheEngineReportsTheSameWithEveryStatePackedAfterEachPacket) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    std::vector<PacketFacts> packets;
    const auto add = [&](bool c, double t, uint16_t flags, uint32_t seq, uint32_t ack,
                         size_t bytes = 0, uint16_t window = 502) {
        packets.push_back(s.packet(c, t, flags, seq, ack, window, std::string(bytes, 'x')));
        return packets.size();
    };
    add(true, 0, SYN, 1000, 0, 0, 64240);
    add(true, 1000, SYN, 1000, 0, 0, 64240);  // the SYN again after 1 s
    add(false, 1040, SYN | ACK, 5000, 1001, 0, 65160);
    add(true, 1041, ACK, 1001, 5001);
    for (int i = 0; i < 6; ++i) add(true, 1100 + i * 0.1, ACK | PSH, 1001 + 100 * i, 5001, 100);
    add(false, 1150, ACK, 5001, 1101, 0, 509);
    for (int i = 0; i < 3; ++i)  // duplicates with SACK: a fast retransmission follows
        packets.push_back(with_sack(s.packet(false, 1160 + i, ACK, 5001, 1101, 509),
                                    {SackBlock{1201, 1301 + 100u * static_cast<uint32_t>(i)}}));
    add(true, 1165, ACK | PSH, 1101, 5001, 100);
    add(false, 1200, ACK, 5001, 1601, 0, 509);
    add(true, 1300, ACK | PSH, 1601, 5001, 100);
    add(true, 1700, ACK | PSH, 1601, 5001, 100);  // timeout
    add(true, 2500, ACK | PSH, 1601, 5001, 100);  // and its backoff
    add(false, 2550, ACK, 5001, 1701, 0, 509);
    add(true, 7600, ACK | PSH, 1601, 5001, 100);  // long after its ACK: spurious
    add(false, 7700, ACK | PSH, 5001, 1701, 200, 509);
    add(true, 7750, ACK, 1701, 5201);

    // Never packed, and packed after every packet.
    EngineHarness usual(std::numeric_limits<Nanoseconds>::max()), packing(0);
    for (const PacketFacts &p : packets) {
        usual.feed(p);
        packing.feed(p);
    }
    usual.finish();
    packing.finish();
    const FrameNumber last = static_cast<FrameNumber>(packets.size());
    // The scenario has what the quiet forms must carry: each kind of retransmission.
    EXPECT_EQ(usual.text(2, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_EQ(usual.text(15, "convdiag.tcp.retrans.cause"), "fast");
    EXPECT_EQ(usual.text(19, "convdiag.tcp.retrans.cause"), "rto");
    EXPECT_EQ(usual.number(19, "convdiag.tcp.backoff"), 2);
    EXPECT_EQ(usual.text(21, "convdiag.tcp.retrans.cause"), "spurious");
    EXPECT_EQ(results_dump(packing, last), results_dump(usual, last));
}

TEST(Varint, SignedNumbersAndDifferencesComeBackForEveryInt64) {
    VarintWriter out;
    const int64_t values[] = {0, 1, -1, 63, -64, INT64_MAX, INT64_MIN, 1'700'000'000'000'000'000};
    for (const int64_t v : values) out.put_signed(v);
    for (const int64_t v : values) out.put_difference(v, 1'700'000'000'000'000'000);
    out.put_difference(INT64_MIN, INT64_MAX);
    VarintReader in(out.bytes().data(), out.bytes().size());
    for (const int64_t v : values) EXPECT_EQ(in.get_signed(), v);
    for (const int64_t v : values) EXPECT_EQ(in.get_difference(1'700'000'000'000'000'000), v);
    EXPECT_EQ(in.get_difference(INT64_MAX), INT64_MIN);
    EXPECT_TRUE(in.at_end());
    EXPECT_EQ(in.get(), 0u);  // past the end
}
