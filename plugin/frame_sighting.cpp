#include "plugin/frame_sighting.h"

namespace convdiag_plugin {

namespace {
FrameSighting &current() {
    static FrameSighting sighting;
    return sighting;
}
}  // namespace

FrameSighting &FrameSightings::for_frame(const packet_info *pinfo) {
    FrameSighting &s = current();
    // A dissection that ended without the post-dissector (an exception past it)
    // must not leave its sighting to the next frame.
    if (s.frame != pinfo->num) {
        clear();
        s.frame = pinfo->num;
    }
    return s;
}

const FrameSighting *FrameSightings::recorded(const packet_info *pinfo) {
    const FrameSighting &s = current();
    return s.frame == pinfo->num && s.kind != FrameSighting::Kind::None ? &s : nullptr;
}

void FrameSightings::clear() {
    FrameSighting &s = current();
    s.kind = FrameSighting::Kind::None;
    s.frame = 0;
    s.icmp_error_pending = false;
    s.unreassembled_fragment = false;
}

}  // namespace convdiag_plugin
