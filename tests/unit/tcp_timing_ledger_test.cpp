#include <gtest/gtest.h>

#include "expert/detectors/tcp_timing/duplicate_ack_counter.h"
#include "expert/detectors/tcp_timing/sent_segment_ledger.h"

using namespace convdiag;

TEST(TcpTimingLedger, ExactAckTimesTheSegmentAndPartialAckTrims) {
    SentSegmentLedger l;
    l.record(100, 200, 100, 10, 1);
    l.record(200, 300, 100, 20, 2);
    AckOutcome a = l.acknowledge(250);
    EXPECT_EQ(a.segments_acked, 1u);
    EXPECT_FALSE(a.exact);
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l.front().seq, 250u);
    a = l.acknowledge(300);
    EXPECT_TRUE(a.exact);
    EXPECT_EQ(a.timed.first_frame, 2u);
    EXPECT_EQ(l.size(), 0u);
}

TEST(TcpTimingLedger, SurvivesSequenceWrap) {
    SentSegmentLedger l;
    l.record(0xFFFFFF00u, 0x100u, 0x200u, 10, 1);
    l.record(0x100u, 0x200u, 0x100u, 20, 2);
    ASSERT_NE(l.find_overlap(0xFFFFFFF0u, 0x10u), nullptr);
    EXPECT_EQ(l.find_overlap(0xFFFFFFF0u, 0x10u)->first_frame, 1u);
    const AckOutcome a = l.acknowledge(0x100u);
    EXPECT_TRUE(a.exact);
    EXPECT_EQ(a.timed.first_frame, 1u);
    EXPECT_EQ(l.size(), 1u);
}

TEST(TcpTimingLedger, IsBoundedAndResentSegmentsAreMarked) {
    SentSegmentLedger l;
    for (uint32_t i = 0; i < SentSegmentLedger::kCapacity + 50; ++i)
        l.record(i * 10, i * 10 + 10, 10, i, i + 1);
    EXPECT_EQ(l.size(), SentSegmentLedger::kCapacity);
    EXPECT_EQ(l.ring_capacity(), SentSegmentLedger::kCapacity);
    l.mark_resent(0, 15, 1000);
    EXPECT_TRUE(l.find_overlap(0, 1)->retransmitted());
    EXPECT_TRUE(l.find_overlap(10, 11)->retransmitted());
    EXPECT_FALSE(l.find_overlap(20, 21)->retransmitted());
    // The ACK of a segment never recorded (beyond the cap) gives no timing.
    EXPECT_FALSE(l.acknowledge((SentSegmentLedger::kCapacity + 10) * 10).exact);
    EXPECT_EQ(l.size(), 0u);
}

TEST(TcpTimingDuplicateAcks, NumbersOnlyRfc5681Duplicates) {
    DuplicateAckCounter d;
    AckFacts a;
    a.ack = 500;
    a.window = 100;
    a.pure = true;
    a.data_outstanding = true;
    a.frame = 1;
    EXPECT_EQ(d.on_ack(a), 0u);  // the first ACK of the value is the original
    a.frame = 2;
    EXPECT_EQ(d.on_ack(a), 1u);
    a.frame = 3;
    a.window = 101;  // a window update is not a duplicate
    EXPECT_EQ(d.on_ack(a), 0u);
    a.frame = 4;
    EXPECT_EQ(d.on_ack(a), 2u);
    a.frame = 5;
    a.pure = false;  // carries data
    EXPECT_EQ(d.on_ack(a), 0u);
    a.pure = true;
    a.data_outstanding = false;  // nothing in flight: not a loss signal
    EXPECT_EQ(d.on_ack(a), 0u);
    a.data_outstanding = true;
    a.ack = 400;  // an older ACK overtaken on the way
    EXPECT_EQ(d.on_ack(a), 0u);
    a.ack = 500;
    a.frame = 8;
    EXPECT_EQ(d.on_ack(a), 3u);
    EXPECT_EQ(d.duplicates(), 3u);
    a.ack = 600;  // new value: numbering restarts
    EXPECT_EQ(d.on_ack(a), 0u);
    EXPECT_EQ(d.duplicates(), 0u);
}

TEST(TcpTimingDuplicateAcks, ZeroWindowRepeatsAreNotDuplicates) {
    DuplicateAckCounter d;
    AckFacts a;
    a.ack = 500;
    a.window = 0;
    a.pure = true;
    a.data_outstanding = true;
    EXPECT_EQ(d.on_ack(a), 0u);
    EXPECT_EQ(d.on_ack(a), 0u);
    EXPECT_EQ(d.on_ack(a), 0u);
}

TEST(TcpTimingLedger, SplitKeepsEachByteRangesOwnHistory) {
    SentSegmentLedger l;
    l.record(100, 1100, 1000, 10, 1);
    l.record(1100, 2100, 1000, 20, 2);
    ASSERT_TRUE(l.split_at(600));
    ASSERT_TRUE(l.split_at(1100));  // already a boundary: nothing to cut
    EXPECT_EQ(l.size(), 3u);
    l.mark_resent(100, 600, 50);
    const SentSegment *rest = l.find_overlap(600, 1100);
    ASSERT_NE(rest, nullptr);
    EXPECT_EQ(rest->seq, 600u);
    EXPECT_EQ(rest->transmissions, 1u);
    EXPECT_EQ(rest->last_sent, 10);
    EXPECT_EQ(rest->first_frame, 1u);
    EXPECT_EQ(l.find_overlap(100, 600)->transmissions, 2u);
    // The pieces are acknowledged as the whole was.
    const AckOutcome a = l.acknowledge(1100);
    EXPECT_EQ(a.segments_acked, 2u);
    EXPECT_EQ(l.size(), 1u);
}

TEST(TcpTimingLedger, SplitIsRefusedWhenFull) {
    SentSegmentLedger l;
    for (uint32_t i = 0; i < SentSegmentLedger::kCapacity; ++i)
        l.record(i * 10, i * 10 + 10, 10, i, i + 1);
    EXPECT_FALSE(l.split_at(5));
    EXPECT_EQ(l.size(), SentSegmentLedger::kCapacity);
}
