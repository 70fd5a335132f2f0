#include "expert/detectors/tcp_timing/rtt_estimator.h"

namespace convdiag {

void RttEstimator::add_sample(Nanoseconds r) {
    if (r < 0) return;  // out-of-order timestamps: no sample rather than a wrong one
    if (samples_ == 0) {
        srtt_ = r;
        rttvar_ = r / 2;
    } else {
        // RTTVAR is updated with the SRTT from before this sample (RFC 6298 2.3).
        const Nanoseconds deviation = srtt_ > r ? srtt_ - r : r - srtt_;
        rttvar_ = (3 * rttvar_ + deviation) / 4;
        srtt_ = (7 * srtt_ + r) / 8;
    }
    if (samples_ < UINT32_MAX) ++samples_;
}

Nanoseconds RttEstimator::rto(Nanoseconds min_rto) const {
    if (samples_ == 0) return kInitialRto;
    return rto_of(srtt_, rttvar_, min_rto);
}

Nanoseconds RttEstimator::backed_off_rto(Nanoseconds min_rto, uint32_t earlier_attempts) const {
    Nanoseconds timer = rto(min_rto);
    for (uint32_t i = 0; i < earlier_attempts && timer < kMaxRto; ++i) timer *= 2;
    return timer > kMaxRto ? kMaxRto : timer;
}

}  // namespace convdiag
