// The per-conversation storage of the TCP state: the tracker's pages, the detectors'
// slots, and the timing state's two tiers (SYN facts first, data state later).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "expert/detectors/tcp_timing/sent_segment_ledger.h"
#include "expert/tcp/tcp_conversation_tracker.h"
#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst,
                   FIN = tcp_flag::Fin;

struct CountedState : ConversationState {
    explicit CountedState(int *alive = nullptr) : alive_(alive) {
        if (alive_) ++*alive_;
    }
    ~CountedState() override {
        if (alive_) --*alive_;
    }
    int *alive_;
    int value = 0;
};

PacketFacts tcp_packet(uint32_t stream, uint16_t flags = SYN) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80, stream);
    return s.packet(true, 0, flags, 100, 0, 1000);
}

}  // namespace

TEST(ConversationSlots, AllocatedOnFirstUseAndReleasedByTheirOwner) {
    TcpConversation c;
    EXPECT_EQ(c.slots.capacity(), 0u);
    EXPECT_EQ(c.existing_slot<CountedState>(3), nullptr);
    c.slot<CountedState>(3).value = 7;
    EXPECT_EQ(c.slots.capacity(), 2u);  // sized to the slots used, not to the catalog
    EXPECT_EQ(c.existing_slot<CountedState>(3)->value, 7);
    EXPECT_EQ(c.existing_slot<CountedState>(2), nullptr);
    // More slots grow the block and keep the others.
    c.slot<CountedState>(7).value = 9;
    c.slot<CountedState>(0).value = 5;
    EXPECT_EQ(c.slots.capacity(), 4u);
    EXPECT_EQ(c.existing_slot<CountedState>(3)->value, 7);
    EXPECT_EQ(c.existing_slot<CountedState>(7)->value, 9);
    EXPECT_EQ(c.existing_slot<CountedState>(0)->value, 5);
    c.release_slot(3);
    EXPECT_EQ(c.existing_slot<CountedState>(3), nullptr);
    EXPECT_EQ(c.existing_slot<CountedState>(7)->value, 9);
    // A released slot gives its place back: the block shrinks, the others keep theirs.
    c.release_slot(0);
    EXPECT_EQ(c.slots.capacity(), 2u);
    EXPECT_EQ(c.existing_slot<CountedState>(0), nullptr);
    EXPECT_EQ(c.existing_slot<CountedState>(7)->value, 9);
    c.slot<CountedState>(3).value = 11;
    EXPECT_EQ(c.existing_slot<CountedState>(3)->value, 11);
    EXPECT_EQ(c.existing_slot<CountedState>(7)->value, 9);
    c.release_slot(7);
    c.release_slot(3);
    EXPECT_EQ(c.slots.capacity(), 0u);
    c.release_slot(200);  // never allocated: nothing happens
    EXPECT_EQ(c.existing_slot<CountedState>(200), nullptr);
}

TEST(ConversationSlots, EverySlotKeepsItsOwnStateWhateverTheOrderOfFirstUse) {
    for (const uint16_t start : {0, 3, 7}) {
        SCOPED_TRACE(start);
        TcpConversation c;
        for (uint16_t i = 0; i < ConversationSlots::kMaxSlots; ++i) {
            const uint16_t index = (start + i * 3) % ConversationSlots::kMaxSlots;
            c.slot<CountedState>(index).value = 100 + index;
            for (uint16_t j = 0; j <= i; ++j) {
                const uint16_t earlier = (start + j * 3) % ConversationSlots::kMaxSlots;
                ASSERT_NE(c.existing_slot<CountedState>(earlier), nullptr);
                EXPECT_EQ(c.existing_slot<CountedState>(earlier)->value, 100 + earlier);
            }
        }
        EXPECT_EQ(c.slots.capacity(), ConversationSlots::kMaxSlots);
    }
}

