#include "plugin/fact_extractor.h"

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <wiretap/wtap.h>

#include "expert/wire/frame_parser.h"
#include "plugin/tcp_stream_cache.h"

namespace convdiag_plugin {

namespace {

convdiag::LinkType link_type_of(const packet_info *pinfo) {
    if (!pinfo->rec || pinfo->rec->rec_type != REC_TYPE_PACKET) return convdiag::LinkType::Unknown;
    switch (pinfo->rec->rec_header.packet_header.pkt_encap) {
        case WTAP_ENCAP_ETHERNET:
            return convdiag::LinkType::Ethernet;
        case WTAP_ENCAP_SLL:
            return convdiag::LinkType::LinuxSll;
        case WTAP_ENCAP_SLL2:
            return convdiag::LinkType::LinuxSll2;
        case WTAP_ENCAP_RAW_IP:
        case WTAP_ENCAP_RAW_IP4:
        case WTAP_ENCAP_RAW_IP6:
            return convdiag::LinkType::RawIp;
        case WTAP_ENCAP_NULL:
            return convdiag::LinkType::Null;
        case WTAP_ENCAP_LOOP:
            return convdiag::LinkType::Loop;
        default:
            return convdiag::LinkType::Unknown;
    }
}

}  // namespace

uint32_t tcp_stream_of(packet_info *pinfo) {
    if (pinfo->ptype != PT_TCP) return convdiag::kNoStream;
    struct tcp_analysis *tcpd = get_tcp_conversation_data(nullptr, pinfo);
    return tcpd ? tcpd->stream : convdiag::kNoStream;
}

bool extract_facts(tvbuff_t *frame_tvb, packet_info *pinfo, TcpStreamCache &streams,
                   convdiag::PacketFacts &facts) {
    // Only packets whose outermost transport Wireshark also ended on: a tunnelled or
    // ICMP-quoted TCP header would otherwise be taken for the outer packet.
    if (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP) return false;
    const convdiag::LinkType link = link_type_of(pinfo);
    if (link == convdiag::LinkType::Unknown) return false;
    const guint captured = tvb_captured_length(frame_tvb);
    const guint8 *data = tvb_get_ptr(frame_tvb, 0, captured);
    if (convdiag::parse_frame(link, data, captured, facts) != convdiag::ParseStatus::Ok)
        return false;
    const bool same_transport = (pinfo->ptype == PT_TCP) == facts.is_tcp();
    if (!same_transport || pinfo->srcport != facts.src.port || pinfo->destport != facts.dst.port)
        return false;
    facts.frame = pinfo->num;
    facts.time =
        static_cast<convdiag::Nanoseconds>(pinfo->abs_ts.secs) * 1000000000 + pinfo->abs_ts.nsecs;
    facts.stream = facts.is_tcp() ? streams.stream_of(pinfo, facts) : convdiag::kNoStream;
    return true;
}

}  // namespace convdiag_plugin
