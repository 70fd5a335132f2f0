// Connection attempts answered by an ICMP destination unreachable that quotes their SYN.
#include <gtest/gtest.h>

#include "expert/detectors/connection_outcome/connection_outcome.h"
#include "expert/detectors/connection_outcome/icmp_unreachable.h"
#include "expert/report/report_builder.h"
#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack;
constexpr uint8_t kV4Unreachable = 3, kV6Unreachable = 1;
const std::string kVerdict = "convdiag.conn.verdict";
const std::string kIcmp = "convdiag.conn.icmp";
const std::string kAnswer = "convdiag.conn.answer_frame";

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

std::string name_of(uint8_t version, uint8_t type, uint8_t code) {
    IcmpErrorFacts icmp;
    icmp.version = version;
    icmp.type = type;
    icmp.code = code;
    const IcmpUnreachable *kind = icmp_unreachable_of(icmp);
    return kind ? kind->name : "<not an answer>";
}

}  // namespace

TEST(ConnectionOutcomeIcmp, PortUnreachableFromTheServerAfterOneSyn) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.icmp_error(1, 4, kV4Unreachable, 3, "10.0.0.2", 100, true, SYN));
    for (FrameNumber f : {1u, 2u}) {
        EXPECT_EQ(h.text(f, kVerdict), "unreachable") << f;
        EXPECT_EQ(h.text(f, kIcmp), "port-unreachable") << f;
    }
    EXPECT_EQ(h.number(1, kAnswer), 2);
    EXPECT_FALSE(h.has(2, kAnswer));
    EXPECT_EQ(h.number(2, "convdiag.conn.syn_attempts"), 1);
    EXPECT_EQ(h.summary_cell(0, "Verdict").text, "unreachable");
    const std::string note = h.notes(2);
    EXPECT_TRUE(contains(note,
                         "Unreachable: 10.0.0.2 itself answered the SYN to 10.0.0.2:80 with "
                         "ICMP port-unreachable (type 3, code 3): "))
        << note;
    EXPECT_TRUE(contains(note, "firewall")) << note;

    h.finish();  // an answered attempt is never called unanswered
    EXPECT_EQ(h.text(1, kVerdict), "unreachable");
    EXPECT_EQ(h.summary_cell(0, "Verdict").text, "unreachable");
    EXPECT_EQ(h.notes(1), "");
}

TEST(ConnectionOutcomeIcmp, HostUnreachableFromARouterGoesOnEverySynOfTheAttempt) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 3000, SYN, 100, 0, 64240));
    h.feed(s.icmp_error(3005, 4, kV4Unreachable, 1, "10.0.0.254", 100));  // RFC 792: no flags
    h.finish();
    for (FrameNumber f = 1; f <= 4; ++f) {
        EXPECT_EQ(h.text(f, kVerdict), "unreachable") << f;
        EXPECT_EQ(h.text(f, kIcmp), "host-unreachable") << f;
    }
    for (FrameNumber f = 1; f <= 3; ++f) EXPECT_EQ(h.number(f, kAnswer), 4) << f;
    EXPECT_EQ(h.number(4, "convdiag.conn.syn_attempts"), 3);
    const std::string note = h.notes(4);
    EXPECT_TRUE(contains(note,
                         "Unreachable: 10.0.0.254 (a router or firewall on the way) answered "
                         "the attempt to 10.0.0.2:80 (3 SYNs) with ICMP host-unreachable (type "
                         "3, code 1): the host is down or the address unused (no ARP answer)"))
        << note;
    EXPECT_FALSE(contains(h.notes(3), "No answer")) << h.notes(3);
}

TEST(ConnectionOutcomeIcmp, Icmpv6AnswersAnIpv6Attempt) {
    TcpScenario s("2001:db8::1", 40000, "2001:db8::2", 443);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 7, 0, 64800));
    h.feed(s.icmp_error(2, 6, kV6Unreachable, 1, "2001:db8::fe", 7, true, SYN));
    EXPECT_EQ(h.text(1, kVerdict), "unreachable");
    EXPECT_EQ(h.text(2, kIcmp), "admin-prohibited");
    EXPECT_TRUE(contains(h.notes(2), "with ICMPv6 admin-prohibited (type 1, code 1)"))
        << h.notes(2);
}

