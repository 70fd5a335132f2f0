#include "expert/detectors/window/window_texts.h"

namespace convdiag {

// Wireshark cuts an expert text at 240 bytes (ITEM_LABEL_LENGTH), and Korean takes
// three bytes a letter: every text here stays short.
namespace {

std::string amount_en(int64_t value, bool scale_known) {
    return std::to_string(value) + (scale_known ? " bytes" : "");
}
// The amount followed by the particle "to": "64240바이트로", "64240(으)로".
std::string amount_to_ko(int64_t value, bool scale_known) {
    return std::to_string(value) + (scale_known ? "바이트로" : "(으)로");
}
// A zero window can last microseconds (a filled hole delivered all at once).
std::string stall_text(Nanoseconds ns) {
    if (ns >= 0 && ns < 1000000) return std::to_string((ns + 500) / 1000) + " µs";
    return format_duration(ns);
}
const char *raw_note_en(bool scale_known) {
    return scale_known ? "" : " (raw values, window scale unknown)";
}
const char *raw_note_ko(bool scale_known) {
    return scale_known ? "" : " (raw 값, window scale 모름)";
}

}  // namespace

Text describe_window_change(const WindowChange &c, const WindowParties &who) {
    const std::string &rcv = who.receiver;
    const std::string &snd = who.sender;
    const std::string before = std::to_string(c.before);
    const std::string after = std::to_string(c.after);
    const std::string stall = c.stall >= 0 ? stall_text(c.stall) : std::string();
    const bool known = c.scale_known;
    Text t;
    switch (c.event) {
        case WindowEvent::Closing:
            t.en = rcv + " acknowledged " + std::to_string(c.acked) +
                   " bytes but its window shrank by as much (" + before + " -> " + after +
                   "): the data piles up unread in its receive buffer" + raw_note_en(known);
            t.ko = rcv + "이(가) " + std::to_string(c.acked) +
                   "바이트를 ACK했지만 윈도우가 그만큼 "
                   "줄었습니다 (" +
                   before + " -> " + after + "): 애플리케이션이 읽지 않아 수신 버퍼에 쌓입니다" +
                   raw_note_ko(known);
            break;
        case WindowEvent::Zero:
            if (c.stall > 0) {
                t.en = rcv + " still advertises a zero window, " + stall + " into the stall";
                t.ko = rcv + "이(가) 여전히 제로 윈도우를 광고합니다 (정체 " + stall + " 경과)";
            } else {
                const bool was = c.before > 0;
                t.en = rcv + " advertises a zero window" + (was ? " (was " + before + ")" : "") +
                       ": the application is not reading, its receive buffer is full and " + snd +
                       " must stop sending";
                t.ko = rcv + "이(가) 제로 윈도우를 광고합니다" +
                       (was ? " (이전 " + before + ")" : "") +
                       ": 애플리케이션이 읽지 않아 수신 버퍼가 가득 찼고 " + snd +
                       "은(는) 전송을 멈춰야 합니다";
            }
            break;
        case WindowEvent::ProbeAck:
            t.en = rcv + " answers the probe with a zero window again: still not reading (" +
                   stall + " into the stall)";
            t.ko = rcv +
                   "이(가) 프로브에 다시 제로 윈도우로 응답합니다: 여전히 읽지 않습니다 "
                   "(정체 " +
                   stall + " 경과)";
            break;
        case WindowEvent::Reopened:
            if (c.stall >= 0) {
                t.en = rcv + " drained its receive buffer and reopened the window from 0 to " +
                       amount_en(c.after, known) + " after a " + stall + " stall" +
                       raw_note_en(known);
                t.ko = rcv + "이(가) 수신 버퍼를 비우고 " + stall + " 정체 후 윈도우를 0에서 " +
                       amount_to_ko(c.after, known) + " 다시 열었습니다" + raw_note_ko(known);
            } else {
                t.en = rcv + " drained its receive buffer and reopened the window from " + before +
                       " to " + amount_en(c.after, known) + raw_note_en(known);
                t.ko = rcv + "이(가) 수신 버퍼를 비우고 윈도우를 " + before + "에서 " +
                       amount_to_ko(c.after, known) + " 다시 열었습니다" + raw_note_ko(known);
            }
            break;
        case WindowEvent::Grown:
            t.en = rcv + " grew its receive window from " + before + " (frame " +
                   std::to_string(c.since_frame) + ") to " + amount_en(c.after, known) +
                   " while data flows: receive-buffer autotuning" + raw_note_en(known);
            t.ko = rcv + "이(가) 데이터 전송 중 수신 윈도우를 " + before + "(프레임 " +
                   std::to_string(c.since_frame) + ")에서 " + amount_to_ko(c.after, known) +
                   " 키웠습니다: 수신 버퍼 autotuning" + raw_note_ko(known);
            break;
        case WindowEvent::Shrunk:
            t.en = rcv + " moved its window's right edge left by " + std::to_string(c.acked) +
                   (known ? " bytes" : " raw units") + " (" + before + " -> " + after +
                   "): RFC 7323 discourages shrinking, data already sent may fall outside";
            t.ko = rcv + "이(가) 윈도우 오른쪽 끝을 " + std::to_string(c.acked) +
                   (known ? "바이트" : " raw 단위") + " 왼쪽으로 옮겼습니다 (" + before + " -> " +
                   after + "): RFC 7323은 윈도우 축소를 권장하지 않습니다";
            break;
        case WindowEvent::Probe:
        case WindowEvent::Full:
        case WindowEvent::None:
            break;
    }
    return t;
}

Text describe_probe(const ProbeVerdict &probe, Nanoseconds stall, const WindowParties &who) {
    const std::string when = stall_text(stall);
    const bool one_byte = probe.form == ProbeForm::OneByte;
    Text t;
    t.en = std::string(one_byte ? "One-byte zero-window probe" : "Zero-window probe") + " from " +
           who.sender + " (" + when + " into the stall): is " + who.receiver +
           "'s window open again?";
    t.ko = who.sender + "의 " + (one_byte ? "1바이트 " : "") + "제로 윈도우 프로브 (정체 " + when +
           " 경과): " + who.receiver + "의 윈도우가 다시 열렸는지 묻습니다";
    switch (probe.wireshark_label) {
        case WiresharkProbeLabel::KeepAlive:
            t.en += " (Wireshark labels this a keep-alive)";
            t.ko += " (Wireshark는 keep-alive로 표시)";
            break;
        case WiresharkProbeLabel::ZeroWindowProbe:
            t.en += " (Wireshark: zero window probe)";
            t.ko += " (Wireshark: zero window probe)";
            break;
        case WiresharkProbeLabel::None:
            t.en += " (Wireshark gives it no label)";
            t.ko += " (Wireshark는 표시하지 않음)";
            break;
    }
    return t;
}

Text describe_window_full(int64_t window_bytes, const WindowParties &who) {
    const std::string w = std::to_string(window_bytes);
    Text t;
    t.en = who.sender + "'s data fills the " + w + "-byte window " + who.receiver +
           " advertised: it must wait for an ACK, the receive window limits throughput";
    t.ko = who.sender + "의 데이터가 " + who.receiver + "이(가) 광고한 " + w +
           "바이트 윈도우를 가득 채웠습니다: ACK를 기다려야 하며 수신 윈도우가 처리량을 "
           "제한합니다";
    return t;
}

Text describe_never_reopened(Nanoseconds stall, FrameNumber since, const WindowParties &who) {
    const std::string when = stall_text(stall);
    const std::string frame = std::to_string(since);
    Text t;
    t.en = who.receiver + "'s window never reopened: " + who.sender + " blocked since frame " +
           frame + ", " + when + " until the end of the capture";
    t.ko = who.receiver + "의 윈도우가 끝내 열리지 않았습니다: " + who.sender + "은(는) 프레임 " +
           frame + "부터 캡처 끝까지 " + when + " 동안 막혔습니다";
    return t;
}

}  // namespace convdiag
