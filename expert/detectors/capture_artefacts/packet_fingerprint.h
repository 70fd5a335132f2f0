// A 64-bit fingerprint of what a copy made by the capture shares with its original and a
// resend by the sender does not: direction, IP ID, the TCP header as sent (sequence and
// acknowledgement numbers, flags, window, checksum, timestamps) and the payload. The
// payload's ends are hashed, not all of it: the TCP checksum already covers the whole.
#pragma once

#include <cstdint>

#include "expert/core/packet_facts.h"

namespace convdiag {

uint64_t packet_fingerprint(const PacketFacts &packet);

}  // namespace convdiag
