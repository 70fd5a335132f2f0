// The window detector's parts on their own: probe recognition, the tracker's
// closing run, and the length of the texts Wireshark will show.
#include <gtest/gtest.h>

#include "expert/detectors/window/receive_window_tracker.h"
#include "expert/detectors/window/window_conversation_state.h"
#include "expert/detectors/window/window_texts.h"
#include "expert/detectors/window/zero_window_probe_recognizer.h"

using namespace convdiag;

namespace {

ProbeSegment probe_at(uint32_t seq, uint32_t length, uint32_t next_seq, uint32_t receiver_ack) {
    ProbeSegment s;
    s.seq = seq;
    s.payload_length = length;
    s.flags = tcp_flag::Ack;
    s.sender_next_seq_known = true;
    s.sender_next_seq = next_seq;
    s.receiver_ack = receiver_ack;
    return s;
}

AdvertisedWindow window(uint32_t ack, uint16_t raw, int shift) {
    AdvertisedWindow w;
    w.ack = ack;
    w.raw = raw;
    w.shift = shift;
    return w;
}

}  // namespace

TEST(ZeroWindowProbeRecognizer, KeepAliveFormWithAndWithoutAByte) {
    for (uint32_t length : {0u, 1u}) {
        const ProbeVerdict v = recognize_zero_window_probe(probe_at(999, length, 1000, 1000));
        EXPECT_EQ(v.form, ProbeForm::KeepAliveForm) << length;
        EXPECT_EQ(v.wireshark_label, WiresharkProbeLabel::KeepAlive) << length;
    }
}

TEST(ZeroWindowProbeRecognizer, OneByteAtTheEdge) {
    ProbeVerdict v = recognize_zero_window_probe(probe_at(1000, 1, 1000, 1000));
    EXPECT_EQ(v.form, ProbeForm::OneByte);
    EXPECT_EQ(v.wireshark_label, WiresharkProbeLabel::ZeroWindowProbe);
    // Resent: the byte is now one below the sender's next sequence number.
    v = recognize_zero_window_probe(probe_at(1000, 1, 1001, 1000));
    EXPECT_EQ(v.form, ProbeForm::OneByte);
    EXPECT_EQ(v.wireshark_label, WiresharkProbeLabel::KeepAlive);
}

TEST(ZeroWindowProbeRecognizer, SnaUnaMinusOneWhileDataIsInFlight) {
    // Unacknowledged data beyond the edge: Linux still probes at snd_una - 1, which
    // Wireshark does not label (it compares with the next sequence number).
    const ProbeVerdict v = recognize_zero_window_probe(probe_at(999, 0, 3000, 1000));
    EXPECT_EQ(v.form, ProbeForm::KeepAliveForm);
    EXPECT_EQ(v.wireshark_label, WiresharkProbeLabel::None);
}

TEST(ZeroWindowProbeRecognizer, NotProbes) {
    EXPECT_EQ(recognize_zero_window_probe(probe_at(1000, 2, 1000, 1000)).form, ProbeForm::None);
    EXPECT_EQ(recognize_zero_window_probe(probe_at(1000, 0, 1000, 1000)).form, ProbeForm::None);
    EXPECT_EQ(recognize_zero_window_probe(probe_at(500, 1, 1000, 1000)).form, ProbeForm::None);
    for (uint16_t flag : {tcp_flag::Syn, tcp_flag::Fin, tcp_flag::Rst}) {
        ProbeSegment s = probe_at(999, 0, 1000, 1000);
        s.flags |= flag;
        EXPECT_EQ(recognize_zero_window_probe(s).form, ProbeForm::None) << flag;
    }
}

TEST(ZeroWindowProbeRecognizer, SequenceWrap) {
    const ProbeVerdict v = recognize_zero_window_probe(probe_at(0xFFFFFFFFu, 0, 0, 0));
    EXPECT_EQ(v.form, ProbeForm::KeepAliveForm);
}

TEST(ReceiveWindowTracker, LongUnconfirmedRunKeepsAtMostTheCap) {
    ReceiveWindowTracker t;
    WindowThresholds limits;
    uint32_t ack = 1000;
    t.observe(window(ack, 60000, 0), false, 1, 0, true, limits);
    // 100 steps of 100 bytes: 10000 of 60000 gone, not yet half.
    for (int i = 0; i < 100; ++i) {
        ack += 100;
        const WindowChange c =
            t.observe(window(ack, static_cast<uint16_t>(60000 - 100 * (i + 1)), 0), false, 2 + i, 0,
                      true, limits);
        EXPECT_EQ(c.event, WindowEvent::None);
    }
    EXPECT_EQ(t.earlier_closing_steps().size(), ReceiveWindowTracker::kMaxPendingClosingSteps);
    const WindowChange zero = t.observe(window(ack + 50000, 0, 0), false, 200, 5, true, limits);
    EXPECT_EQ(zero.event, WindowEvent::Zero);
    EXPECT_TRUE(zero.confirms_earlier_steps);
    EXPECT_EQ(t.earlier_closing_steps().front().frame, 2u);
    // Handed out once, then forgotten.
    t.observe(window(ack + 50000, 0, 0), false, 201, 6, true, limits);
    EXPECT_TRUE(t.earlier_closing_steps().empty());
    EXPECT_EQ(t.confirmed_closing_runs(), 1u);
}

