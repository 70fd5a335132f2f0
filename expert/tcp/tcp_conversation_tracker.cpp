#include "expert/tcp/tcp_conversation_tracker.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {
// Wireshark numbers streams densely from 0; a wild value means the facts are not
// from Wireshark, and a vector indexed by it would explode.
constexpr uint32_t kMaxStreams = 1u << 26;
}  // namespace

uint32_t TcpConversationTracker::new_full() const {
    if (!free_full_.empty()) {
        const uint32_t index = free_full_.back();
        free_full_.pop_back();
        return index;
    }
    if ((full_used_ >> kChunkBits) == full_.size())
        full_.emplace_back(new TcpConversation[size_t{1} << kChunkBits]);
    return full_used_++;
}

void TcpConversationTracker::rebuild(uint32_t stream, const LoneSyn &lone, TcpConversation &c) {
    // What lookup() and advance() made of the SYN.
    c.stream = stream;
    c.client = lone.client;
    c.server = lone.server;
    c.roles_from_handshake = true;
    c.syn_seen = true;
    c.first_frame = lone.syn.frame;
    c.packets = 1;
    c.first_time = c.last_time = lone.time;
    TcpFlow &flow = c.flow[kClientToServer];
    flow.seen = flow.isn_known = flow.next_seq_known = true;
    flow.isn = lone.syn.isn;
    flow.next_seq = lone.syn.isn + 1 + lone.syn.payload;
    flow.last_frame = lone.syn.frame;
    flow.last_window_raw = lone.syn.window;
    flow.mss = lone.syn.mss;
    flow.syn_window_scale = lone.syn.window_scale;
}

namespace {

// An IPv4 address as the 4 bytes it keeps (and back): only one whose other bytes are zero,
// as every IPv4 address made by IpAddress is, fits.
bool fits_four(const IpAddress &a) {
    static const uint8_t zeros[12] = {};
    return a.family == 4 && std::memcmp(a.bytes + 4, zeros, sizeof zeros) == 0;
}
uint32_t four_of(const IpAddress &a) {
    uint32_t v;
    std::memcpy(&v, a.bytes, 4);
    return v;
}
IpAddress address_of_four(uint32_t v) {
    IpAddress a;
    a.family = 4;
    std::memcpy(a.bytes, &v, 4);
    return a;
}

}  // namespace

TcpConversationTracker::LoneSyn TcpConversationTracker::lone_of(uint32_t ref) const {
    const uint32_t index = ref & kLoneIndex;
    if (!(ref & kFourBit)) return lone_[index];
    const LoneSyn4 &four = lone4_[index];
    LoneSyn lone;
    lone.time = static_cast<Nanoseconds>((uint64_t{four.time_high} << 32) | four.time_low);
    lone.client = Endpoint{address_of_four(four.client), four.client_port};
    lone.server = Endpoint{address_of_four(four.server), four.server_port};
    lone.syn = four.syn;
    return lone;
}

namespace {

// Puts `item` in a place given back earlier, or at the end; its index.
template <typename T, unsigned Bits>
uint32_t place(ChunkedArray<T, Bits> &records, std::vector<uint32_t> &free, const T &item) {
    if (free.empty()) return records.push_back(item);
    const uint32_t index = free.back();
    free.pop_back();
    records[index] = item;
    return index;
}

}  // namespace

uint32_t TcpConversationTracker::store_lone(const LoneSyn &lone) {
    if (!fits_four(lone.client.address) || !fits_four(lone.server.address)) {
        const uint32_t index = place(lone_, free_lone_, lone);
        return index > kLoneIndex ? kNone : index | kLoneBit;  // 2^30 of them: never
    }
    LoneSyn4 four;
    const auto time = static_cast<uint64_t>(lone.time);
    four.time_low = static_cast<uint32_t>(time);
    four.time_high = static_cast<uint32_t>(time >> 32);
    four.client = four_of(lone.client.address);
    four.server = four_of(lone.server.address);
    four.client_port = lone.client.port;
    four.server_port = lone.server.port;
    four.syn = lone.syn;
    const uint32_t index = place(lone4_, free_lone4_, four);
    return index > kLoneIndex ? kNone : index | kLoneBit | kFourBit;
}

