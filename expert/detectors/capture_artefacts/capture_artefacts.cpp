#include "expert/detectors/capture_artefacts/capture_artefacts.h"

#include "expert/detectors/capture_artefacts/packet_fingerprint.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {

Text time_backwards_text(Nanoseconds back) {
    const std::string seconds = format_seconds(back, 6);
    return {"The time goes back " + seconds +
                " s here: this file joins captures, or holds its traffic twice. Frames "
                "repeating traffic seen before are left out of the analysis.",
            "여기서 시간이 " + seconds +
                "초 뒤로 갑니다: 이 파일은 여러 캡처를 이어 붙였거나 같은 트래픽을 두 번 담고 "
                "있습니다. 앞에서 본 트래픽을 되풀이하는 프레임은 분석에서 뺐습니다."};
}

}  // namespace

CaptureArtefactIds CaptureArtefacts::declare(Schema &s) {
    CaptureArtefactIds ids;
    ids.duplicate_of = s.add_field(
        "convdiag.capture.duplicate_of", "Copy made by the capture of frame", FieldKind::Frame,
        "This frame repeats that earlier one byte for byte (same direction, IP ID, TCP header "
        "and payload) moments later: the capture saw the packet twice (a SPAN port, two taps "
        "merged). Left out of the analysis.");
    ids.time_backwards = s.add_field(
        "convdiag.capture.time_backwards", "Time went back by", FieldKind::Duration,
        "This frame's time is earlier than the previous frame's by this much: the file joins "
        "captures, or holds its traffic twice.");
    ids.repeated = s.add_field(
        "convdiag.capture.repeated", "Repeats traffic seen before the time went back",
        FieldKind::Boolean,
        "After the time went back, this TCP segment repeats one the conversation already "
        "sent, at a time it had already passed: a second copy of the traffic, left out of "
        "the analysis.");
    ids.time_backwards_note =
        s.add_expert("convdiag.capture.time_went_back", "Capture time goes backwards",
                     ExpertGroup::Sequence, ExpertSeverity::Note);
    return ids;
}

void CaptureArtefacts::observe_time(const PacketFacts &p) {
    if (!any_time_ || p.time > high_water_) {
        high_water_ = p.time;
        replaying_ = false;
    } else if (p.time < previous_time_) {
        const Nanoseconds back = previous_time_ - p.time;
        ++counts_.backward_jumps;
        results_.set(p.frame, ids_.time_backwards, Value::duration(back));
        results_.note(p.frame, ids_.time_backwards_note, time_backwards_text(back));
        replaying_ = true;
    }
    any_time_ = true;
    previous_time_ = p.time;
}

Screening CaptureArtefacts::screen(const PacketFacts &p, const TcpConversation *conversation) {
    if (!p.is_tcp() && !p.is_udp() && !p.is_icmp_error()) return Screening::Fresh;
    const bool has_ip_id = p.ip_id_known && p.ip_id != 0;
    // Duplicate ACKs are identical by design: without an IP ID nothing tells a pure ACK's
    // copy from the receiver's next duplicate ACK, so a pure ACK is never called a copy.
    const bool pure_ack = p.is_tcp() && p.payload_length == 0 &&
                          !p.tcp.has(tcp_flag::Syn | tcp_flag::Fin | tcp_flag::Rst);
    if (has_ip_id || !pure_ack) {
        const uint64_t fingerprint = packet_fingerprint(p);
        const Nanoseconds window = has_ip_id ? kCopyWindowWithIpId : kCopyWindowWithoutIpId;
        if (const FrameNumber original = recent_.find(fingerprint, p.time, window)) {
            // The original keeps its place, so a third copy names it too.
            ++counts_.copies;
            results_.set(p.frame, ids_.duplicate_of, Value::frame(original));
            return Screening::Copy;
        }
        recent_.remember(fingerprint, p.frame, p.time);
    }
    if (replaying_ && p.is_tcp() && conversation && repeats_earlier_segment(p, *conversation)) {
        ++counts_.repeats;
        results_.set(p.frame, ids_.repeated, Value::boolean(true));
        return Screening::Repeat;
    }
    return Screening::Fresh;
}

// A segment its sender had already sent in full, acknowledging nothing new, at a time the
// conversation had already passed. Only asked while the time runs behind its high water:
// in a capture whose time only goes forward, a resend is always a resend.
bool CaptureArtefacts::repeats_earlier_segment(const PacketFacts &p,
                                               const TcpConversation &c) const {
    if (c.packets == 0 || p.time > c.last_time) return false;
    const TcpFlow &flow = c.flow[c.direction_of(p)];
    if (!flow.seen) return false;
    const TcpHeaderFacts &tcp = p.tcp;
    // A RST moves no sequence state: a second one from the same side is the repeat.
    if (tcp.has(tcp_flag::Rst)) return flow.rst_sent;
    if (!flow.next_seq_known) return false;
    uint32_t end = tcp.seq + p.payload_length;
    if (tcp.has(tcp_flag::Syn)) ++end;
    if (tcp.has(tcp_flag::Fin)) ++end;
    if (seq_gt(end, flow.next_seq)) return false;
    if (tcp.has(tcp_flag::Ack) && (!flow.ack_known || seq_gt(tcp.ack, flow.highest_ack)))
        return false;
    return true;
}

}  // namespace convdiag
