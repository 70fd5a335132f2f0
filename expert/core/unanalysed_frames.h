// Frames ConvDiag could not analyse, counted by why and by what carried them, so
// that the report can say so instead of letting silence read as "no problem".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "expert/core/packet_facts.h"

namespace convdiag {

enum class UnanalysedReason : uint8_t {
    UndecodedPayload,       // Wireshark left the payload of this link/protocol undecoded
    TruncatedHeader,        // the TCP/UDP header is cut short by the capture
    MalformedHeader,        // the TCP/UDP header's lengths contradict the packet
    UnreassembledFragment,  // the first fragment of a datagram Wireshark did not reassemble
};

struct UnanalysedGroup {
    UnanalysedReason reason;
    std::string carrier;  // "wlan", "TCP", ... as Wireshark names the protocol
    uint64_t frames = 0;
    FrameNumber first_frame = 0;
};

class UnanalysedFrames {
  public:
    void note(FrameNumber frame, UnanalysedReason reason, const std::string &carrier);
    // Groups in the order first seen; at most kMaxGroups of them.
    const std::vector<UnanalysedGroup> &groups() const { return groups_; }
    // Frames of kinds first seen after kMaxGroups groups existed.
    uint64_t ungrouped() const { return ungrouped_; }
    uint64_t total() const { return total_; }

    static constexpr size_t kMaxGroups = 16;

  private:
    std::vector<UnanalysedGroup> groups_;
    uint64_t ungrouped_ = 0;
    uint64_t total_ = 0;
};

}  // namespace convdiag
