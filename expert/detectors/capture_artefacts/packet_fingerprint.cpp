#include "expert/detectors/capture_artefacts/packet_fingerprint.h"

#include <cstring>

namespace convdiag {

namespace {

// Bytes of each end of the payload that enter the fingerprint: a few instructions per
// packet whatever its size.
constexpr uint32_t kPayloadEnd = 32;

class Mixer {
  public:
    void add(uint64_t value) {
        // splitmix64's finaliser on the running state: every input bit moves every output bit.
        state_ += value + 0x9e3779b97f4a7c15ULL;
        uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        state_ = z ^ (z >> 31);
    }
    void add_bytes(const uint8_t *bytes, uint32_t count) {
        while (count >= 8) {
            uint64_t word;
            std::memcpy(&word, bytes, 8);
            add(word);
            bytes += 8;
            count -= 8;
        }
        uint64_t tail = 0;
        std::memcpy(&tail, bytes, count);
        add(tail ^ (uint64_t{count} << 56));
    }
    uint64_t value() const { return state_; }

  private:
    uint64_t state_ = 0;
};

void add_endpoint(Mixer &mix, const Endpoint &endpoint) {
    uint64_t words[2] = {0, 0};
    static_assert(sizeof(endpoint.address.bytes) <= sizeof words, "an address fits two words");
    std::memcpy(words, endpoint.address.bytes, sizeof(endpoint.address.bytes));
    mix.add(words[0]);
    mix.add(words[1] ^ (uint64_t{endpoint.address.family} << 56) ^ endpoint.port);
}

}  // namespace

uint64_t packet_fingerprint(const PacketFacts &p) {
    Mixer mix;
    add_endpoint(mix, p.src);
    add_endpoint(mix, p.dst);
    mix.add((uint64_t{static_cast<uint8_t>(p.transport)} << 48) | (uint64_t{p.ip_id_known} << 40) |
            (uint64_t{p.ip_id} << 16));
    mix.add(p.payload_length);
    if (p.is_icmp_error()) {
        const IcmpErrorFacts &icmp = p.icmp;
        mix.add((uint64_t{icmp.version} << 24) | (uint64_t{icmp.type} << 16) |
                (uint64_t{icmp.code} << 8) | static_cast<uint8_t>(icmp.quoted));
        add_endpoint(mix, Endpoint{icmp.sender, 0});
    }
    if (p.is_tcp() || p.is_icmp_error()) {
        const TcpHeaderFacts &t = p.tcp;
        mix.add((uint64_t{t.seq} << 32) | t.ack);
        mix.add((uint64_t{t.flags} << 48) | (uint64_t{t.window} << 32) |
                (uint64_t{t.checksum} << 16) | t.header_length);
        mix.add((uint64_t{t.ts_value} << 32) | t.ts_echo);
    }
    if (p.payload && p.payload_captured) {
        const uint32_t head = p.payload_captured < kPayloadEnd ? p.payload_captured : kPayloadEnd;
        mix.add_bytes(p.payload, head);
        if (p.payload_captured > kPayloadEnd) {
            const uint32_t tail_start =
                p.payload_captured - kPayloadEnd > head ? p.payload_captured - kPayloadEnd : head;
            mix.add_bytes(p.payload + tail_start, p.payload_captured - tail_start);
        }
    }
    return mix.value();
}

}  // namespace convdiag