TEST(ConnectionOutcomeIcmp, NamesOfTheUnreachableCodes) {
    EXPECT_EQ(name_of(4, 3, 0), "net-unreachable");
    EXPECT_EQ(name_of(4, 3, 1), "host-unreachable");
    EXPECT_EQ(name_of(4, 3, 2), "protocol-unreachable");
    EXPECT_EQ(name_of(4, 3, 3), "port-unreachable");
    EXPECT_EQ(name_of(4, 3, 9), "net-prohibited");
    EXPECT_EQ(name_of(4, 3, 10), "host-prohibited");
    EXPECT_EQ(name_of(4, 3, 13), "admin-prohibited");
    EXPECT_EQ(name_of(4, 3, 15), "precedence-cutoff");
    EXPECT_EQ(name_of(4, 3, 16), "unassigned-code");
    EXPECT_EQ(name_of(6, 1, 0), "net-unreachable");
    EXPECT_EQ(name_of(6, 1, 1), "admin-prohibited");
    EXPECT_EQ(name_of(6, 1, 3), "host-unreachable");
    EXPECT_EQ(name_of(6, 1, 4), "port-unreachable");
    EXPECT_EQ(name_of(6, 1, 5), "policy-failed");
    EXPECT_EQ(name_of(6, 1, 6), "reject-route");
    EXPECT_EQ(name_of(6, 1, 200), "unassigned-code");
    // Not answers to a connection attempt: path MTU discovery, other types, type 3 in v6.
    EXPECT_EQ(name_of(4, 3, 4), "<not an answer>");
    EXPECT_EQ(name_of(4, 11, 0), "<not an answer>");
    EXPECT_EQ(name_of(6, 2, 0), "<not an answer>");
    EXPECT_EQ(name_of(6, 3, 0), "<not an answer>");
    EXPECT_EQ(name_of(4, 1, 3), "<not an answer>");
}

// Wireshark cuts an expert text at 240 bytes: the longest IPv4 texts must fit.
TEST(ConnectionOutcomeIcmp, TextsFitWiresharkExpertLength) {
    Endpoint server;
    server.address = IpAddress::parse("255.255.255.255");
    server.port = 65535;
    for (const uint8_t version : {4, 6}) {
        for (int code = 0; code <= 255; ++code) {
            IcmpErrorFacts icmp;
            icmp.version = version;
            icmp.type = version == 4 ? kV4Unreachable : kV6Unreachable;
            icmp.code = static_cast<uint8_t>(code);
            const IcmpUnreachable *kind = icmp_unreachable_of(icmp);
            if (!kind) continue;
            for (const char *sender : {"255.255.255.255", "255.255.255.254"}) {
                icmp.sender = IpAddress::parse(sender);
                const Text t = unreachable_text(*kind, icmp, server, 4294967295u);
                EXPECT_LT(t.en.size(), 240u) << t.en;
                EXPECT_LT(t.ko.size(), 240u) << t.ko;
            }
        }
    }
}

TEST(ConnectionOutcomeIcmp, AQuoteOfAnotherPacketIsNoAnswer) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.icmp_error(1, 4, kV4Unreachable, 3, "10.0.0.2", 999));             // other seq
    h.feed(s.icmp_error(2, 4, kV4Unreachable, 3, "10.0.0.2", 100, true, ACK));  // not a SYN
    h.feed(s.icmp_error(3, 4, kV4Unreachable, 3, "10.0.0.1", 100, false));      // other way
    PacketFacts udp = s.icmp_error(4, 4, kV4Unreachable, 3, "10.0.0.2", 100);
    udp.icmp.quoted = Transport::Udp;
    h.feed(udp);
    for (FrameNumber f = 1; f <= 5; ++f) {
        EXPECT_FALSE(h.has(f, kVerdict)) << f;
        EXPECT_FALSE(h.has(f, kIcmp)) << f;
        EXPECT_EQ(h.notes(f), "") << f;
    }
    h.finish();
    EXPECT_EQ(h.text(1, kVerdict), "unanswered");
}

TEST(ConnectionOutcomeIcmp, FragmentationNeededIsNoAnswer) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.feed(s.icmp_error(1001, 4, kV4Unreachable, 4, "10.0.0.254", 100, true, SYN));
    EXPECT_FALSE(h.has(1, kVerdict));
    EXPECT_FALSE(h.has(3, kVerdict));
    h.finish();
    EXPECT_EQ(h.text(1, kVerdict), "unanswered");
    EXPECT_FALSE(h.has(3, kVerdict));
}

TEST(ConnectionOutcomeIcmp, AnErrorAfterTheHandshakeIsNoAnswer) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160));
    h.feed(s.icmp_error(11, 4, kV4Unreachable, 1, "10.0.0.254", 100));  // before the ACK
    h.feed(s.packet(true, 20, ACK, 101, 901, 502));
    h.feed(s.icmp_error(21, 4, kV4Unreachable, 1, "10.0.0.254", 100));  // after it
    h.finish();
    EXPECT_EQ(h.text(1, kVerdict), "established");
    EXPECT_EQ(h.number(1, kAnswer), 2);
    for (FrameNumber f : {3u, 5u}) {
        EXPECT_FALSE(h.has(f, kVerdict)) << f;
        EXPECT_EQ(h.notes(f), "") << f;
    }
    EXPECT_FALSE(h.has(1, kIcmp));
}

TEST(ConnectionOutcomeIcmp, AnErrorWithoutItsConversationIsIgnored) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80, 7);
    EngineHarness h;
    h.feed(s.icmp_error(0, 4, kV4Unreachable, 3, "10.0.0.2", 100, true, SYN));  // stream unknown
    PacketFacts no_stream = s.icmp_error(1, 4, kV4Unreachable, 3, "10.0.0.2", 100);
    no_stream.stream = kNoStream;
    h.feed(no_stream);
    h.finish();
    EXPECT_FALSE(h.has(1, kVerdict));
    EXPECT_FALSE(h.has(2, kVerdict));

    // The detector alone, as the engine calls it for an error it cannot place.
    DetectorAlone<ConnectionOutcomeFactory> alone;
    alone.detector().on_icmp_error(s.icmp_error(2, 4, kV4Unreachable, 3, "10.0.0.2", 100), nullptr);
    alone.detector().finish(0);
    EXPECT_EQ(alone.text(3, kVerdict), "<absent>");
}