TEST(ReceiveWindowTracker, StallTotalsIncludeTheRunningStall) {
    ReceiveWindowTracker t;
    WindowThresholds limits;
    t.observe(window(1000, 100, 0), false, 1, 0, true, limits);
    t.observe(window(1100, 0, 0), false, 2, 1000, true, limits);
    EXPECT_EQ(t.stall_total(4000), 3000);
    const WindowChange reopened = t.observe(window(1100, 100, 0), false, 3, 5000, true, limits);
    EXPECT_EQ(reopened.event, WindowEvent::Reopened);
    EXPECT_EQ(reopened.stall, 4000);
    EXPECT_EQ(t.stall_total(9000), 4000);
    EXPECT_EQ(t.zero_count(), 1u);
    EXPECT_EQ(t.smallest_bytes(), 0);
    EXPECT_EQ(t.largest_bytes(), 100);
}

TEST(ReceiveWindowTracker, UnknownScaleKeepsRawValuesOutOfByteExtremes) {
    ReceiveWindowTracker t;
    WindowThresholds limits;
    t.observe(window(1000, 500, -1), false, 1, 0, true, limits);
    EXPECT_EQ(t.largest_bytes(), -1);
    t.observe(window(1000, 0, -1), false, 2, 0, true, limits);
    EXPECT_EQ(t.smallest_bytes(), 0);
    EXPECT_EQ(t.largest_bytes(), -1);
}

// Wireshark cuts an expert text at 240 bytes; Korean takes three bytes a letter.
TEST(WindowTexts, FitWiresharkExpertLength) {
    const WindowParties who{"255.255.255.255", "255.255.255.254"};
    for (WindowEvent e : {WindowEvent::Closing, WindowEvent::Zero, WindowEvent::ProbeAck,
                          WindowEvent::Reopened, WindowEvent::Grown, WindowEvent::Shrunk}) {
        for (bool known : {false, true}) {
            for (Nanoseconds stall : {Nanoseconds{-1}, Nanoseconds{0}, Nanoseconds{123456789012}}) {
                WindowChange c;
                c.event = e;
                c.before = 1073725440;
                c.after = 1073725440;
                c.acked = 4294967295u;
                c.since_frame = 4294967295u;
                c.scale_known = known;
                c.stall = stall;
                const Text t = describe_window_change(c, who);
                EXPECT_FALSE(t.en.empty());
                EXPECT_LT(t.en.size(), 240u) << t.en;
                EXPECT_LT(t.ko.size(), 240u) << t.ko;
            }
        }
    }
    for (ProbeForm form : {ProbeForm::KeepAliveForm, ProbeForm::OneByte}) {
        for (WiresharkProbeLabel label : {WiresharkProbeLabel::None, WiresharkProbeLabel::KeepAlive,
                                          WiresharkProbeLabel::ZeroWindowProbe}) {
            const Text t = describe_probe({form, label}, 123456789012, who);
            EXPECT_LT(t.en.size(), 240u) << t.en;
            EXPECT_LT(t.ko.size(), 240u) << t.ko;
        }
    }
    const Text full = describe_window_full(1073725440, who);
    EXPECT_LT(full.ko.size(), 240u) << full.ko;
    const Text never = describe_never_reopened(123456789012, 4294967295u, who);
    EXPECT_LT(never.en.size(), 240u) << never.en;
    EXPECT_LT(never.ko.size(), 240u) << never.ko;
}

TEST(ReceiveWindowTracker, SaysWhenItsExtremesChanged) {
    ReceiveWindowTracker t;
    WindowThresholds limits;
    EXPECT_FALSE(t.extremes_changed());
    t.observe(window(1000, 100, 0), false, 1, 0, true, limits);
    EXPECT_TRUE(t.extremes_changed());
    t.mark_extremes_shown();
    t.observe(window(1000, 100, 0), false, 2, 0, true, limits);   // the same window again
    t.observe(window(1000, 500, -1), false, 3, 0, true, limits);  // raw units: no bytes
    EXPECT_FALSE(t.extremes_changed());
    t.observe(window(1000, 50, 0), false, 4, 0, true, limits);
    EXPECT_TRUE(t.extremes_changed());
    EXPECT_EQ(t.smallest_bytes(), 50);
    EXPECT_EQ(t.largest_bytes(), 100);
}

TEST(ReceiveWindowTracker, AWindowThatNeverClosedHasNoZerosStallsOrSteps) {
    ReceiveWindowTracker t;
    WindowThresholds limits;
    t.observe(window(1000, 100, 7), false, 1, 0, true, limits);
    t.observe(window(2000, 200, 7), false, 2, 0, true, limits);  // grown
    EXPECT_EQ(t.zero_count(), 0u);
    EXPECT_EQ(t.stall_total(5000), 0);
    EXPECT_TRUE(t.earlier_closing_steps().empty());
    // The largest window a 14-bit shift allows stays exact in the compact fields.
    t.observe(window(3000, 65535, 14), false, 3, 0, true, limits);
    EXPECT_EQ(t.largest_bytes(), int64_t{65535} << 14);
    EXPECT_EQ(t.last().value(), int64_t{65535} << 14);
}

// One per advertising side of every conversation with an ACK: its size is the window
// detector's memory.
TEST(ReceiveWindowTracker, IsCompact) {
    if (sizeof(void *) != 8) GTEST_SKIP() << "sized for 64-bit pointers";
    EXPECT_LE(sizeof(ReceiveWindowTracker), 32u);
    EXPECT_LE(sizeof(WindowConversationState), 88u);
}