TEST(ConversationSlots, ReleasingInAnyOrderKeepsEveryOtherState) {
    for (const uint16_t step : {1, 3, 5}) {
        SCOPED_TRACE(step);
        int alive = 0;
        TcpConversation c;
        for (uint16_t i = 0; i < ConversationSlots::kMaxSlots; ++i) {
            auto state = std::make_unique<CountedState>(&alive);
            state->value = i;
            c.slots.put(i, std::move(state));
        }
        std::vector<bool> released(ConversationSlots::kMaxSlots, false);
        for (uint16_t n = 0; n < ConversationSlots::kMaxSlots; ++n) {
            const uint16_t index = (n * step + 2) % ConversationSlots::kMaxSlots;
            c.release_slot(index);
            released[index] = true;
            EXPECT_EQ(alive, ConversationSlots::kMaxSlots - n - 1);
            for (uint16_t i = 0; i < ConversationSlots::kMaxSlots; ++i) {
                const CountedState *s = c.existing_slot<CountedState>(i);
                ASSERT_EQ(s == nullptr, released[i]) << i;
                if (s) {
                    EXPECT_EQ(s->value, i);
                }
            }
        }
        EXPECT_EQ(c.slots.capacity(), 0u);
    }
}

TEST(ConversationSlots, TheCatalogFitsTheBlockHeader) {
    EXPECT_LE(Engine::schema().conversation_slots(), ConversationSlots::kMaxSlots)
        << "raise ConversationSlots::kMaxSlots";
    TcpConversation c;
    EXPECT_THROW(c.slots.put(ConversationSlots::kMaxSlots, std::make_unique<CountedState>()),
                 std::out_of_range);
}

TEST(ConversationSlots, StatesAreDestroyedWithTheConversation) {
    int alive = 0;
    {
        TcpConversation c;
        c.slots.put(1, std::make_unique<CountedState>(&alive));
        c.slots.put(6, std::make_unique<CountedState>(&alive));
        c.slots.put(6, std::make_unique<CountedState>(&alive));  // replaces the first one
        EXPECT_EQ(alive, 2);
        c.release_slot(1);
        EXPECT_EQ(alive, 1);
    }
    EXPECT_EQ(alive, 0);
}

TEST(TcpConversationTracker, PagesKeepConversationsInPlaceAndInStreamOrder) {
    TcpConversationTracker t;
    EXPECT_EQ(t.find(0), nullptr);
    TcpConversation *first = t.lookup(tcp_packet(5));
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->stream, 5u);
    EXPECT_TRUE(first->roles_from_handshake);
    // Streams far apart land in other pages; earlier conversations do not move.
    TcpConversation *far = t.lookup(tcp_packet(70000));
    TcpConversation *near = t.lookup(tcp_packet(2));
    EXPECT_EQ(t.lookup(tcp_packet(5)), first);
    EXPECT_EQ(t.find(70000), far);
    EXPECT_EQ(t.find(2), near);
    EXPECT_EQ(t.find(3), nullptr);
    EXPECT_EQ(t.find(1u << 30), nullptr);
    EXPECT_EQ(t.size(), 3u);
    std::vector<uint32_t> order;
    t.for_each([&](const TcpConversation &c) { order.push_back(c.stream); });
    EXPECT_EQ(order, (std::vector<uint32_t>{2, 5, 70000}));
}

// Every conversation of the capture has one (a SYN flood makes a million): its size is
// the tracker's memory. 120 bytes of fields the detectors read, and the slots' pointer.
TEST(TcpConversationTracker, AConversationTakes128Bytes) {
    if (sizeof(void *) != 8) GTEST_SKIP() << "sized for 64-bit pointers";
    EXPECT_EQ(sizeof(ConversationSlots), 8u);
    EXPECT_LE(sizeof(TcpConversation), 128u);
}

TEST(TcpConversationTracker, IgnoresPacketsWithoutAUsableStream) {
    TcpConversationTracker t;
    PacketFacts no_stream = tcp_packet(0);
    no_stream.stream = kNoStream;
    EXPECT_EQ(t.lookup(no_stream), nullptr);
    EXPECT_EQ(t.lookup(tcp_packet(1u << 27)), nullptr);  // wild: not from Wireshark
    PacketFacts udp = tcp_packet(1);
    udp.transport = Transport::Udp;
    EXPECT_EQ(t.lookup(udp), nullptr);
    EXPECT_EQ(t.size(), 0u);
}

