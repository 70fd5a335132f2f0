// Duplicate ACKs sent by one side, as RFC 5681 (section 2) defines them: a pure
// ACK (no data, no SYN/FIN) repeating the highest ACK value with the same window
// while the peer has data outstanding. Numbered 1, 2, 3... per ACK value, and
// remembering which frames they were, since they trigger a fast retransmission.
#pragma once

#include <cstdint>
#include <memory>

#include "expert/core/packet_facts.h"

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
    static constexpr uint32_t kRememberedFrames = 8;

    // The duplicate number of this ACK (1 for the first duplicate), 0 if it is none.
    uint32_t on_ack(const AckFacts &a);
    void reset() { *this = DuplicateAckCounter(); }

    // The highest ACK value seen: every later ACK is compared with it.
    bool known() const { return known_; }
    uint32_t ack_value() const { return ack_; }
    uint32_t duplicates() const { return duplicates_; }
    // The first duplicates of the current ACK value (at most kRememberedFrames).
    const FrameNumber *duplicate_frames() const { return frames_.get(); }
    uint32_t remembered() const { return remembered_; }
    // The ACK that first carried this value, if it already reported data beyond a
    // hole with SACK (then it is the first loss signal, although not a duplicate).
    FrameNumber first_sack_frame() const { return first_sack_frame_; }

  private:
    uint32_t ack_ = 0;
    uint32_t duplicates_ = 0;
    FrameNumber first_sack_frame_ = 0;
    uint16_t window_ = 0;
    bool known_ = false;
    uint8_t remembered_ = 0;
    // Allocated on the first duplicate: most directions never send one.
    std::unique_ptr<FrameNumber[]> frames_;
};

}  // namespace convdiag