TEST(ConnectionOutcomeIcmp, ASynAckAfterTheErrorStillEstablishes) {
    EngineHarness h;
    // A lone SYN (no state kept) and a retried one (state kept): both overruled.
    TcpScenario lone("10.0.0.1", 40000, "10.0.0.2", 80, 0);
    h.feed(lone.packet(true, 0, SYN, 100, 0, 64240));                     // 1
    h.feed(lone.icmp_error(5, 4, kV4Unreachable, 1, "10.0.0.254", 100));  // 2
    h.feed(lone.packet(false, 30, SYN | ACK, 900, 101, 65160));           // 3
    h.feed(lone.packet(true, 40, ACK, 101, 901, 502));                    // 4
    TcpScenario retried("10.0.0.1", 40001, "10.0.0.2", 80, 1);
    retried.set_frame(10);
    h.feed(retried.packet(true, 0, SYN, 500, 0, 64240));                        // 10
    h.feed(retried.packet(true, 1000, SYN, 500, 0, 64240));                     // 11
    h.feed(retried.icmp_error(1005, 4, kV4Unreachable, 1, "10.0.0.254", 500));  // 12
    h.feed(retried.packet(false, 1030, SYN | ACK, 900, 501, 65160));            // 13
    h.feed(retried.packet(true, 1040, ACK, 501, 901, 502));                     // 14
    h.finish();
    for (FrameNumber syn : {1u, 10u, 11u}) {
        EXPECT_EQ(h.text(syn, kVerdict), "established") << syn;
        EXPECT_FALSE(h.has(syn, kIcmp)) << syn;
    }
    EXPECT_EQ(h.number(1, kAnswer), 3);
    EXPECT_EQ(h.number(11, kAnswer), 13);
    EXPECT_EQ(h.number(4, "convdiag.conn.handshake_rtt"), ms(40));
    EXPECT_EQ(h.number(14, "convdiag.conn.handshake_rtt"), ms(40));
    EXPECT_EQ(h.summary_cell(0, "Verdict").text, "established");
    EXPECT_EQ(h.summary_cell(1, "Verdict").text, "established");
    EXPECT_EQ(h.text(2, kVerdict), "unreachable");  // what the error itself said
}

TEST(ConnectionOutcomeIcmp, ASynAfterTheErrorIsANewAttemptAsAfterARefusal) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.icmp_error(1, 4, kV4Unreachable, 13, "10.0.0.254", 100));
    h.feed(s.icmp_error(2, 4, kV4Unreachable, 13, "10.0.0.254", 100));  // a duplicate
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.finish();
    EXPECT_EQ(h.text(1, kVerdict), "unreachable");
    EXPECT_EQ(h.number(1, kAnswer), 2);
    EXPECT_FALSE(h.has(3, kVerdict));
    EXPECT_EQ(h.notes(3), "");
    EXPECT_EQ(h.text(4, kVerdict), "unanswered");
    EXPECT_EQ(h.number(4, "convdiag.conn.syn_attempts"), 1);
}

TEST(ConnectionOutcomeIcmp, ALoneSynAnsweredByAnErrorKeepsNoState) {
    DetectorAlone<ConnectionOutcomeFactory> alone;
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    TcpConversation &c = alone.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    alone.detector().on_icmp_error(s.icmp_error(1, 4, kV4Unreachable, 3, "10.0.0.2", 100), &c);
    EXPECT_EQ(c.slots.capacity(), 0u);
    EXPECT_EQ(alone.text(2, kVerdict), "unreachable");
    alone.detector().finish(0);
    EXPECT_EQ(alone.text(1, kVerdict), "unreachable");
}

TEST(ConnectionOutcomeIcmp, TheReportTeachesRejectAgainstDrop) {
    for (const Language language : {Language::English, Language::Korean}) {
        const bool ko = language == Language::Korean;
        TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
        EngineHarness h;
        ASSERT_TRUE(h.settings().set("language", ko ? 1 : 0));
        h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
        h.feed(s.icmp_error(1, 4, kV4Unreachable, 10, "10.0.0.254", 100));
        h.finish();
        ReportOptions options;
        options.language = language;
        const std::string report = build_report(h.engine(), options);
        EXPECT_TRUE(contains(report, "1 unreachable")) << report;
        EXPECT_TRUE(contains(
            report, ko ? "프레임 2: 도달 불가: 10.0.0.254" : "frame 2: Unreachable: 10.0.0.254"))
            << report;
        EXPECT_TRUE(contains(report, ko ? "drop이 아니라 거부(reject)" : "a reject, not a drop"))
            << report;
    }
}