TEST(TcpConversationTracker, FlowFlagsStartClearAndFollowThePackets) {
    TcpConversationTracker t;
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    const PacketFacts syn = s.packet(true, 0, SYN, 100, 0, 1000);
    TcpConversation *c = t.lookup(syn);
    ASSERT_NE(c, nullptr);
    const TcpFlow &client = c->flow[kClientToServer];
    EXPECT_FALSE(client.seen || client.isn_known || client.next_seq_known || client.ack_known ||
                 client.fin_sent || client.rst_sent);
    t.advance(*c, syn);
    const TcpFlow &after_syn = t.find(0)->flow[kClientToServer];  // was a lone SYN
    EXPECT_TRUE(after_syn.seen && after_syn.isn_known && after_syn.next_seq_known);
    EXPECT_EQ(after_syn.next_seq, 101u);
    const PacketFacts fin = s.packet(true, 5, FIN | ACK, 101, 1, 1000);
    t.advance(*t.lookup(fin), fin);
    EXPECT_TRUE(after_syn.fin_sent && after_syn.ack_known);  // in place from find() on
    EXPECT_FALSE(after_syn.rst_sent);
}

namespace {

// Every field the detectors read, as text, to compare two conversations.
std::string state_of(const TcpConversation &c) {
    std::string out = std::to_string(c.stream) + " " + c.client.to_string() + " " +
                      c.server.to_string() + " " + std::to_string(c.roles_from_handshake) +
                      std::to_string(c.syn_seen) + std::to_string(c.syn_ack_seen) +
                      std::to_string(c.closed) + std::to_string(c.retired) +
                      std::to_string(c.reset_by_server) + " " + std::to_string(c.first_frame) +
                      " " + std::to_string(c.packets) + " " + std::to_string(c.first_time) + " " +
                      std::to_string(c.last_time) + " " + std::to_string(c.slots.capacity());
    for (const TcpFlow &f : c.flow)
        out += " [" + std::to_string(f.isn) + " " + std::to_string(f.next_seq) + " " +
               std::to_string(f.highest_ack) + " " + std::to_string(f.last_frame) + " " +
               std::to_string(f.mss) + " " + std::to_string(f.last_window_raw) + " " +
               std::to_string(f.syn_window_scale) + " " + std::to_string(f.seen) +
               std::to_string(f.isn_known) + std::to_string(f.next_seq_known) +
               std::to_string(f.ack_known) + std::to_string(f.fin_sent) +
               std::to_string(f.rst_sent) + "]";
    return out;
}

}  // namespace

TEST(TcpConversationTracker, ALoneSynIsKeptCompactAndRebuiltExactly) {
    EXPECT_LE(sizeof(TcpConversationTracker::LoneSyn), 64u);
    TcpConversationTracker t, reference_tracker;
    TcpScenario s("10.0.0.1", 40000, "2001:db8::2", 80, 3);
    PacketFacts syn = s.packet(true, 7, SYN, 0xFFFFFFF0u, 0, 29200, "early data");
    syn.tcp.mss = 1460;
    syn.tcp.window_scale = 7;
    t.advance(*t.lookup(syn), syn);
    // The same packet on a conversation that stays whole: a detector's slot keeps it.
    TcpConversation &reference = *reference_tracker.lookup(syn);
    reference.slot<CountedState>(0);
    reference_tracker.advance(reference, syn);
    EXPECT_EQ(reference_tracker.lone_syns(), 0u);
    reference.release_slot(0);
    const std::string expected = state_of(reference);
    EXPECT_EQ(t.lone_syns(), 1u);
    EXPECT_EQ(t.size(), 1u);
    std::string seen;
    EXPECT_TRUE(t.visit(3, [&](const TcpConversation &c) { seen = state_of(c); }));
    EXPECT_EQ(seen, expected);
    EXPECT_FALSE(t.visit(4, [&](const TcpConversation &) { ADD_FAILURE(); }));
    int visited = 0;
    t.for_each([&](const TcpConversation &c) {
        ++visited;
        EXPECT_EQ(state_of(c), expected);
    });
    EXPECT_EQ(visited, 1);
    EXPECT_EQ(t.lone_syns(), 1u);  // visit and for_each make nothing
    const TcpConversation *found = t.find(3);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(state_of(*found), expected);
    EXPECT_EQ(t.lone_syns(), 0u);
    EXPECT_EQ(t.find(3), found);  // in place from now on

    // The second packet finds the whole conversation, as if it had never been compact.
    TcpConversationTracker u;
    TcpScenario s2("10.0.0.1", 40001, "10.0.0.2", 80, 9);
    const PacketFacts first = s2.packet(true, 0, SYN, 500, 0, 1000);
    u.advance(*u.lookup(first), first);
    EXPECT_EQ(u.lone_syns(), 1u);
    const PacketFacts again = s2.packet(true, 1000, SYN, 500, 0, 1000);
    TcpConversation *c = u.lookup(again);
    EXPECT_EQ(u.lone_syns(), 0u);
    EXPECT_EQ(c->packets, 1u);
    EXPECT_EQ(c->first_frame, first.frame);
    u.advance(*c, again);
    EXPECT_EQ(u.find(9)->packets, 2u);
    EXPECT_EQ(u.lone_syns(), 0u);

    // Not lone: a SYN/ACK, a RST, a FIN.
    TcpConversationTracker v;
    uint32_t stream = 20;
    for (uint16_t flags : {uint16_t(SYN | ACK), uint16_t(SYN | RST), uint16_t(SYN | FIN), ACK}) {
        TcpScenario other("10.0.0.1", 40002, "10.0.0.2", 80, stream++);
        const PacketFacts p = other.packet(true, 0, flags, 1, 1, 1000);
        v.advance(*v.lookup(p), p);
    }
    EXPECT_EQ(v.lone_syns(), 0u);
    EXPECT_EQ(v.size(), 4u);
}

