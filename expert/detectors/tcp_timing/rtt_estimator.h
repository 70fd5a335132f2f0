// RFC 6298 round-trip estimator for one direction's data: SRTT, RTTVAR and the
// retransmission timeout a textbook sender would arm. Pure arithmetic, no state
// beyond the three variables, so it can be tested against the RFC by hand.
#pragma once

#include <cstdint>

#include "expert/core/packet_facts.h"
#include "expert/core/varint.h"

namespace convdiag {

class RttEstimator {
  public:
    // RFC 6298 (2.1): before any sample the sender uses 1 s.
    static constexpr Nanoseconds kInitialRto = 1'000'000'000;
    // RFC 6298 (2.5) allows an upper bound of at least 60 s; backoff stops there.
    static constexpr Nanoseconds kMaxRto = 60'000'000'000;

    // Feeds one RTT measurement R (RFC 6298 2.2 and 2.3).
    void add_sample(Nanoseconds r);

    bool has_sample() const { return samples_ > 0; }
    uint32_t samples() const { return samples_; }
    Nanoseconds srtt() const { return srtt_; }
    Nanoseconds rttvar() const { return rttvar_; }
    // max(min_rto, SRTT + 4*RTTVAR); the initial 1 s while there is no sample. The minimum
    // is a setting, the same for every estimator, so it is passed rather than kept.
    Nanoseconds rto(Nanoseconds min_rto) const;
    // The same once there is a sample, from the two variables.
    static Nanoseconds rto_of(Nanoseconds srtt, Nanoseconds rttvar, Nanoseconds min_rto) {
        const Nanoseconds computed = srtt + 4 * rttvar;
        return computed < min_rto ? min_rto : computed;
    }
    // The timer after `earlier_attempts` expirations: RTO doubled per attempt (RFC 6298 5.5),
    // capped at kMaxRto.
    Nanoseconds backed_off_rto(Nanoseconds min_rto, uint32_t earlier_attempts) const;

    // Its exact state as varints, and back (a quiet connection's form).
    void save(VarintWriter &out) const {
        out.put_signed(srtt_);
        out.put_signed(rttvar_);
        out.put(samples_);
    }
    void load(VarintReader &in) {
        srtt_ = in.get_signed();
        rttvar_ = in.get_signed();
        samples_ = static_cast<uint32_t>(in.get());
    }

  private:
    Nanoseconds srtt_ = 0;
    Nanoseconds rttvar_ = 0;
    uint32_t samples_ = 0;
};

}  // namespace convdiag
