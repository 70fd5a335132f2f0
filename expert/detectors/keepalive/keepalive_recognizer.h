// Recognizes a TCP keep-alive: zero or one byte at the sender's next sequence number
// minus one (Linux sends zero bytes at snd_una - 1, Windows one byte), no SYN/FIN/RST,
// as Wireshark 4.0's tcp.analysis.keep_alive - but only while the other side's window
// is open. Into a zero window the same segment is a zero-window probe, which the window
// detector reports (convdiag.win.event == "probe").
#pragma once

#include <cstdint>

namespace convdiag {

struct KeepAliveSegment {
    uint16_t flags = 0;
    uint32_t seq = 0;
    uint32_t payload_length = 0;
    bool sender_next_seq_known = false;
    uint32_t sender_next_seq = 0;  // highest seq + len the sender sent before this segment
    bool peer_window_known = false;
    uint16_t peer_window_raw = 0;  // the other side's last advertised window
};

// The keep-alive's shape, whatever the window: also that of a zero-window probe.
bool has_keepalive_form(const KeepAliveSegment &segment);
bool is_keepalive(const KeepAliveSegment &segment);

}  // namespace convdiag