TEST(TcpConversationTracker, AnIpv4LoneSynIsKeptInItsOwnTierAndRebuiltExactly) {
    EXPECT_LE(sizeof(TcpConversationTracker::LoneSyn4), 36u);
    // Both tiers in one tracker: IPv4 (a time beyond 32 bits, a large ISN, a payload), IPv6,
    // and IPv4 to IPv6; each rebuilt as the conversation a detector's slot kept whole.
    TcpConversationTracker t;
    std::vector<std::string> expected;
    const char *servers[] = {"192.0.2.80", "2001:db8::2", "10.0.0.2"};
    for (uint32_t i = 0; i < 3; ++i) {
        TcpScenario s(i == 1 ? "2001:db8::1" : "10.0.0.1", static_cast<uint16_t>(65535 - i),
                      servers[i], 443, i);
        PacketFacts syn = s.packet(true, 5'000'000.5 + i, SYN, 0xFFFFFFF0u - i, 0, 65535, "data");
        syn.tcp.mss = static_cast<uint16_t>(1460 - i);
        syn.tcp.window_scale = static_cast<int8_t>(14 - i);
        t.advance(*t.lookup(syn), syn);
        TcpConversationTracker reference_tracker;
        TcpConversation &reference = *reference_tracker.lookup(syn);
        reference.slot<CountedState>(0);
        reference_tracker.advance(reference, syn);
        reference.release_slot(0);
        expected.push_back(state_of(reference));
        const TcpConversation *whole = reference_tracker.find(i);
        t.visit(i, [&](const TcpConversation &c) {
            EXPECT_EQ(c.client, whole->client);  // every byte of the address, not its text
            EXPECT_EQ(c.server, whole->server);
        });
    }
    EXPECT_EQ(t.lone_syns(), 3u);
    uint32_t seen = 0;
    t.for_each([&](const TcpConversation &c) { EXPECT_EQ(state_of(c), expected[seen++]); });
    EXPECT_EQ(seen, 3u);
    // Made whole and given back: the IPv4 record's place is reused by the next IPv4 SYN.
    EXPECT_EQ(state_of(*t.find(0)), expected[0]);
    EXPECT_EQ(state_of(*t.find(2)), expected[2]);
    EXPECT_EQ(t.lone_syns(), 1u);
    TcpScenario s("10.0.0.9", 1, "10.0.0.2", 80, 3);
    const PacketFacts syn = s.packet(true, 1, SYN, 7, 0, 1000);
    t.advance(*t.lookup(syn), syn);
    EXPECT_EQ(t.lone_syns(), 2u);
    EXPECT_EQ(state_of(*t.find(1)), expected[1]);
    EXPECT_EQ(t.find(3)->client.to_string(), "10.0.0.9:1");
}

