// A conversation that is still one SYN stores no summary cells: its SYNs, Verdict, Zero
// windows and Window stall are drawn from the conversation. These read them back through
// every change a later packet can make, as the stored cells read before.
#include <gtest/gtest.h>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn;
constexpr uint16_t ACK = tcp_flag::Ack;
constexpr uint8_t kV4Unreachable = 3;

}  // namespace

TEST(LoneSynSummary, PendingThenUnansweredWithZeroWindowCells) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    EXPECT_EQ(h.summary_cell(0, "SYNs").number, 1);
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "pending");
    EXPECT_EQ(h.summary_cell(0, "Zero windows").to_display(), "0");
    EXPECT_TRUE(h.summary_cell(0, "Window stall").is_set);
    EXPECT_EQ(h.summary_cell(0, "Window stall").number, 0);
    h.finish();
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "unanswered");
    EXPECT_EQ(h.summary_cell(0, "SYNs").number, 1);
}

TEST(LoneSynSummary, AnsweredLaterKeepsItsSynCount) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160));
    h.finish();
    EXPECT_EQ(h.summary_cell(0, "SYNs").number, 1);
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "established");
}

TEST(LoneSynSummary, RetriedSynCountsTwo) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    EXPECT_EQ(h.summary_cell(0, "SYNs").number, 2);
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "pending");
    h.finish();
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "unanswered");
    EXPECT_EQ(h.summary_cell(0, "Zero windows").number, 0);
}

TEST(LoneSynSummary, UnreachableStaysSoWhenAnotherPacketFollows) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.icmp_error(1, 4, kV4Unreachable, 3, "10.0.0.2", 100, true, SYN));
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "unreachable");
    EXPECT_EQ(h.summary_cell(0, "SYNs").number, 1);
    // A second error quoting the same SYN, then a stray segment from the server: the
    // verdict stands.
    h.feed(s.icmp_error(2, 4, kV4Unreachable, 3, "10.0.0.2", 100, true, SYN));
    h.feed(s.packet(false, 5, ACK, 900, 101, 65160));
    h.finish();
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "unreachable");
    EXPECT_EQ(h.summary_cell(0, "SYNs").number, 1);
}
