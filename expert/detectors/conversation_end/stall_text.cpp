#include "expert/detectors/conversation_end/stall_text.h"

#include <string>

namespace convdiag {

namespace {

const Endpoint &endpoint_of(const TcpConversation &c, Direction side) {
    return side == kClientToServer ? c.client : c.server;
}

// "seq=1449 len=1448" as Wireshark shows it: relative to the ISN when the SYN was seen.
std::string segment_words(const TcpConversation &c, Direction sender, const ResentSegment &s) {
    const TcpFlow &flow = c.flow[sender];
    const uint32_t seq = flow.isn_known ? s.seq - flow.isn : s.seq;
    return "seq=" + std::to_string(seq) + " len=" + std::to_string(s.length);
}

}  // namespace

Text stall_text(const TcpConversation &c, const EndWatch &watch, const ConversationEnding &ending) {
    const Direction sender_side = ending.stalled_sender;
    const Direction peer_side = opposite(sender_side);
    const ResentSegment &s = *watch.side[sender_side].resent;
    const std::string sender = endpoint_of(c, sender_side).address.to_string();
    const std::string peer = endpoint_of(c, peer_side).address.to_string();
    const std::string segment = segment_words(c, sender_side, s);
    const std::string tries = std::to_string(s.tries);
    const BackoffWords backoff = describe_backoff(s);
    const std::string counted =
        s.original_timed ? std::string() : " (waits counted from the first resend)";
    const std::string counted_ko = s.original_timed ? std::string() : " (대기는 첫 재전송부터)";

    Text text;
    text.en = "Connection lost: " + sender + " sent the segment " + segment + " " + tries +
              " times" + (backoff.en.empty() ? "" : ", waiting " + backoff.en) + counted +
              ", and " + peer + " never acknowledged it";
    text.ko = "연결 끊김: " + sender + "이(가) 세그먼트 " + segment + "을(를) " + tries +
              "번 보냈고" + (backoff.ko.empty() ? "" : " (대기 " + backoff.ko + ")") + counted_ko +
              ", " + peer + "은(는) 끝내 확인(ACK)하지 않았습니다";

    const TcpFlow &peer_flow = c.flow[peer_side];
    const Nanoseconds peer_last = watch.side[peer_side].last_time;
    const std::string peer_frame = std::to_string(peer_flow.last_frame);
    if (!peer_flow.seen) {
        text.en += "; the capture holds nothing from " + peer;
        text.ko += "; 캡처에 " + peer + "이(가) 보낸 것이 없습니다";
    } else if (peer_last != 0 && peer_last <= s.last_try_time()) {
        const std::string silent = format_duration(s.last_try_time() - peer_last);
        text.en += "; " + peer + " has been silent for " + silent + " since frame " + peer_frame;
        text.ko += "; " + peer + "은(는) 프레임 " + peer_frame + " 이후 " + silent +
                   " 동안 아무것도 보내지 않았습니다";
    } else if (peer_last != 0) {
        text.en += "; " + peer + " still sent packets (last: frame " + peer_frame +
                   ") without acknowledging it";
        text.ko += "; " + peer + "은(는) 패킷을 보냈지만 (마지막: 프레임 " + peer_frame +
                   ") 이 세그먼트는 확인하지 않았습니다";
    } else {
        text.en += "; " + peer + "'s last frame is " + peer_frame;
        text.ko += "; " + peer + "의 마지막 프레임은 " + peer_frame + "입니다";
    }
    if (ending.reset_by) {
        const std::string who = endpoint_of(c, *ending.reset_by).address.to_string();
        text.en += ", until " + who + " reset the connection";
        text.ko += ". 결국 " + who + "이(가) 연결을 RST로 끊었습니다";
    }
    text.en += ": the peer or the path went silent, the connection is lost";
    text.ko += ": 상대나 경로가 응답을 멈췄고, 연결은 끊어졌습니다";
    return text;
}

}  // namespace convdiag
