// How each TCP conversation ended: the end state on its last frame and in the summary
// table, and a stall named once with the sender's backoff.
#include <gtest/gtest.h>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst,
                   FIN = tcp_flag::Fin, PSH = tcp_flag::Psh;

// Client 10.0.0.1 ISN 100, server 10.0.0.2 ISN 900; frames 1-3 are the handshake, then
// the client sends "hello" (frame 4) and the server acknowledges it (frame 5).
void open_and_talk(TcpScenario &s, EngineHarness &h) {
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 20, ACK, 101, 901, 502));
    h.feed(s.packet(true, 30, ACK | PSH, 101, 901, 502, "hello"));
    h.feed(s.packet(false, 40, ACK, 901, 106, 502));
}

}  // namespace

TEST(ConversationEnd, ClosedByFinBothWays) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    h.feed(s.packet(true, 50, FIN | ACK, 106, 901, 502));
    h.feed(s.packet(false, 60, FIN | ACK, 901, 107, 502));
    h.feed(s.packet(true, 70, ACK, 107, 902, 502));  // frame 8
    EXPECT_FALSE(h.has(8, "convdiag.conn.end"));     // known only at the end of the capture
    h.finish();
    EXPECT_EQ(h.text(8, "convdiag.conn.end"), "closed");
    EXPECT_FALSE(h.has(7, "convdiag.conn.end"));
    EXPECT_FALSE(h.has(8, "convdiag.conn.reset_by"));
    EXPECT_EQ(h.summary_cell(0, "End").to_display(), "closed");
}

TEST(ConversationEnd, HalfClosedWhenOnlyOneSideSentItsFin) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    h.feed(s.packet(true, 50, FIN | ACK, 106, 901, 502));
    h.feed(s.packet(false, 60, ACK, 901, 107, 502));
    h.feed(s.packet(false, 70, ACK | PSH, 901, 107, 502, "still talking"));  // frame 8
    h.finish();
    EXPECT_EQ(h.text(8, "convdiag.conn.end"), "half-closed");
}

TEST(ConversationEnd, ResetNamesWhoSentTheRst) {
    for (const bool by_client : {true, false}) {
        SCOPED_TRACE(by_client);
        TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
        EngineHarness h;
        open_and_talk(s, h);
        h.feed(by_client ? s.packet(true, 50, RST | ACK, 106, 901, 0)
                         : s.packet(false, 50, RST | ACK, 901, 106, 0));
        // The other side's answer to the RST is a RST too: the first one counts.
        h.feed(by_client ? s.packet(false, 51, RST, 901, 0, 0)
                         : s.packet(true, 51, RST, 106, 0, 0));
        h.finish();
        EXPECT_EQ(h.text(7, "convdiag.conn.end"), "reset");
        EXPECT_EQ(h.text(7, "convdiag.conn.reset_by"), by_client ? "client" : "server");
        EXPECT_EQ(h.summary_cell(0, "End").to_display(),
                  by_client ? "reset (client)" : "reset (server)");
    }
}

TEST(ConversationEnd, ARefusedAttemptIsResetByTheServer) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 81);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1, RST | ACK, 0, 101, 0));
    h.finish();
    EXPECT_EQ(h.text(2, "convdiag.conn.end"), "reset");
    EXPECT_EQ(h.text(2, "convdiag.conn.reset_by"), "server");
}

TEST(ConversationEnd, AnInjectedRstEndsNothing) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1, RST | ACK, 0, 5000, 0));
    h.finish();
    EXPECT_EQ(h.text(2, "convdiag.conn.end"), "open");
    EXPECT_FALSE(h.has(2, "convdiag.conn.reset_by"));
}

TEST(ConversationEnd, OpenWhenTheCaptureEndsWithEverythingAcknowledged) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    h.finish();
    EXPECT_EQ(h.text(5, "convdiag.conn.end"), "open");
    EXPECT_FALSE(h.has(4, "convdiag.conn.end"));
    EXPECT_EQ(h.summary_cell(0, "End").to_display(), "open");
}

TEST(ConversationEnd, OneOrTwoResendsAreNoStall) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    h.feed(s.packet(true, 100, ACK | PSH, 106, 901, 502, "world"));
    h.feed(s.packet(true, 300, ACK | PSH, 106, 901, 502, "world"));  // the capture ends
    h.finish();
    EXPECT_EQ(h.text(7, "convdiag.conn.end"), "open");
    EXPECT_EQ(h.notes(7).find("Connection lost"), std::string::npos);
}

TEST(ConversationEnd, AResendThatIsFinallyAcknowledgedIsNoStall) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    h.feed(s.packet(true, 100, ACK | PSH, 106, 901, 502, "world"));
    h.feed(s.packet(true, 300, ACK | PSH, 106, 901, 502, "world"));
    h.feed(s.packet(true, 700, ACK | PSH, 106, 901, 502, "world"));
    h.feed(s.packet(false, 710, ACK, 901, 111, 502));  // frame 9
    h.finish();
    EXPECT_EQ(h.text(9, "convdiag.conn.end"), "open");
}

