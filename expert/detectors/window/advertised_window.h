// One receive-window advertisement (the ACK number and the window field of a
// segment) with the unit it is expressed in. Without the handshake the scale is
// unknown: values stay raw and only raw comparisons with the same unknown shift
// are meaningful.
#pragma once

#include <cstdint>

namespace convdiag {

struct AdvertisedWindow {
    uint32_t ack = 0;
    uint16_t raw = 0;
    int8_t shift = -1;  // -1: unknown scale; SYN segments are never scaled (RFC 7323), so 0

    bool scale_known() const { return shift >= 0; }
    // Bytes when the scale is known, raw units otherwise: what we compare and report.
    int64_t value() const { return shift > 0 ? static_cast<int64_t>(raw) << shift : raw; }
    // The smallest change the receiver can express: windows are rounded to it.
    int64_t granularity() const { return shift > 0 ? int64_t{1} << shift : 1; }
    // Last sequence number the sender may send, plus one (ack + window, mod 2^32).
    uint32_t right_edge() const { return ack + static_cast<uint32_t>(value()); }
};

}  // namespace convdiag