void TcpConversationTracker::free_lone(uint32_t ref) const {
    (ref & kFourBit ? free_lone4_ : free_lone_).push_back(ref & kLoneIndex);
}

TcpConversationTracker::Opening TcpConversationTracker::opening_of(uint32_t stream) const {
    Opening o;
    const uint32_t ref = ref_of(stream);
    if (ref == kNone) return o;
    o.stream = stream;
    if (ref & kLoneBit) {
        const LoneSyn lone = lone_of(ref);
        o.client = lone.client;
        o.server = lone.server;
        o.first_frame = lone.syn.frame;
        o.first_time = lone.time;
        return o;
    }
    const TcpConversation &c = full(ref);
    o.client = c.client;
    o.server = c.server;
    o.first_frame = c.first_frame;
    o.first_time = c.first_time;
    return o;
}

const TcpConversation *TcpConversationTracker::make_whole(uint32_t stream, uint32_t ref) const {
    const uint32_t index = new_full();
    rebuild(stream, lone_of(ref), full(index));
    free_lone(ref);
    ref_at(stream) = index;
    return &full(index);
}

TcpConversation *TcpConversationTracker::lookup(const PacketFacts &packet) {
    if (!packet.is_tcp() || packet.stream == kNoStream || packet.stream >= kMaxStreams)
        return nullptr;
    const size_t page = packet.stream >> kPageBits;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) {
        pages_[page].reset(new uint32_t[kPageSize]);
        std::fill(pages_[page].get(), pages_[page].get() + kPageSize, kNone);
    }
    uint32_t &ref = pages_[page][packet.stream & (kPageSize - 1)];
    if (ref != kNone) return find(packet.stream);
    ++count_;
    ref = new_full();
    TcpConversation &c = full(ref);
    c.stream = packet.stream;
    const bool syn_only = packet.tcp.has(tcp_flag::Syn) && !packet.tcp.has(tcp_flag::Ack);
    const bool syn_ack = packet.tcp.has(tcp_flag::Syn) && packet.tcp.has(tcp_flag::Ack);
    // A capture that starts with the SYN/ACK still tells us who the server is.
    c.client = syn_ack ? packet.dst : packet.src;
    c.server = syn_ack ? packet.src : packet.dst;
    c.roles_from_handshake = syn_only || syn_ack;
    c.first_frame = packet.frame;
    c.first_time = packet.time;
    return &c;
}

void TcpConversationTracker::keep_if_lone(TcpConversation &c) {
    const TcpFlow &flow = c.flow[kClientToServer];
    const uint32_t payload = flow.next_seq - flow.isn - 1;
    if (c.packets != 1 || !c.syn_seen || c.syn_ack_seen || !c.roles_from_handshake || c.closed ||
        c.retired || c.slots.capacity() != 0 || c.flow[kServerToClient].seen || !flow.seen ||
        !flow.isn_known || !flow.next_seq_known || flow.ack_known || flow.fin_sent ||
        flow.rst_sent || payload > UINT16_MAX || c.last_time != c.first_time ||
        flow.last_frame != c.first_frame)
        return;
    LoneSyn lone;
    lone.time = c.first_time;
    lone.client = c.client;
    lone.server = c.server;
    lone.syn.frame = c.first_frame;
    lone.syn.isn = flow.isn;
    lone.syn.payload = static_cast<uint16_t>(payload);
    lone.syn.window = flow.last_window_raw;
    lone.syn.mss = flow.mss;
    lone.syn.window_scale = flow.syn_window_scale;
    const uint32_t lone_ref = store_lone(lone);
    if (lone_ref == kNone) return;
    uint32_t &ref = ref_at(c.stream);
    free_full_.push_back(ref);
    ref = lone_ref;
    c.~TcpConversation();
    new (&c) TcpConversation();
}

