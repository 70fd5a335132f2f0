#include "expert/detectors/credentials/segment_stream.h"

#include "expert/tcp/sequence_math.h"

namespace convdiag {

FreshBytes fresh_payload(const PacketFacts &packet, const TcpFlow &flow) {
    FreshBytes out;
    if (!packet.is_tcp() || packet.payload_captured == 0 || !packet.payload ||
        packet.tcp.has(tcp_flag::Rst))
        return out;
    uint32_t seq = packet.tcp.seq;
    if (packet.tcp.has(tcp_flag::Syn)) ++seq;  // data in a SYN follows the SYN's own number
    ByteView bytes(packet.payload, packet.payload_captured);
    if (flow.next_seq_known) {
        if (seq_lt(seq, flow.next_seq)) {
            const uint32_t already = flow.next_seq - seq;
            if (already >= packet.payload_length) return out;  // a pure retransmission
            if (already >= bytes.size()) {
                out.gap_before = true;  // the new part was cut by the snaplen
                out.cut_after = true;
                return out;
            }
            bytes = bytes.sub(already, bytes.size() - already);
        } else if (seq_gt(seq, flow.next_seq)) {
            out.gap_before = true;
        }
    }
    out.bytes = bytes;
    out.cut_after = !packet.payload_complete();
    return out;
}

}  // namespace convdiag
