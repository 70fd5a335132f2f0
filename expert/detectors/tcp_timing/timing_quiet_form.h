// A connection's timing state while its conversation is quiet (see
// ConversationState::quiet_form): the ConnectionTiming written as varints, times as
// differences from one another. A connection that went quiet with its ledgers' recently
// acknowledged segments and its loss signals takes about 900 bytes in full and about a
// quarter of that in this form; the detector restores the full state, exactly, on the
// conversation's next packet.
#pragma once

#include <cstdint>
#include <memory>

#include "expert/detectors/tcp_timing/timing_state.h"

namespace convdiag {

struct QuietTiming : TimingState {
    QuietTiming() { quiet = true; }

    std::unique_ptr<uint8_t[]> bytes;
    uint32_t size = 0;
};

std::unique_ptr<QuietTiming> quiet_timing_of(const ConnectionTiming &timing);
std::unique_ptr<ConnectionTiming> connection_timing_of(const QuietTiming &quiet);

}  // namespace convdiag
