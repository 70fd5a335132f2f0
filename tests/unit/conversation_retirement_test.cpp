// Retirement of TCP conversations: when one counts as closed, how long it must stay
// quiet, which detector state is freed, and what becomes of packets that come later.
#include <gtest/gtest.h>

#include <string>

#include "expert/tcp/tcp_conversation_tracker.h"
#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst,
                   FIN = tcp_flag::Fin, PSH = tcp_flag::Psh;

struct TrackedState : ConversationState {
    TrackedState(bool needed, int *alive) : needed_(needed), alive_(alive) { ++*alive_; }
    ~TrackedState() override { --*alive_; }
    bool needed_after_retirement() const override { return needed_; }
    bool needed_;
    int *alive_;
};

// Feeds packets of one conversation to a tracker as the engine does.
class TrackerHarness {
  public:
    explicit TrackerHarness(uint32_t stream = 0) : s_("10.0.0.1", 40000, "10.0.0.2", 80, stream) {}

    TcpConversation &feed(bool from_client, double time_ms, uint16_t flags, uint32_t seq,
                          uint32_t ack, const std::string &payload = {}) {
        const PacketFacts p = s_.packet(from_client, time_ms, flags, seq, ack, 1000, payload);
        tracker.retire_idle(p.time);
        TcpConversation &c = *tracker.lookup(p);
        tracker.retire_if_idle(c, p.time);
        tracker.advance(c, p);
        return c;
    }
    void handshake() {
        feed(true, 0, SYN, 100, 0);
        feed(false, 10, SYN | ACK, 500, 101);
        feed(true, 20, ACK, 101, 501);
    }
    // The time the scenario's packets are stamped with, `time_ms` after its start.
    Nanoseconds at(double time_ms) { return s_.packet(true, time_ms, ACK, 0, 0, 0).time; }

    TcpConversationTracker tracker;

  private:
    TcpScenario s_;
};

constexpr double kGraceMs = kRetirementGrace / 1e6;

}  // namespace

TEST(ConversationRetirement, ClosedByARstFromEitherSide) {
    TrackerHarness h;
    h.feed(true, 0, SYN, 100, 0);
    TcpConversation &c = h.feed(false, 5, RST | ACK, 0, 101);
    EXPECT_TRUE(c.closed);
    EXPECT_FALSE(c.retired);

    TrackerHarness mid_transfer;
    mid_transfer.handshake();
    EXPECT_FALSE(mid_transfer.feed(true, 30, ACK | PSH, 101, 501, "hello").closed);
    EXPECT_TRUE(mid_transfer.feed(true, 40, RST, 106, 0).closed);
}

TEST(ConversationRetirement, ClosedWhenBothFinsAreAcknowledged) {
    TrackerHarness h;
    h.handshake();
    h.feed(true, 30, ACK | PSH, 101, 501, "hello");
    EXPECT_FALSE(h.feed(true, 40, FIN | ACK, 106, 501).closed);
    // The server's FIN acknowledges the client's; its own FIN still waits for an ACK.
    EXPECT_FALSE(h.feed(false, 50, FIN | ACK, 501, 107).closed);
    EXPECT_TRUE(h.feed(true, 60, ACK, 107, 502).closed);
}

TEST(ConversationRetirement, AnUnacknowledgedFinKeepsItOpen) {
    TrackerHarness h;
    h.handshake();
    h.feed(true, 30, FIN | ACK, 101, 501);
    TcpConversation &c = h.feed(false, 40, FIN | ACK, 501, 102);  // final ACK never seen
    EXPECT_FALSE(c.closed);
    // Data sent after the FIN was acknowledged is not acknowledged yet.
    TrackerHarness late_data;
    late_data.handshake();
    late_data.feed(true, 30, FIN | ACK, 101, 501);
    late_data.feed(false, 40, ACK | PSH, 501, 102, "bye");
    late_data.feed(false, 50, FIN | ACK, 504, 102);
    EXPECT_FALSE(late_data.feed(true, 60, ACK, 102, 504).closed);  // covers "bye", not the FIN
    EXPECT_TRUE(late_data.feed(true, 70, ACK, 102, 505).closed);

    h.tracker.retire_idle(h.at(40 + 10 * kGraceMs));
    EXPECT_FALSE(c.retired);
}

TEST(ConversationRetirement, RetiredOnlyAfterTheGracePeriodSinceItsLastPacket) {
    TrackerHarness h;
    h.handshake();
    TcpConversation &c = h.feed(true, 30, RST, 101, 0);
    h.tracker.retire_idle(h.at(30 + kGraceMs));
    EXPECT_FALSE(c.retired);
    // A straggler restarts the wait.
    h.feed(false, 1030, ACK, 501, 101);
    h.tracker.retire_idle(h.at(31 + kGraceMs));
    EXPECT_FALSE(c.retired);
    h.tracker.retire_idle(h.at(1030 + kGraceMs));
    EXPECT_FALSE(c.retired);
    h.tracker.retire_idle(h.at(1031 + kGraceMs));
    EXPECT_TRUE(c.retired);
}

