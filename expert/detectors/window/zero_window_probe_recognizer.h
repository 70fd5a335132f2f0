// Recognizes a sender's probe into a zero window, in both forms stacks use:
// the keep-alive form (Linux: zero or one byte at snd_una - 1) and the one-byte
// form (Windows, BSD: the first byte beyond the closed window). It also says how
// Wireshark 4.0 labels the same segment, so the expert text can explain the label.
#pragma once

#include <cstdint>

namespace convdiag {

enum class ProbeForm : uint8_t { None, KeepAliveForm, OneByte };
enum class WiresharkProbeLabel : uint8_t { None, KeepAlive, ZeroWindowProbe };

struct ProbeSegment {
    uint32_t seq = 0;
    uint32_t payload_length = 0;
    uint16_t flags = 0;
    bool sender_next_seq_known = false;
    uint32_t sender_next_seq = 0;  // highest seq + len the sender sent before this segment
    uint32_t receiver_ack = 0;     // the zero window's left (and right) edge
};

struct ProbeVerdict {
    ProbeForm form = ProbeForm::None;
    WiresharkProbeLabel wireshark_label = WiresharkProbeLabel::None;
};

// Only meaningful while the receiver's last advertised window is zero.
ProbeVerdict recognize_zero_window_probe(const ProbeSegment &segment);

}  // namespace convdiag