void TcpConversationTracker::advance(TcpConversation &c, const PacketFacts &p) {
    const Direction dir = c.direction_of(p);
    TcpFlow &flow = c.flow[dir];
    const auto &tcp = p.tcp;
    ++c.packets;
    c.last_time = p.time;
    flow.seen = true;
    flow.last_frame = p.frame;
    flow.last_window_raw = tcp.window;

    if (tcp.has(tcp_flag::Syn)) {
        if (tcp.has(tcp_flag::Ack)) {
            c.syn_ack_seen = true;
        } else {
            c.syn_seen = true;
        }
        flow.isn_known = true;
        flow.isn = tcp.seq;
        if (tcp.options_complete) {
            flow.syn_window_scale = tcp.window_scale;
            flow.mss = tcp.mss;
        }
    }
    if (tcp.has(tcp_flag::Rst) && !rst_ignored_by_client(c, dir, tcp)) {
        if (!c.flow[0].rst_sent && !c.flow[1].rst_sent) c.reset_by_server = dir == kServerToClient;
        flow.rst_sent = true;
    }
    if (tcp.has(tcp_flag::Fin)) flow.fin_sent = true;

    if (!tcp.has(tcp_flag::Rst)) {
        uint32_t end = tcp.seq + p.payload_length;
        if (tcp.has(tcp_flag::Syn)) ++end;
        if (tcp.has(tcp_flag::Fin)) ++end;
        if (!flow.next_seq_known || seq_gt(end, flow.next_seq)) {
            flow.next_seq = end;
            flow.next_seq_known = true;
        }
    }
    if (tcp.has(tcp_flag::Ack) && !tcp.has(tcp_flag::Rst)) {
        if (!flow.ack_known || seq_gt(tcp.ack, flow.highest_ack)) {
            flow.highest_ack = tcp.ack;
            flow.ack_known = true;
        }
    }
    // Only a RST or a FIN from each side can close it: most packets skip the check.
    const bool may_close = flow.rst_sent || (c.flow[0].fin_sent && c.flow[1].fin_sent);
    if (!c.closed && may_close && over(c)) {
        c.closed = true;
        closed_.push_back({c.stream, c.last_time});
    }
    // A conversation with a second packet or a detector's state is never a lone SYN's
    // record (keep_if_lone): it stays in place, and can be watched.
    if (!c.watched_for_quiet && !c.closed && (c.packets >= 2 || c.slots.capacity() != 0)) {
        c.watched_for_quiet = true;
        open_.push_back({c.stream, c.last_time});
    }
    if (c.packets == 1) keep_if_lone(c);
}

bool TcpConversationTracker::over(const TcpConversation &c) {
    if (c.flow[0].rst_sent || c.flow[1].rst_sent) return true;
    for (const Direction d : {kClientToServer, kServerToClient}) {
        const TcpFlow &sender = c.flow[d];
        const TcpFlow &receiver = c.flow[opposite(d)];
        // next_seq counts the FIN: acknowledging it acknowledges everything before.
        if (!sender.fin_sent || !sender.next_seq_known || !receiver.ack_known ||
            seq_lt(receiver.highest_ack, sender.next_seq))
            return false;
    }
    return true;
}

void TcpConversationTracker::retire(TcpConversation &c) {
    c.retired = true;
    c.slots.release_unneeded_after_retirement();
}

void TcpConversationTracker::retire_due(Nanoseconds now) {
    while (!closed_.empty() && now - closed_.front().last_time > retirement_grace_) {
        TcpConversation &c = *find(closed_.front().stream);
        closed_.pop_front();
        if (c.retired) continue;
        if (idle(c, now)) {
            retire(c);
        } else {
            closed_.push_back({c.stream, c.last_time});  // packets came after it closed
        }
    }
}

void TcpConversationTracker::quiet_due(Nanoseconds now) {
    while (!open_.empty() && now - open_.front().last_time > quiet_after_) {
        TcpConversation &c = *find(open_.front().stream);
        open_.pop_front();
        if (c.closed) {
            c.watched_for_quiet = false;  // retirement frees its states
        } else if (now - c.last_time > quiet_after_) {
            c.watched_for_quiet = false;  // its next packet queues it again
            c.slots.use_quiet_forms();
        } else {
            open_.push_back({c.stream, c.last_time});  // packets came since it was queued
        }
    }
}

}  // namespace convdiag