TEST(TcpConversationTracker, PlacesOfLoneSynsAndConversationsAreReused) {
    TcpConversationTracker t;
    for (uint32_t i = 0; i < 1000; ++i) {
        TcpScenario s("10.0.0.1", static_cast<uint16_t>(1000 + i), "10.0.0.2", 80, i);
        const PacketFacts syn = s.packet(true, i, SYN, i, 0, 1000);
        TcpConversation *c = t.lookup(syn);
        EXPECT_EQ(c->packets, 0u);
        EXPECT_EQ(c->stream, i);
        EXPECT_EQ(c->slots.capacity(), 0u);
        t.advance(*c, syn);
        if (i % 2) {  // every other one made whole again: its place is reused
            EXPECT_EQ(t.find(i - 1)->stream, i - 1);
        }
    }
    EXPECT_EQ(t.size(), 1000u);
    EXPECT_EQ(t.lone_syns(), 500u);
    std::vector<uint32_t> order;
    t.for_each([&](const TcpConversation &c) { order.push_back(c.stream); });
    ASSERT_EQ(order.size(), 1000u);
    for (uint32_t i = 0; i < 1000; ++i) EXPECT_EQ(order[i], i);
}

TEST(SentSegmentLedgerStorage, RingGoesBackWhenEmptyAndRestoredSegmentsKeepTheirHistory) {
    SentSegmentLedger l;
    l.record(100, 200, 100, 10, 1);
    l.record(200, 300, 100, 15, 2);
    EXPECT_EQ(l.ring_capacity(), 2u);
    l.acknowledge(200);  // still one outstanding: kept
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l.ring_capacity(), 2u);
    EXPECT_EQ(l.front().end, 300u);
    l.acknowledge(300);
    EXPECT_EQ(l.size(), 0u);
    EXPECT_EQ(l.ring_capacity(), 0u);
    // The acknowledged segments are still known to a late retransmission of them.
    EXPECT_EQ(l.recently_acked(), 2u);
    ASSERT_NE(l.find_recently_acked(250, 260), nullptr);
    EXPECT_EQ(l.find_recently_acked(250, 260)->first_frame, 2u);
    l.record(300, 400, 100, 20, 3);  // grows again after a release
    EXPECT_EQ(l.ring_capacity(), 2u);
    EXPECT_TRUE(l.acknowledge(400).exact);

    SentSegment resent;
    resent.seq = 400;
    resent.end = 401;
    resent.transmissions = 3;
    resent.first_frame = 7;
    l.restore(resent);
    const AckOutcome out = l.acknowledge(401);
    EXPECT_TRUE(out.exact);
    EXPECT_TRUE(out.timed.retransmitted());
    EXPECT_FALSE(out.timed.carries_payload);
    EXPECT_EQ(out.timed.first_frame, 7u);

    l.clear();
    EXPECT_EQ(l.recently_acked(), 0u);
    EXPECT_EQ(l.find_recently_acked(250, 260), nullptr);
}

TEST(SentSegmentLedgerStorage, RemembersTheLastEightAcknowledgedSegments) {
    SentSegmentLedger l;
    for (uint32_t i = 0; i < 11; ++i) {
        l.record(i * 10, i * 10 + 10, 10, 100 + i, i + 1);
        l.acknowledge(i * 10 + 10);
    }
    EXPECT_EQ(l.recently_acked(), SentSegmentLedger::kRecentlyAcked);
    EXPECT_EQ(l.find_recently_acked(0, 30), nullptr);  // the three oldest are forgotten
    ASSERT_NE(l.find_recently_acked(0, 40), nullptr);
    EXPECT_EQ(l.find_recently_acked(0, 40)->first_frame, 4u);
    // Of several overlapping, the one sent last.
    EXPECT_EQ(l.find_recently_acked(30, 110)->first_frame, 11u);
    l.find_recently_acked(50, 60)->last_sent = 1000;
    EXPECT_EQ(l.find_recently_acked(30, 110)->first_frame, 6u);
}

TEST(SentSegmentLayout, StaysSmall) {
    // Eight of them per direction are remembered after acknowledgement.
    EXPECT_LE(sizeof(SentSegment), 24u);
}

