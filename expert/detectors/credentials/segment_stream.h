// The application bytes of a TCP segment that the receiver has not seen yet,
// and a bounded line assembler for protocols whose commands span segments.
#pragma once

#include <string>
#include <string_view>

#include "expert/core/packet_facts.h"
#include "expert/parsers/byte_view.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

struct FreshBytes {
    ByteView bytes;
    // Bytes before these were never seen (capture loss, or the segment was
    // reordered): whatever was half-assembled must be dropped.
    bool gap_before = false;
    // The segment was cut by the snaplen: whatever follows is missing.
    bool cut_after = false;
};

// Skips what `flow` (this sender's state before the packet) already delivered,
// so a retransmitted command is never read twice.
FreshBytes fresh_payload(const PacketFacts &packet, const TcpFlow &flow);

// Collects bytes into lines ending in LF (a CR before it is removed). A line
// longer than kMaxLine is dropped whole: no command we read is that long, and
// memory per connection stays bounded.
class LineBuffer {
  public:
    static constexpr size_t kMaxLine = 4096;

    template <typename Fn>
    void feed(ByteView bytes, Fn &&on_line) {
        feed(bytes, on_line, [] {});
    }
    // The same, and `on_dropped()` where a line too long to keep ends: a reader whose state
    // depends on the lines (a USER before its PASS) must know one went by unread.
    template <typename Fn, typename Dropped>
    void feed(ByteView bytes, Fn &&on_line, Dropped &&on_dropped) {
        std::string_view text = bytes.text();
        while (!text.empty()) {
            const size_t lf = text.find('\n');
            if (lf == std::string_view::npos) {
                append(text);
                return;
            }
            std::string_view piece = text.substr(0, lf);
            text.remove_prefix(lf + 1);
            if (partial_.empty() && !overflow_) {
                emit(piece, on_line);  // the common case: no copy
                continue;
            }
            append(piece);
            if (!overflow_)
                emit(partial_, on_line);
            else
                on_dropped();
            partial_.clear();
            overflow_ = false;
        }
    }
    void reset() {
        partial_.clear();
        overflow_ = false;
    }
    bool holds_partial_line() const { return !partial_.empty() || overflow_; }

  private:
    template <typename Fn>
    static void emit(std::string_view line, Fn &&on_line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line(line);
    }
    void append(std::string_view piece) {
        if (overflow_) return;
        if (partial_.size() + piece.size() > kMaxLine) {
            partial_.clear();
            overflow_ = true;
            return;
        }
        partial_.append(piece);
    }

    std::string partial_;
    bool overflow_ = false;
};

}  // namespace convdiag
