#include "expert/detectors/conversation_end/stall_watch.h"

#include "expert/core/text.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

void StallWatch::sent_again(const PacketFacts &p, uint32_t length) {
    if (!resent || resent->seq != p.tcp.seq) {
        resent = std::make_unique<ResentSegment>();
        resent->seq = p.tcp.seq;
        resent->length = length;
        if (newest_frame != 0 && newest_seq == p.tcp.seq) {
            resent->original_timed = true;
            resent->add_try(newest_frame, newest_time);
        } else {
            ++resent->tries;  // sent before, at a time this watch did not keep
        }
    }
    resent->add_try(p.frame, p.time);
}

void StallWatch::acknowledged(uint32_t ack) {
    if (resent && seq_gt(ack, resent->seq)) resent.reset();
}

namespace {

bool near(double value, double target, double tolerance) {
    return value >= target * (1 - tolerance) && value <= target * (1 + tolerance);
}

// The first wait from which every wait is about twice the one before (n - 1: none).
// Linux clamps and rounds its timer to jiffies: a factor of 1.6 to 2.5 is doubling.
size_t doubles_from(const Nanoseconds *waits, size_t n) {
    size_t from = n - 1;
    while (from > 0) {
        const double ratio =
            waits[from - 1] > 0 ? static_cast<double>(waits[from]) / waits[from - 1] : 0;
        if (ratio < 1.6 || ratio > 2.5) break;
        --from;
    }
    return from;
}

}  // namespace

BackoffWords describe_backoff(const ResentSegment &s) {
    BackoffWords words;
    if (s.timed < 2) return words;
    Nanoseconds waits[ResentSegment::kTimedTries - 1];
    const size_t n = s.timed - 1u;
    for (size_t i = 0; i < n; ++i) waits[i] = s.try_times[i + 1] - s.try_times[i];
    const std::string first = format_duration(waits[0]);
    if (n == 1) {
        words.en = "one wait of " + first;
        words.ko = first + " 한 번 기다림";
        return words;
    }
    // Linux arms the first timer from the last ACK, not from the original, so the first
    // wait may stand apart from a backoff that doubles after it.
    const size_t from = doubles_from(waits, n);
    bool steady = true;
    for (size_t i = 1; i < n; ++i)
        steady = steady && near(static_cast<double>(waits[i]), static_cast<double>(waits[0]), 0.2);
    if (from == 0) {
        words.en = first + " doubling";
        words.ko = first + "부터 두 배씩";
    } else if (from == 1 && n > 2) {
        const std::string second = format_duration(waits[1]);
        words.en = first + ", then " + second + " doubling";
        words.ko = first + ", 그 뒤 " + second + "부터 두 배씩";
    } else if (steady) {
        words.en = "every " + first;
        words.ko = first + "마다";
    } else {
        for (size_t i = 0; i < n; ++i) words.en += (i ? ", " : "") + format_duration(waits[i]);
        words.ko = words.en;
    }
    return words;
}

}  // namespace convdiag
