#include "plugin/fact_extractor.h"

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/proto.h>

#include "plugin/frame_sighting.h"
#include "plugin/tcp_stream_cache.h"

namespace convdiag_plugin {

namespace {

int tcp_protocol_id() {
    static const int id = proto_get_id_by_filter_name("tcp");
    return id;
}

}  // namespace

uint32_t wireshark_tcp_stream(uint32_t frame, const address &src, const address &dst,
                              uint16_t src_port, uint16_t dst_port) {
    conversation_t *conversation =
        find_conversation(frame, &src, &dst, CONVERSATION_TCP, src_port, dst_port, 0);
    if (!conversation) return convdiag::kNoStream;
    const auto *tcpd = static_cast<const struct tcp_analysis *>(
        conversation_get_proto_data(conversation, tcp_protocol_id()));
    return tcpd ? tcpd->stream : convdiag::kNoStream;
}

uint32_t wireshark_tcp_stream(uint32_t frame, const FrameSighting &sighting) {
    return wireshark_tcp_stream(frame, sighting.src, sighting.dst, sighting.facts.src.port,
                                sighting.facts.dst.port);
}

convdiag::PacketFacts facts_of(const FrameSighting &sighting, const packet_info *pinfo,
                               TcpStreamCache &streams) {
    convdiag::PacketFacts facts = sighting.facts;
    facts.frame = pinfo->num;
    facts.time =
        static_cast<convdiag::Nanoseconds>(pinfo->abs_ts.secs) * 1000000000 + pinfo->abs_ts.nsecs;
    const bool tcp =
        facts.is_tcp() || (facts.is_icmp_error() && facts.icmp.quoted == convdiag::Transport::Tcp);
    facts.stream = tcp ? streams.stream_of(sighting, facts) : convdiag::kNoStream;
    return facts;
}

}  // namespace convdiag_plugin