// The SYN is kept outside the ledger until the first ACK: the SYN/ACK must still time it,
// and must not when the SYN was sent again (Karn).
TEST(TcpTimingTiers, SynAckTimesTheSynRememberedBeforeTheLedgerExisted) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 30, SYN | ACK, 700, 101, 65160));
    EXPECT_EQ(h.number(2, "convdiag.tcp.rtt"), ms(30));

    TcpScenario r("10.0.0.1", 40001, "10.0.0.2", 80, 1);
    r.set_frame(10);
    h.feed(r.packet(true, 0, SYN, 300, 0, 64240));              // 10
    h.feed(r.packet(true, 1000, SYN, 300, 0, 64240));           // 11
    h.feed(r.packet(false, 1030, SYN | ACK, 900, 301, 65160));  // 12
    EXPECT_EQ(h.text(11, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_FALSE(h.has(12, "convdiag.tcp.rtt"));
    EXPECT_FALSE(h.has(12, "convdiag.tcp.retrans.cause"));
}

TEST(TcpTimingTiers, ARefusedAttemptForgetsItsSyn) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1, RST | ACK, 0, 101, 0));
    // A late SYN/ACK after the RST times nothing: the RST emptied the ledger.
    h.feed(s.packet(false, 5, SYN | ACK, 700, 101, 65160));
    EXPECT_FALSE(h.has(3, "convdiag.tcp.rtt"));
}

// The SYN tier holds the client's SYN only: a SYN from the other side (simultaneous open)
// brings the connection tier, and both SYNs are still timed and counted.
TEST(TcpTimingTiers, SimultaneousOpenTimesBothSyns) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));             // 1
    h.feed(s.packet(false, 10, SYN, 700, 0, 65160));           // 2
    h.feed(s.packet(false, 1010, SYN, 700, 0, 65160));         // 3: resent
    h.feed(s.packet(true, 1040, SYN | ACK, 100, 701, 64240));  // 4: resends the SYN, acks 700
    EXPECT_EQ(h.text(3, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.trigger"), 2);
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.waited"), ms(1000));
    EXPECT_EQ(h.text(4, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_EQ(h.number(4, "convdiag.tcp.retrans.trigger"), 1);
    EXPECT_FALSE(h.has(4, "convdiag.tcp.rtt"));  // Karn: the server's SYN was sent twice
}

// A new SYN on the ports of a connection starts its timing afresh, but the summary
// keeps counting the retransmissions of both.
TEST(TcpTimingTiers, PortReuseStartsAfreshAndKeepsTheCounts) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));              // 1
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));           // 2: syn-rto
    h.feed(s.packet(false, 1030, SYN | ACK, 700, 101, 65160));  // 3
    h.feed(s.packet(true, 1031, ACK, 101, 701, 502));           // 4: times the SYN/ACK
    EXPECT_EQ(h.number(4, "convdiag.tcp.rtt"), ms(1));
    h.feed(s.packet(true, 5000, SYN, 900, 0, 64240));           // 5: a new connection
    h.feed(s.packet(true, 6000, SYN, 900, 0, 64240));           // 6: syn-rto, attempt 1
    h.feed(s.packet(false, 6020, SYN | ACK, 300, 901, 65160));  // 7
    EXPECT_EQ(h.number(6, "convdiag.tcp.retrans.attempt"), 1);
    EXPECT_EQ(h.number(6, "convdiag.tcp.retrans.trigger"), 5);
    EXPECT_FALSE(h.has(7, "convdiag.tcp.rtt"));        // Karn
    h.feed(s.packet(true, 6050, ACK, 901, 301, 502));  // 8
    EXPECT_EQ(h.number(8, "convdiag.tcp.rtt"), ms(30));
}

TEST(TcpTimingTiers, TextsAreWrittenInTheAnalysisLanguage) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.settings().set(static_cast<PrefId>(Engine::schema().pref_index("language")), 1);
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    const FrameResults *r = h.engine().results_for(2);
    ASSERT_NE(r, nullptr);
    ASSERT_EQ(r->notes.size(), 1u);
    const std::string text = r->notes[0].text.in(Language::Korean);
    EXPECT_NE(text.find("SYN 재전송"), std::string::npos) << text;
    EXPECT_EQ(text.find("retransmission"), std::string::npos) << text;
}
