// Duplicate ACKs sent by one side, as RFC 5681 (section 2) defines them: a pure
// ACK (no data, no SYN/FIN) repeating the highest ACK value with the same window
// while the peer has data outstanding. Numbered 1, 2, 3... per ACK value; the caller
// keeps the frames of the first ones (they trigger a fast retransmission) only for the
// few directions that send duplicates.
#pragma once

#include <cstdint>

#include "expert/core/packet_facts.h"
#include "expert/core/varint.h"

namespace convdiag {

struct AckFacts {
    uint32_t ack = 0;
    uint16_t window = 0;  // raw: a duplicate repeats the same raw value
    bool pure = false;    // no payload, no SYN, FIN or RST
    bool data_outstanding = false;
    bool sack_beyond_ack = false;  // carries a SACK block above the ACK value (RFC 6675)
    FrameNumber frame = 0;
};

class DuplicateAckCounter {
  public:
    // The duplicate number of this ACK (1 for the first duplicate), 0 if it is none.
    uint32_t on_ack(const AckFacts &a);
    void reset() { *this = DuplicateAckCounter(); }

    // The highest ACK value seen: every later ACK is compared with it.
    bool known() const { return known_; }
    uint32_t ack_value() const { return ack_; }
    uint32_t duplicates() const { return duplicates_; }
    // The ACK that first carried this value, if it already reported data beyond a
    // hole with SACK (then it is the first loss signal, although not a duplicate).
    FrameNumber first_sack_frame() const { return first_sack_frame_; }

    // Its exact state as varints, and back (a quiet connection's form).
    void save(VarintWriter &out) const {
        out.put(ack_);
        out.put(duplicates_);
        out.put(first_sack_frame_);
        out.put((uint64_t{window_} << 1) | (known_ ? 1u : 0u));
    }
    void load(VarintReader &in) {
        ack_ = static_cast<uint32_t>(in.get());
        duplicates_ = static_cast<uint32_t>(in.get());
        first_sack_frame_ = static_cast<FrameNumber>(in.get());
        const uint64_t window_and_known = in.get();
        window_ = static_cast<uint16_t>(window_and_known >> 1);
        known_ = (window_and_known & 1) != 0;
    }

  private:
    uint32_t ack_ = 0;
    uint32_t duplicates_ = 0;
    FrameNumber first_sack_frame_ = 0;
    uint16_t window_ = 0;
    bool known_ = false;
};

}  // namespace convdiag
