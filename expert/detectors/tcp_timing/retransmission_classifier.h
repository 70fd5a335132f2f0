// Why a segment was sent again: the textbook causes, decided from what the
// sender could know at that moment. Pure: the detector gathers the facts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace convdiag {

enum class RetransmissionCause : uint8_t {
    None,      // not a retransmission after all: a reordered original (out of order)
    Rto,       // the retransmission timer expired
    Fast,      // duplicate ACKs / SACK reported the loss (RFC 5681 / RFC 6675)
    Spurious,  // the receiver had already acknowledged the data
    SynRto,    // a SYN or SYN/ACK sent again
};

const char *cause_name(RetransmissionCause cause);  // "rto", "fast", ... ("" for None)

// Retransmissions of one conversation by cause, indexed by cause - 1 (Rto first).
struct RetransmissionCounts {
    uint32_t by_cause[4] = {};
    uint64_t total() const {
        return uint64_t{by_cause[0]} + by_cause[1] + by_cause[2] + by_cause[3];
    }
};
// The summary table's cell: "rto 2, fast 1", the causes that occurred in a fixed order.
std::string retransmission_summary(const RetransmissionCounts &counts);
// The counts back from such a cell (the JSON log and the compact summary read the
// table, the one place the counts are kept); an empty cell is all zeros.
RetransmissionCounts parse_retransmission_summary(std::string_view summary);

struct RetransmissionFacts {
    bool syn = false;
    // Every byte was already covered by the cumulative ACK or a SACK block.
    bool already_acknowledged = false;
    // >= 3 duplicate ACKs for exactly this sequence number.
    bool duplicate_ack_threshold = false;
    // RFC 6675 IsLost(): more than 2 segments' worth, or 3 blocks, SACKed above it.
    bool sack_reports_loss = false;
    // A first resend of a hole while a fast recovery is under way (NewReno partial
    // ACK, or the next SACK hole).
    bool continues_fast_recovery = false;
    // We saw this data sent before (it is in the ledger).
    bool original_seen = false;
    // The sender's timer already expired for data not acknowledged since (RFC 6298 5.5):
    // the backoff under way decides every resend, duplicate ACKs or not.
    bool in_timeout_backoff = false;
    // A loss signal (duplicate ACK, SACK) came after the previous transmission of these
    // bytes. False only for data already resent without any signal since: its resend
    // cannot answer the duplicate ACKs that came before (those were spent on the
    // earlier resend).
    bool signal_since_previous_send = true;
    // The segment came so soon after the highest one (less than the handshake RTT,
    // 3 ms without one) that it is more likely reordered than resent.
    bool within_reordering_window = false;
};

RetransmissionCause classify_retransmission(const RetransmissionFacts &f);

}  // namespace convdiag
