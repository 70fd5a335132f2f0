#include "plugin/tcp_stream_cache.h"

#include "plugin/fact_extractor.h"

namespace convdiag_plugin {

uint32_t TcpStreamCache::stream_of(packet_info *pinfo, const convdiag::PacketFacts &facts) {
    PairKey key{facts.src, facts.dst};
    if (key.high < key.low) std::swap(key.low, key.high);
    const bool may_start_stream = facts.tcp.has(convdiag::tcp_flag::Syn);
    if (!may_start_stream) {
        auto it = streams_.find(key);
        if (it != streams_.end()) return it->second;
    }
    const uint32_t stream = tcp_stream_of(pinfo);
    if (stream != convdiag::kNoStream) streams_[key] = stream;
    return stream;
}

}  // namespace convdiag_plugin
