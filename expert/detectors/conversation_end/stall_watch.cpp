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
    bool doubling = true, steady = true;
    for (size_t i = 1; i < n; ++i) {
        const double ratio = waits[i - 1] > 0 ? static_cast<double>(waits[i]) / waits[i - 1] : 0;
        // Linux clamps and rounds its timer to jiffies: a factor of 1.6 to 2.5 is doubling.
        doubling = doubling && ratio >= 1.6 && ratio <= 2.5;
        steady = steady && near(static_cast<double>(waits[i]), static_cast<double>(waits[0]), 0.2);
    }
    if (doubling) {
        words.en = first + " doubling";
        words.ko = first + "부터 두 배씩";
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