TEST(ConversationRetirement, APacketAfterTheGracePeriodRetiresItWhateverTheQueueOrder) {
    TrackerHarness h;
    h.handshake();
    TcpConversation &c = h.feed(true, 30, RST, 101, 0);
    EXPECT_FALSE(h.tracker.retire_if_idle(c, h.at(30 + kGraceMs)));
    EXPECT_TRUE(h.tracker.retire_if_idle(c, h.at(31 + kGraceMs)));
    EXPECT_TRUE(c.retired);
    // Already retired: the queue entry is skipped, the packet still counted.
    const uint32_t packets = c.packets;
    h.feed(false, 40 + kGraceMs, ACK, 501, 101);
    EXPECT_EQ(c.packets, packets + 1);
    EXPECT_EQ(c.last_time, h.at(40 + kGraceMs));
}

TEST(ConversationRetirement, FreesOnlyTheStatesNotNeededAfterward) {
    int alive = 0;
    TrackerHarness h;
    h.handshake();
    TcpConversation &c = *h.tracker.lookup(
        TcpScenario("10.0.0.1", 40000, "10.0.0.2", 80).packet(true, 25, ACK, 101, 501, 1000));
    c.slots.put(0, std::make_unique<TrackedState>(false, &alive));
    c.slots.put(3, std::make_unique<TrackedState>(true, &alive));
    h.feed(true, 30, RST, 101, 0);
    h.tracker.retire_idle(h.at(31 + kGraceMs));
    ASSERT_TRUE(c.retired);
    EXPECT_EQ(alive, 1);
    EXPECT_EQ(c.existing_slot<TrackedState>(0), nullptr);
    EXPECT_NE(c.existing_slot<TrackedState>(3), nullptr);

    // With nothing left, the slot array goes too.
    TcpConversation lone;
    lone.slots.put(2, std::make_unique<TrackedState>(false, &alive));
    lone.slots.release_unneeded_after_retirement();
    EXPECT_EQ(lone.slots.capacity(), 0u);
    EXPECT_EQ(alive, 1);
}

TEST(ConversationRetirement, APacketLaterThanTheGracePeriodIsNotAnalysed) {
    for (const double gap_ms : {1000.0, kGraceMs + 1000}) {
        SCOPED_TRACE(gap_ms);
        EngineHarness h;
        TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
        h.feed(s.packet(true, 0, SYN, 100, 0, 1000));
        h.feed(s.packet(false, 10, SYN | ACK, 500, 101, 1000));
        h.feed(s.packet(true, 20, ACK, 101, 501, 1000));
        h.feed(s.packet(true, 30, ACK | PSH, 101, 501, 1000, "hello"));
        h.feed(s.packet(false, 40, ACK, 501, 106, 1000));
        h.feed(s.packet(true, 50, FIN | ACK, 106, 501, 1000));
        h.feed(s.packet(false, 60, FIN | ACK, 501, 107, 1000));
        h.feed(s.packet(true, 70, ACK, 107, 502, 1000));
        // The client sends "hello" again, long after everything was acknowledged.
        const PacketFacts late = s.packet(true, 70 + gap_ms, ACK | PSH, 101, 502, 1000, "hello");
        h.feed(late);
        h.finish();
        const bool analysed = gap_ms < kGraceMs;
        EXPECT_EQ(h.has(late.frame, "convdiag.tcp.retrans.cause"), analysed);
        const TcpConversation *c = h.engine().tcp_conversations().find(0);
        ASSERT_NE(c, nullptr);
        EXPECT_EQ(c->retired, !analysed);
        EXPECT_EQ(c->packets, 9u);  // the summary table still counts it
        EXPECT_EQ(c->last_time, late.time);
    }
}

TEST(ConversationRetirement, StateNeededAtTheEndOfTheCaptureIsKept) {
    EngineHarness h;
    // An attempt the client gave up on: closed by its own RST, never answered.
    TcpScenario abandoned("10.0.0.1", 40000, "10.0.0.2", 80, 0);
    h.feed(abandoned.packet(true, 0, SYN, 100, 0, 1000));
    h.feed(abandoned.packet(true, 100, RST, 101, 0, 0));
    // A receiver whose window never reopens before the sender resets.
    TcpScenario stalled("10.0.0.1", 40001, "10.0.0.3", 80, 1);
    stalled.set_frame(3);
    h.feed(stalled.packet(true, 0, SYN, 1000, 0, 64240));
    h.feed(stalled.packet(false, 10, SYN | ACK, 5000, 1001, 65160));
    h.feed(stalled.packet(true, 20, ACK, 1001, 5001, 502));
    h.feed(stalled.packet(true, 30, ACK, 1001, 5001, 502, std::string(1000, 'x')));
    h.feed(stalled.packet(false, 40, ACK, 5001, 2001, 0));
    h.feed(stalled.packet(true, 200, RST | ACK, 2001, 5001, 0));  // frame 8
    // Later traffic elsewhere retires both.
    TcpScenario other("10.0.0.9", 50000, "10.0.0.2", 80, 2);
    other.set_frame(9);
    h.feed(other.packet(true, 10 * kGraceMs, SYN, 1, 0, 1000));
    ASSERT_TRUE(h.engine().tcp_conversations().find(0)->retired);
    ASSERT_TRUE(h.engine().tcp_conversations().find(1)->retired);
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "unanswered");
    EXPECT_NE(h.notes(1).find("No answer to 1 SYN"), std::string::npos);
    EXPECT_EQ(h.number(8, "convdiag.win.stall"), ms(160));
    EXPECT_NE(h.notes(8).find("window never reopened"), std::string::npos);
}
