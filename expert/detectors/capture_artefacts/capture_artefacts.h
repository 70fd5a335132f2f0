// Artefacts of the capture rather than of the network: copies of a packet the capture
// recorded twice (a SPAN port seeing it on two ports, two taps merged) and traffic a file
// holds twice (captures joined with `mergecap -a`, the time jumping back between them).
// The engine asks before any detector sees a packet and hides copies and repeats from all
// of them, so none can take a copy for a retransmission, a probe or a reopening.
#pragma once

#include <cstdint>

#include "expert/core/detector.h"
#include "expert/detectors/capture_artefacts/recent_fingerprints.h"

namespace convdiag {

// How far apart a copy may be from its original. A SPAN port's or two taps' copies come
// microseconds apart. A packet with a non-zero IP ID may be a little further: Linux gives
// every transmission a new one, so its fast resend 0.15 ms after the original is no copy.
// Windows resends a SYN with the same IP ID (ppa/nowebaccess3: 5 ms, then 1 s later), so
// even then only a millisecond is taken as "the same moment".
constexpr Nanoseconds kCopyWindowWithIpId = 1'000'000;
// Without an IP ID (IPv6, or 0) a resend a fraction of a millisecond later may equal its
// original bit for bit (same timestamps option, window and acknowledgement).
constexpr Nanoseconds kCopyWindowWithoutIpId = 100'000;

struct CaptureArtefactIds {
    FieldId duplicate_of = 0;
    FieldId time_backwards = 0;
    FieldId repeated = 0;
    ExpertId time_backwards_note = 0;
};

struct CaptureArtefactCounts {
    uint32_t copies = 0;
    uint32_t repeats = 0;
    uint32_t backward_jumps = 0;
};

enum class Screening : uint8_t { Fresh, Copy, Repeat };

class CaptureArtefacts {
  public:
    static CaptureArtefactIds declare(Schema &schema);

    CaptureArtefacts(ResultStore &results, const CaptureArtefactIds &ids)
        : results_(results), ids_(ids) {}

    // Every packet the engine gets, in capture order (ICMP errors too): notes a time
    // earlier than the previous packet's.
    void observe_time(const PacketFacts &packet);
    // Whether detectors may see this TCP segment, UDP datagram or ICMP error (only copies
    // of those). `conversation` is the segment's TCP conversation before it, if any.
    Screening screen(const PacketFacts &packet, const TcpConversation *conversation);

    const CaptureArtefactCounts &counts() const { return counts_; }

  private:
    bool repeats_earlier_segment(const PacketFacts &packet,
                                 const TcpConversation &conversation) const;

    ResultStore &results_;
    CaptureArtefactIds ids_;
    RecentFingerprints recent_;
    CaptureArtefactCounts counts_;
    Nanoseconds previous_time_ = 0;
    Nanoseconds high_water_ = 0;  // the latest time of the capture so far
    bool any_time_ = false;
    // Since the time last went back, it has not yet passed its earlier high water: what
    // comes now may be traffic the file already holds.
    bool replaying_ = false;
};

}  // namespace convdiag
