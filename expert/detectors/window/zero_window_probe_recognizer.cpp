#include "expert/detectors/window/zero_window_probe_recognizer.h"

#include "expert/core/packet_facts.h"

namespace convdiag {

ProbeVerdict recognize_zero_window_probe(const ProbeSegment &s) {
    ProbeVerdict verdict;
    if ((s.flags & (tcp_flag::Syn | tcp_flag::Fin | tcp_flag::Rst)) != 0) return verdict;
    if (s.payload_length > 1) return verdict;  // real data into a closed window is no probe

    const bool one_below_acked = s.seq == s.receiver_ack - 1u;
    const bool one_below_next = s.sender_next_seq_known && s.seq == s.sender_next_seq - 1u;
    // A byte at the closed window's edge is the one-byte form, also when it is resent
    // (then it sits one below the sender's next sequence number).
    if (s.payload_length == 1 &&
        (s.seq == s.receiver_ack || (s.sender_next_seq_known && s.seq == s.sender_next_seq))) {
        verdict.form = ProbeForm::OneByte;
    } else if (one_below_acked || one_below_next) {
        verdict.form = ProbeForm::KeepAliveForm;
    } else {
        return verdict;
    }

    // Wireshark's rules (packet-tcp.c, tcp_analyze_sequence_number): one byte at the
    // next sequence number is a zero-window probe; zero or one byte one below it is a
    // keep-alive. It checks the probe rule first.
    if (s.sender_next_seq_known && s.payload_length == 1 && s.seq == s.sender_next_seq) {
        verdict.wireshark_label = WiresharkProbeLabel::ZeroWindowProbe;
    } else if (one_below_next) {
        verdict.wireshark_label = WiresharkProbeLabel::KeepAlive;
    }
    return verdict;
}

}  // namespace convdiag
