#include "plugin/tcp_stream_cache.h"

#include <algorithm>

#include "plugin/fact_extractor.h"
#include "plugin/frame_sighting.h"

namespace convdiag_plugin {

size_t TcpStreamCache::pair_hash(const convdiag::Endpoint &a, const convdiag::Endpoint &b) {
    // Either direction of the pair hashes alike.
    const size_t ha = a.hash(), hb = b.hash();
    return (ha < hb ? ha * 1000003u ^ hb : hb * 1000003u ^ ha) * 0x9E3779B97F4A7C15ull;
}

bool TcpStreamCache::same_pair(uint32_t stream, const convdiag::PacketFacts &facts) const {
    bool same = false;
    if (tracker_)
        tracker_->visit(stream, [&](const convdiag::TcpConversation &c) {
            same = (c.client == facts.src && c.server == facts.dst) ||
                   (c.client == facts.dst && c.server == facts.src);
        });
    return same;
}

size_t TcpStreamCache::slot_of(const convdiag::PacketFacts &facts, size_t hash,
                               uint32_t stream) const {
    const size_t mask = slots_.size() - 1;
    size_t i = (hash >> 16) & mask;
    while (slots_[i] != kEmpty && slots_[i] != stream && !same_pair(slots_[i], facts))
        i = (i + 1) & mask;
    return i;
}

void TcpStreamCache::remember(const convdiag::PacketFacts &facts, size_t hash, uint32_t stream) {
    if ((used_ + 1) * 2 > slots_.size()) {
        if (slots_.size() < kMaxSlots) {
            grow();
        } else {
            // Full: start again empty. A pair no longer held costs one question to
            // Wireshark on its next packet, where a table growing with every stream of a
            // SYN flood would cost memory for streams that never send a second packet.
            std::fill(slots_.begin(), slots_.end(), kEmpty);
            used_ = 0;
        }
    }
    // One place per stream number: a stream the tracker cannot confirm yet (its first
    // packet) is found by its number, so asking again never adds a second place.
    const size_t i = slot_of(facts, hash, stream);
    if (slots_[i] == kEmpty) ++used_;
    slots_[i] = stream;
}

void TcpStreamCache::grow() {
    std::vector<uint32_t> old(slots_.empty() ? 1024 : slots_.size() * 2, kEmpty);
    old.swap(slots_);
    used_ = 0;
    const size_t mask = slots_.size() - 1;
    for (const uint32_t stream : old) {
        if (stream == kEmpty) continue;
        // A stream the engine never took (nothing confirms it) is asked again when seen.
        size_t hash = 0;
        const bool known =
            tracker_ && tracker_->visit(stream, [&](const convdiag::TcpConversation &c) {
                hash = pair_hash(c.client, c.server);
            });
        if (!known) continue;
        size_t i = (hash >> 16) & mask;
        while (slots_[i] != kEmpty) i = (i + 1) & mask;
        slots_[i] = stream;
        ++used_;
    }
}

uint32_t TcpStreamCache::stream_of(const FrameSighting &sighting,
                                   const convdiag::PacketFacts &facts) {
    const auto ask_wireshark = [&] { return wireshark_tcp_stream(facts.frame, sighting); };
    if (!tracker_) return ask_wireshark();
    const size_t hash = pair_hash(facts.src, facts.dst);
    const bool may_start_stream = facts.tcp.has(convdiag::tcp_flag::Syn);
    if (!may_start_stream && !slots_.empty()) {
        const uint32_t cached = slots_[slot_of(facts, hash)];
        if (cached != kEmpty) return cached;
    }
    const uint32_t stream = ask_wireshark();
    // Confirmed by the tracker from the next packet on, once the engine has fed this one.
    if (stream != convdiag::kNoStream) remember(facts, hash, stream);
    return stream;
}

void TcpStreamCache::clear() {
    std::vector<uint32_t>().swap(slots_);
    used_ = 0;
}

}  // namespace convdiag_plugin
