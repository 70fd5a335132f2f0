// The dns fields and table rows are given from one record per transaction: these read them
// back where a record alone is not enough (two queries in one TCP segment, a transaction asked
// again after its timeout) and through every change a transaction goes through.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "tests/unit/dns_test_messages.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, PSH = tcp_flag::Psh;

// Every dns field of frames 1..last, in the order the frame holds them, then the dns table.
std::string dns_dump(EngineHarness &h, FrameNumber last) {
    const Schema &schema = Engine::schema();
    std::string out;
    for (FrameNumber f = 1; f <= last; ++f) {
        const FrameResults *r = h.engine().results_for(f);
        if (!r) continue;
        for (const FieldValue &fv : r->fields) {
            const std::string &name = schema.fields()[fv.field].abbrev;
            if (name.rfind("convdiag.dns.", 0) != 0) continue;
            out += std::to_string(f) + " " + name.substr(13) + "=" + fv.value.to_display() + "\n";
        }
    }
    for (size_t t = 0; t < schema.tables().size(); ++t) {
        if (schema.tables()[t].name != "dns") continue;
        for (const auto &[key, row] : h.engine().tables().rows(static_cast<TableId>(t))) {
            out += "row " + std::to_string(key);
            for (const Value &cell : row.cells)
                out += " | " + (cell.is_set ? cell.to_display() : "");
            out += "\n";
        }
    }
    return out;
}

}  // namespace

TEST(DnsTransactionRecords, EveryChangeOfATransactionShowsOnItsFramesAndRow) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint a = ep("10.1.0.5", 40001), b = ep("2001:db8::5", 40002);
    const Endpoint s1 = ep("10.1.0.53", 53), s2 = ep("10.1.0.54", 53), s6 = ep("2001:db8::53", 53);
    h.feed(u.packet(a, s1, 0, dns_message(1, false, "one.example", 1)));
    h.feed(u.packet(a, s1, 300, dns_message(1, false, "one.example", 1)));  // asked again
    h.feed(u.packet(s1, a, 320, dns_message(1, true, "one.example", 1, 0, 1)));
    h.feed(u.packet(b, s6, 400, dns_message(2, false, "two.example", 28)));  // never answered
    h.feed(u.packet(a, s1, 500, dns_message(3, false, "three.example", 1)));
    h.feed(u.packet(a, s2, 3000, dns_message(4, false, "three.example", 1)));    // another server
    h.feed(u.packet(s1, a, 3100, dns_message(3, true, "three.example", 1, 3)));  // late: NXDOMAIN
    h.feed(u.packet(a, s2, 3200, dns_message(5, false, "four.example", 1)));
    h.feed(u.packet(s2, a, 3210, dns_message(5, true, "four.example", 1, 1)));  // FORMERR
    h.feed(u.packet(a, s1, 9000, dns_message(6, false, "five.example", 1)));
    h.feed(u.packet(a, s1, 12000, dns_message(6, false, "five.example", 1)));  // after its timeout
    h.finish();
    EXPECT_EQ(dns_dump(h, u.frame()),
              "1 query=one.example\n"
              "1 server=10.1.0.53\n"
              "1 servers_tried=1\n"
              "1 verdict=answered\n"
              "1 wait=0.320000\n"
              "2 query=one.example\n"
              "2 server=10.1.0.53\n"
              "2 servers_tried=1\n"
              "2 verdict=answered\n"
              "2 wait=0.320000\n"
              "3 verdict=answered\n"
              "3 query=one.example\n"
              "3 server=10.1.0.53\n"
              "3 wait=0.320000\n"
              "3 servers_tried=1\n"
              "4 query=two.example\n"
              "4 server=2001:db8::53\n"
              "4 servers_tried=1\n"
              "4 verdict=no-response\n"
              "5 query=three.example\n"
              "5 server=10.1.0.53\n"
              "5 servers_tried=2\n"
              "5 verdict=nxdomain\n"
              "5 wait=2.600000\n"
              "6 query=three.example\n"
              "6 server=10.1.0.54\n"
              "6 servers_tried=2\n"
              "6 verdict=no-response\n"
              "7 verdict=nxdomain\n"
              "7 query=three.example\n"
              "7 server=10.1.0.53\n"
              "7 wait=2.600000\n"
              "7 servers_tried=2\n"
              "8 query=four.example\n"
              "8 server=10.1.0.54\n"
              "8 servers_tried=1\n"
              "8 wait=0.010000\n"
              "9 query=four.example\n"
              "9 server=10.1.0.54\n"
              "9 wait=0.010000\n"
              "9 servers_tried=1\n"
              "10 query=five.example\n"
              "10 server=10.1.0.53\n"
              "10 servers_tried=1\n"
              "10 verdict=no-response\n"
              "11 query=five.example\n"
              "11 server=10.1.0.53\n"
              "11 servers_tried=1\n"
              "11 verdict=no-response\n"
              "row 1 | 10.1.0.5 | 10.1.0.53 | one.example | A | answered | 0.320000 | 1\n"
              "row 4 | 2001:db8::5 | 2001:db8::53 | two.example | AAAA | no-response |  | 1\n"
              "row 5 | 10.1.0.5 | 10.1.0.53 | three.example | A | nxdomain | 2.600000 | 2\n"
              "row 6 | 10.1.0.5 | 10.1.0.54 | three.example | A | no-response |  | 2\n"
              "row 8 | 10.1.0.5 | 10.1.0.54 | four.example | A | FORMERR | 0.010000 | 1\n"
              "row 10 | 10.1.0.5 | 10.1.0.53 | five.example | A | no-response |  | 1\n"
              "row 11 | 10.1.0.5 | 10.1.0.53 | five.example | A | no-response |  | 1\n");
}

