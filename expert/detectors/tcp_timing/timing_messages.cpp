#include "expert/detectors/tcp_timing/timing_messages.h"

#include <string>

namespace convdiag {

namespace {

std::string frames_list(const std::vector<FrameNumber> &frames) {
    return join_numbers(frames.data(), frames.size());
}

uint64_t backoff_factor(uint32_t attempt) {
    uint64_t f = 1;
    for (uint32_t i = 1; i < attempt && f < (1u << 20); ++i) f *= 2;
    return f;
}

// "(expected RTO 1.648 s with backoff x4)" or its Korean twin.
std::string expected_rto_clause(const RetransmissionReport &r, bool ko) {
    const uint64_t factor = backoff_factor(r.attempt);
    const std::string rto = format_seconds(r.expected_rto) + " s";
    const std::string x = "x" + std::to_string(factor);
    if (!r.estimator_has_sample && !r.syn) {
        // Mid-connection: the sender's RTO is not the RFC's initial 1 s but whatever it
        // learned before the capture began; only its own waits tell.
        const std::string observed = format_seconds(r.observed_rto) + " s";
        // The step shows the doubling even when the first wait was not one RTO (0.2, 0.6,
        // 1.2, 2.4, 4.8 s: x23 of the first, x2 of the previous).
        const std::string step = r.step > 0
                                     ? (!ko ? ", x" : ", 직전 대기의 x") + std::to_string(r.step) +
                                           (!ko ? " on the previous wait" : "")
                                     : std::string();
        const std::string b =
            r.backoff > 1 ? "x" + std::to_string(r.backoff) + step : std::string();
        if (r.observed_rto <= 0)
            return !ko ? "no RTT sample in this capture, so no expected RTO"
                       : "이 캡처에 RTT 표본이 없어 예상 RTO 없음";
        if (!ko)
            return "no RTT sample in this capture; the sender's own RTO " + observed +
                   (b.empty() ? std::string() : ", backed off " + b);
        return "이 캡처에 RTT 표본 없음; 송신자 자신의 RTO " + observed +
               (b.empty() ? std::string() : ", 백오프 " + b);
    }
    if (!r.estimator_has_sample) {
        if (!ko)
            return "expected RTO " + rto + ": RFC 6298 initial 1 s" +
                   (factor > 1 ? " with backoff " + x : std::string()) + ", no RTT sample yet";
        return "예상 RTO " + rto + ": RTT 표본이 아직 없어 RFC 6298 초기값 1 s" +
               (factor > 1 ? ", 백오프 " + x : std::string());
    }
    if (!ko) return "expected RTO " + rto + (factor > 1 ? " with backoff " + x : std::string());
    return "예상 RTO " + rto + (factor > 1 ? ", 백오프 " + x : std::string());
}

std::string number_en(uint32_t attempt) { return attempt ? " #" + std::to_string(attempt) : ""; }
std::string waited_en(Nanoseconds w) { return w >= 0 ? " after " + format_seconds(w) + " s" : ""; }
std::string waited_ko(Nanoseconds w) { return w >= 0 ? " (" + format_seconds(w) + " s 후)" : ""; }

}  // namespace

bool probably_tail_loss_probe(const RetransmissionReport &r) {
    return r.cause == RetransmissionCause::Rto && r.attempt == 1 && r.estimator_has_sample &&
           r.waited >= 0 && r.waited * 2 < r.expected_rto;
}

Text retransmission_text(Language language, const RetransmissionReport &r) {
    Text t;
    const bool ko = language == Language::Korean;
    // Only the analysis language is built: the store keeps no other.
    const std::string rto_en = ko ? std::string() : expected_rto_clause(r, false);
    const std::string rto_ko = ko ? expected_rto_clause(r, true) : std::string();
    const std::string seq = std::to_string(r.seq);
    const std::string n = r.attempt ? std::to_string(r.attempt) : std::string();
    switch (r.cause) {
        case RetransmissionCause::Rto:
            if (r.attempt) {
                if (!ko) {
                    t.en = "Retransmission #" + n + " of seq " + seq + waited_en(r.waited) +
                           ": timeout (" + rto_en + ")";
                } else {
                    t.ko = "seq " + seq + "의 " + n + "번째 재전송" + waited_ko(r.waited) +
                           ": 타임아웃 (" + rto_ko + ")";
                }
                if (probably_tail_loss_probe(r)) {
                    if (!ko) {
                        t.en +=
                            "; much sooner than the RTO, so probably a tail loss probe (RFC 8985, "
                            "about 2 x SRTT)";
                    } else {
                        t.ko +=
                            "; RTO보다 훨씬 빨라서 tail loss probe(RFC 8985, 약 2 x SRTT)로 "
                            "보입니다";
                    }
                }
            } else {
                if (!ko) {
                    t.en = "Retransmission of seq " + seq +
                           " (the original was not captured): timeout (" + rto_en + ")";
                } else {
                    t.ko = "seq " + seq + " 재전송 (원래 세그먼트는 캡처되지 않음): 타임아웃 (" +
                           rto_ko + ")";
                }
            }
            break;
        case RetransmissionCause::Fast:
            if (r.recovery_frame) {
                if (!ko) {
                    t.en = "Fast retransmission of seq " + seq +
                           ", continuing the fast recovery started in frame " +
                           std::to_string(r.recovery_frame) + " (loss signalled by frames " +
                           frames_list(r.triggers) + ")";
                } else {
                    t.ko = "seq " + seq + "의 빠른 재전송(fast retransmission): 프레임 " +
                           std::to_string(r.recovery_frame) +
                           "에서 시작된 빠른 복구(fast recovery)의 계속 (손실 신호: 프레임 " +
                           frames_list(r.triggers) + ")";
                }
            } else if (r.duplicate_acks >= 3) {
                const std::string d = std::to_string(r.duplicate_acks);
                if (!ko) {
                    t.en = "Fast retransmission after " + d + " duplicate ACKs (frames " +
                           frames_list(r.triggers) + "): seq " + seq +
                           " was lost while later data arrived";
                } else {
                    t.ko =
                        "중복 ACK " + d + "개 (프레임 " + frames_list(r.triggers) +
                        ") 후의 빠른 재전송(fast retransmission): 뒤의 데이터는 도착했지만 seq " +
                        seq + "이(가) 손실되었습니다";
                }
            } else {
                const std::string b = std::to_string(r.sack_bytes_beyond);
                const std::string d = std::to_string(r.duplicate_acks);
                if (!ko) {
                    t.en = "Fast retransmission after SACK reported " + b +
                           " bytes received beyond seq " + seq + " (frames " +
                           frames_list(r.triggers) + ", " + d +
                           " duplicate ACKs): RFC 6675 loss detection";
                } else {
                    t.ko = "SACK이 seq " + seq + " 뒤로 " + b +
                           "바이트가 도착했다고 알린 후의 빠른 재전송 (프레임 " +
                           frames_list(r.triggers) + ", 중복 ACK " + d + "개): RFC 6675 손실 판단";
                }
            }
            break;
        case RetransmissionCause::Spurious:
            if (!ko) {
                t.en = "Spurious retransmission" + number_en(r.attempt) + " of seq " + seq +
                       waited_en(r.waited) + ": the receiver had already acknowledged this data" +
                       (r.acked_in_frame ? " (frame " + std::to_string(r.acked_in_frame) + ")"
                                         : std::string()) +
                       ", so the resend was unnecessary (the ACK was late or lost)";
            } else {
                t.ko = "불필요한 재전송(spurious retransmission): seq " + seq +
                       waited_ko(r.waited) + " 데이터는 수신 측이 이미 확인 응답했습니다" +
                       (r.acked_in_frame ? " (프레임 " + std::to_string(r.acked_in_frame) + ")"
                                         : std::string()) +
                       " (ACK가 늦었거나 손실됨)";
            }
            break;
        case RetransmissionCause::SynRto: {
            const std::string what = r.syn_ack ? "SYN/ACK" : "SYN";
            if (r.refused_by_rst) {
                const std::string f = std::to_string(r.refused_by_rst);
                if (!ko) {
                    t.en = what + " sent again" + number_en(r.attempt) + waited_en(r.waited) +
                           ": the previous one was refused by RST (frame " + f +
                           "), so the client is retrying, not recovering a lost SYN";
                } else {
                    t.ko =
                        what + " 재전송" + number_en(r.attempt) + waited_ko(r.waited) +
                        ": 앞의 SYN이 RST(프레임 " + f +
                        ")로 거부되어 클라이언트가 다시 시도하는 것입니다 (SYN 손실 복구가 아님)";
                }
            } else {
                if (!ko) {
                    t.en =
                        what + " retransmission" + number_en(r.attempt) + waited_en(r.waited) +
                        ": timeout, " +
                        (r.syn_ack ? "the client's ACK did not arrive" : "no SYN/ACK came back") +
                        " (" + rto_en + ")";
                } else {
                    t.ko = what + " 재전송" + number_en(r.attempt) + waited_ko(r.waited) +
                           ": 타임아웃, " +
                           (r.syn_ack ? "클라이언트의 ACK가 오지 않았습니다"
                                      : "SYN/ACK가 돌아오지 않았습니다") +
                           " (" + rto_ko + ")";
                }
            }
            break;
        }
        case RetransmissionCause::None:
            break;
    }
    return t;
}

Text duplicate_ack_text(Language language, uint32_t number, uint32_t seq) {
    const bool ko = language == Language::Korean;
    const std::string n = std::to_string(number);
    const std::string s = std::to_string(seq);
    Text t;
    if (!ko) {
        t.en = "Duplicate ACK #" + n + " for seq " + s +
               ": the receiver got later data but still " + "misses seq " + s +
               (number >= 3 ? " (3 duplicates: enough for a fast retransmission)" : "");
    } else {
        t.ko = "seq " + s + "에 대한 중복 ACK #" + n + ": 수신 측이 뒤의 데이터는 받았지만 seq " +
               s + "을(를) 아직 받지 못했습니다" +
               (number >= 3 ? " (중복 ACK 3개: 빠른 재전송을 일으키기에 충분)" : "");
    }
    return t;
}

Text delayed_ack_text(Language language, Nanoseconds own_delay, Nanoseconds since_segment,
                      FrameNumber segment, Nanoseconds threshold) {
    const bool ko = language == Language::Korean;
    const std::string f = std::to_string(segment);
    Text t;
    if (!ko) {
        t.en = "Delayed ACK: one segment (frame " + f + ") acknowledged after " +
               format_duration(since_segment) + ", " + format_duration(own_delay) +
               " more than the path RTT explains (threshold " + format_duration(threshold) +
               "): the receiver waited for a second segment or reply data to carry the ACK";
    } else {
        t.ko = "지연 ACK(delayed ACK): 세그먼트 하나(프레임 " + f + ")를 " +
               format_duration(since_segment) +
               " 후에 확인 응답했습니다. 경로 RTT로 설명되는 것보다 " + format_duration(own_delay) +
               " 늦습니다 (기준 " + format_duration(threshold) +
               "): 수신 측이 두 번째 세그먼트나 함께 보낼 응답 데이터를 기다렸습니다";
    }
    return t;
}

}  // namespace convdiag
