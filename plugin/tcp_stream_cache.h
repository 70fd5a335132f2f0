// Wireshark's tcp.stream for a packet without a conversation lookup on every
// packet: asking get_tcp_conversation_data() costs about 1,500 instructions, half
// of the plugin's whole per-packet budget. A stream can only begin with a SYN, so
// the answer is remembered per address/port pair and asked again on SYNs only.
#pragma once

#include <epan/packet.h>

#include <unordered_map>

#include "expert/core/packet_facts.h"

namespace convdiag_plugin {

class TcpStreamCache {
  public:
    uint32_t stream_of(packet_info *pinfo, const convdiag::PacketFacts &facts);
    void clear() { streams_.clear(); }

  private:
    struct PairKey {
        convdiag::Endpoint low, high;
        bool operator==(const PairKey &o) const { return low == o.low && high == o.high; }
    };
    struct PairHash {
        size_t operator()(const PairKey &k) const {
            return k.low.hash() * 1000003u ^ k.high.hash();
        }
    };
    std::unordered_map<PairKey, uint32_t, PairHash> streams_;
};

}  // namespace convdiag_plugin