TEST(DnsTransactionRecords, TwoQueriesInOneTcpSegment) {
    TcpScenario t("10.0.0.2", 1108, "10.0.0.1", 53);
    EngineHarness h;
    h.feed(t.packet(true, 0, SYN, 1000, 0, 8192));
    h.feed(t.packet(false, 1, SYN | ACK, 5000, 1001, 8192));
    h.feed(t.packet(true, 2, ACK, 1001, 5001, 8192));
    const std::string q = tcp_framed(dns_message(7, false, "a.example", 1)) +
                          tcp_framed(dns_message(8, false, "b.example", 1));
    h.feed(t.packet(true, 3, PSH | ACK, 1001, 5001, 8192, q));
    const std::string r = tcp_framed(dns_message(7, true, "a.example", 1, 0, 1)) +
                          tcp_framed(dns_message(8, true, "b.example", 1, 2));
    h.feed(t.packet(false, 10, PSH | ACK, 5001, 1001 + static_cast<uint32_t>(q.size()), 8192, r));
    h.finish();
    // The later message of the segment is what the frame and the row show.
    EXPECT_EQ(dns_dump(h, 5),
              "4 query=b.example\n"
              "4 server=10.0.0.1\n"
              "4 servers_tried=1\n"
              "4 verdict=server-failure\n"
              "4 wait=0.007000\n"
              "5 verdict=server-failure\n"
              "5 query=b.example\n"
              "5 server=10.0.0.1\n"
              "5 wait=0.007000\n"
              "5 servers_tried=1\n"
              "row 4 | 10.0.0.2 | 10.0.0.1 | b.example | A | server-failure | 0.007000 | 1\n");
}

TEST(DnsTransactionRecords, ANameThatIsNotUtf8IsShownRepaired) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint a = ep("10.1.0.5", 40001), s = ep("10.1.0.53", 53);
    const std::string name = std::string("bad\xff") + "name.example";
    h.feed(u.packet(a, s, 0, dns_message(1, false, name, 1)));
    h.feed(u.packet(s, a, 5, dns_message(1, true, name, 1, 0, 1)));
    const std::string shown = "bad\xEF\xBF\xBDname.example";  // U+FFFD, as Wireshark shows it
    EXPECT_EQ(h.text(1, "convdiag.dns.query"), shown);
    EXPECT_EQ(h.text(2, "convdiag.dns.query"), shown);
    EXPECT_NE(dns_dump(h, 2).find("| " + shown + " |"), std::string::npos) << dns_dump(h, 2);
}
