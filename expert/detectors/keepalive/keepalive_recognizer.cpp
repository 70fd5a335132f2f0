#include "expert/detectors/keepalive/keepalive_recognizer.h"

#include "expert/core/packet_facts.h"

namespace convdiag {

bool has_keepalive_form(const KeepAliveSegment &s) {
    if ((s.flags & (tcp_flag::Syn | tcp_flag::Fin | tcp_flag::Rst)) != 0) return false;
    return s.payload_length <= 1 && s.sender_next_seq_known && s.seq == s.sender_next_seq - 1u;
}

bool is_keepalive(const KeepAliveSegment &s) {
    if (!has_keepalive_form(s)) return false;
    // Before the other side advertised anything its window is unknown: not a probe either.
    return !s.peer_window_known || s.peer_window_raw != 0;
}

}  // namespace convdiag