TEST(ConversationEnd, AStallNamesTheSenderItsBackoffAndThePeersSilence) {
    TcpScenario s("10.3.30.1", 40000, "10.3.71.7", 80);
    EngineHarness h;
    open_and_talk(s, h);
    // "world" (frame 6), then resent after 0.2, 0.4, 0.8, 1.6, 3.2 s.
    double t = 1000;
    h.feed(s.packet(true, t, ACK | PSH, 106, 901, 502, "world"));
    for (const double wait : {200.0, 400.0, 800.0, 1600.0, 3200.0}) {
        t += wait;
        h.feed(s.packet(true, t, ACK | PSH, 106, 901, 502, "world"));  // frames 7-11
    }
    h.finish();
    EXPECT_EQ(h.text(11, "convdiag.conn.end"), "stalled");
    EXPECT_EQ(h.summary_cell(0, "End").to_display(), "stalled");
    const std::string note = h.notes(11);
    EXPECT_NE(note.find("Connection lost: 10.3.30.1 sent the segment seq=6 len=5 6 times, "
                        "waiting 200.0 ms doubling, and 10.3.71.7 never acknowledged it; "
                        "10.3.71.7 has been silent for 7.160 s since frame 5"),
              std::string::npos)
        << note;
    for (FrameNumber f = 6; f <= 10; ++f)
        EXPECT_EQ(h.notes(f).find("Connection lost"), std::string::npos) << f;
}

TEST(ConversationEnd, AStallThatEndsInARstIsStillAStall) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    // The server's answer (frame 6) is resent every second, then the server gives up.
    h.feed(s.packet(false, 100, ACK | PSH, 901, 106, 502, "answer"));
    h.feed(s.packet(false, 1100, ACK | PSH, 901, 106, 502, "answer"));
    h.feed(s.packet(false, 2100, ACK | PSH, 901, 106, 502, "answer"));
    h.feed(s.packet(false, 3100, ACK | PSH, 901, 106, 502, "answer"));  // frame 9
    h.feed(s.packet(false, 4100, RST | ACK, 907, 106, 0));              // frame 10
    h.finish();
    EXPECT_EQ(h.text(10, "convdiag.conn.end"), "stalled");
    EXPECT_EQ(h.text(10, "convdiag.conn.reset_by"), "server");
    const std::string note = h.notes(9);
    EXPECT_NE(note.find("10.0.0.2 sent the segment seq=1 len=6 4 times, waiting every 1.000 s"),
              std::string::npos)
        << note;
    EXPECT_NE(note.find("until 10.0.0.2 reset the connection"), std::string::npos) << note;
}

TEST(ConversationEnd, AStallSeenMidConnectionCountsWaitsFromTheFirstResend) {
    // The capture begins mid-connection; the segment's original is older than the capture.
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, ACK | PSH, 5000, 7000, 502, std::string(100, 'a')));
    h.feed(s.packet(true, 1, ACK | PSH, 5100, 7000, 502, std::string(100, 'b')));
    h.feed(s.packet(true, 300, ACK | PSH, 5000, 7000, 502, std::string(100, 'a')));
    h.feed(s.packet(true, 900, ACK | PSH, 5000, 7000, 502, std::string(100, 'a')));
    h.feed(s.packet(true, 2100, ACK | PSH, 5000, 7000, 502, std::string(100, 'a')));  // 5
    h.finish();
    EXPECT_EQ(h.text(5, "convdiag.conn.end"), "stalled");
    const std::string note = h.notes(5);
    EXPECT_NE(note.find("seq=5000 len=100 4 times, waiting 600.0 ms doubling (waits counted from "
                        "the first resend)"),
              std::string::npos)
        << note;
    EXPECT_NE(note.find("the capture holds nothing from 10.0.0.2"), std::string::npos) << note;
}

TEST(ConversationEnd, LinuxBackoffWhoseFirstWaitStandsApartIsStillDoubling) {
    // As in samples/conn_stall: Linux arms the first timer from the last ACK, so the first
    // wait equals the second, and the waits double from there.
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    double t = 1000;
    h.feed(s.packet(true, t, ACK | PSH, 106, 901, 502, "world"));
    for (const double wait : {206.0, 208.0, 416.0, 832.0}) {
        t += wait;
        h.feed(s.packet(true, t, ACK | PSH, 106, 901, 502, "world"));  // frames 7-10
    }
    h.finish();
    EXPECT_NE(h.notes(10).find("5 times, waiting 206.0 ms, then 208.0 ms doubling"),
              std::string::npos)
        << h.notes(10);
}

TEST(ConversationEnd, IrregularWaitsAreListed) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    double t = 1000;
    h.feed(s.packet(true, t, ACK | PSH, 106, 901, 502, "world"));
    for (const double wait : {300.0, 100.0, 700.0}) {
        t += wait;
        h.feed(s.packet(true, t, ACK | PSH, 106, 901, 502, "world"));  // frames 7-9
    }
    h.finish();
    EXPECT_NE(h.notes(9).find("waiting 300.0 ms, 100.0 ms, 700.0 ms, and"), std::string::npos)
        << h.notes(9);
}

TEST(ConversationEnd, ProbesIntoAZeroWindowAreNoStall) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    open_and_talk(s, h);
    h.feed(s.packet(false, 50, ACK, 901, 106, 0));  // the server's window is full
    // The client probes with one byte of new data, resent; each probe is answered with
    // window 0 and no ACK of the byte.
    h.feed(s.packet(true, 300, ACK, 106, 901, 502, "w"));
    h.feed(s.packet(false, 301, ACK, 901, 106, 0));
    h.feed(s.packet(true, 800, ACK, 106, 901, 502, "w"));
    h.feed(s.packet(false, 801, ACK, 901, 106, 0));
    h.feed(s.packet(true, 1800, ACK, 106, 901, 502, "w"));
    h.feed(s.packet(false, 1801, ACK, 901, 106, 0));  // frame 12
    h.finish();
    EXPECT_EQ(h.text(12, "convdiag.conn.end"), "open");
}
