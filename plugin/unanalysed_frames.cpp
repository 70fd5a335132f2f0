#include "plugin/unanalysed_frames.h"

#include <epan/proto.h>

#include "plugin/frame_sighting.h"
#include "plugin/registered_ids.h"

namespace convdiag_plugin {

namespace {

struct LayerIds {
    int data = proto_get_id_by_filter_name("data");
    int ip = proto_get_id_by_filter_name("ip");
    int ipv6 = proto_get_id_by_filter_name("ipv6");
};

const LayerIds &layer_ids() {
    static const LayerIds ids;
    return ids;
}

int layer_at(wmem_list_frame_t *frame) {
    return static_cast<int>(GPOINTER_TO_UINT(wmem_list_frame_data(frame)));
}

// The protocol whose payload Wireshark handed to "data" when nothing below IP decoded
// it, or -1.
int carrier_of_undecoded_payload(const packet_info *pinfo) {
    if (!pinfo->layers) return -1;
    const LayerIds &ids = layer_ids();
    wmem_list_frame_t *frame = wmem_list_tail(pinfo->layers);
    // Our own post-dissector's layer comes last.
    while (frame && layer_at(frame) == registered_ids().proto) frame = wmem_list_frame_prev(frame);
    if (!frame || layer_at(frame) != ids.data) return -1;
    wmem_list_frame_t *carrier = wmem_list_frame_prev(frame);
    if (!carrier) return -1;
    for (wmem_list_frame_t *f = carrier; f; f = wmem_list_frame_prev(f))
        if (layer_at(f) == ids.ip || layer_at(f) == ids.ipv6) return -1;
    return layer_at(carrier);
}

const char *transport_name(convdiag::Transport transport) {
    return transport == convdiag::Transport::Tcp ? "TCP" : "UDP";
}

}  // namespace

void note_unanalysed_frame(convdiag::Engine &engine, const FrameSighting *sighting,
                           const packet_info *pinfo) {
    if (sighting && sighting->kind == FrameSighting::Kind::Unreadable) {
        const auto reason = sighting->unreassembled_fragment
                                ? convdiag::UnanalysedReason::UnreassembledFragment
                            : sighting->unreadable_status == convdiag::HeaderStatus::Truncated
                                ? convdiag::UnanalysedReason::TruncatedHeader
                                : convdiag::UnanalysedReason::MalformedHeader;
        engine.note_unanalysed(pinfo->num, reason, transport_name(sighting->unreadable_transport));
        return;
    }
    const int carrier = carrier_of_undecoded_payload(pinfo);
    if (carrier < 0) return;
    protocol_t *protocol = find_protocol_by_id(carrier);
    engine.note_unanalysed(pinfo->num, convdiag::UnanalysedReason::UndecodedPayload,
                           protocol ? proto_get_protocol_short_name(protocol) : "unknown");
}

}  // namespace convdiag_plugin
