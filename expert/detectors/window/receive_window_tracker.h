// ReceiveWindowTracker follows the receive window ONE side of a TCP conversation
// advertises, segment by segment, and says why it changed: the application stopped
// reading (closing, zero), it drained its buffer (reopened), autotuning (grown), or
// the receiver took space back (shrunk). It also keeps the zero-window stall clock
// and the per-side numbers of the summary table. Pure logic: no results, no texts.
#pragma once

#include <cstdint>
#include <memory>

#include "expert/core/packet_facts.h"
#include "expert/detectors/window/advertised_window.h"

namespace convdiag {

enum class WindowEvent : uint8_t {
    None,
    Closing,
    Zero,
    Probe,
    ProbeAck,
    Full,
    Reopened,
    Grown,
    Shrunk
};

const char *window_event_name(WindowEvent event);  // the public convdiag.win.event value

struct WindowThresholds {
    // A closing run is reported once, over at least two ACKs, the window lost this share
    // (percent) of the size it had when the run began, or once it reached zero: one
    // unread segment is no slow reader. 0 reports every single step.
    uint32_t closing_percent = 50;
    // Growth beyond this share (percent) of the last reference window is "grown".
    uint32_t growth_percent = 50;
};

// One step of a closing run, kept until the run proves to be one. Windows fit 31 bits
// (at most 65,535 << 14, RFC 7323).
struct ClosingStep {
    FrameNumber frame = 0;
    int32_t before = 0;
    int32_t after = 0;
    uint32_t acked = 0;  // bytes this ACK advanced
};

// The steps of a closing run not proven yet, at most kCapacity of them (the run may be
// longer). Storage grows with the run and is given back when it is cleared: most runs
// end unproven after a step or two.
class PendingClosingSteps {
  public:
    static constexpr uint8_t kCapacity = 32;

    void push_back(const ClosingStep &step);  // ignored beyond kCapacity
    void clear() {
        steps_.reset();
        size_ = capacity_ = 0;
    }
    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    const ClosingStep &front() const { return steps_[0]; }
    const ClosingStep *begin() const { return steps_.get(); }
    const ClosingStep *end() const { return steps_.get() + size_; }

  private:
    std::unique_ptr<ClosingStep[]> steps_;
    uint8_t size_ = 0;
    uint8_t capacity_ = 0;
};

struct WindowChange {
    WindowEvent event = WindowEvent::None;
    int64_t before = -1;  // in AdvertisedWindow::value() units; -1 = not known
    int64_t after = -1;
    bool scale_known = false;
    Nanoseconds stall = -1;       // -1 = no stall on this frame
    uint32_t acked = 0;           // Closing: bytes this ACK advanced; Shrunk: units the edge moved
    FrameNumber since_frame = 0;  // Grown: frame of the reference window
    // Closing only: earlier steps of this run that are now confirmed; write them too.
    bool confirms_earlier_steps = false;
};

class ReceiveWindowTracker {
  public:
    ReceiveWindowTracker()
        : has_last_(false),
          last_is_syn_(false),
          in_zero_(false),
          has_reference_(false),
          reference_scale_known_(false),
          extremes_changed_(false) {}

    // A segment from this side (ACK flag set, no RST). `syn` segments carry an unscaled
    // window and set the starting point only. `peer_sent_data`: the other side has sent
    // payload, so growth now is the receiver making room for a flow (autotuning).
    WindowChange observe(const AdvertisedWindow &window, bool syn, FrameNumber frame,
                         Nanoseconds time, bool peer_sent_data, const WindowThresholds &limits);

    // The other side probed the closed window; the next zero advertisement answers it.
    void note_probe() { episodes().probe_outstanding = true; }
    void note_window_filled() { ++episodes().full_count; }

    bool has_window() const { return has_last_; }
    AdvertisedWindow last() const { return {last_ack_, last_raw_, last_shift_}; }
    bool in_zero_window() const { return in_zero_; }
    Nanoseconds zero_since() const { return episodes_ ? episodes_->zero_since : 0; }
    FrameNumber zero_since_frame() const { return episodes_ ? episodes_->zero_frame : 0; }
    // Steps of a run that waited for confirmation (capped; the run may be longer).
    const PendingClosingSteps &earlier_closing_steps() const;

    // For the summary table.
    uint32_t zero_count() const { return episodes_ ? episodes_->zero_count : 0; }
    uint32_t full_count() const { return episodes_ ? episodes_->full_count : 0; }
    uint32_t confirmed_closing_runs() const { return episodes_ ? episodes_->closing_runs : 0; }
    // Finished stalls, plus the running one up to `now`.
    Nanoseconds stall_total(Nanoseconds now) const {
        if (!episodes_) return 0;
        return episodes_->stall_total + (in_zero_ ? now - episodes_->zero_since : 0);
    }
    int64_t smallest_bytes() const { return min_bytes_; }  // -1 = none in known bytes
    int64_t largest_bytes() const { return max_bytes_; }
    // Whether the extremes changed since mark_extremes_shown(): the summary rewrites
    // them only then.
    bool extremes_changed() const { return extremes_changed_; }
    void mark_extremes_shown() { extremes_changed_ = false; }

    static constexpr size_t kMaxPendingClosingSteps = PendingClosingSteps::kCapacity;

  private:
    // What only a window that closes, hits zero or gets filled needs: allocated when one
    // does, and freed again when a closing run ends unproven with nothing else to keep.
    struct Episodes {
        Nanoseconds zero_since = 0;
        Nanoseconds stall_total = 0;
        FrameNumber zero_frame = 0;
        uint32_t zero_count = 0;
        uint32_t full_count = 0;
        uint32_t closing_runs = 0;
        // Closing run: consecutive ACKs whose window shrinks by what they acknowledge.
        uint32_t run_steps = 0;
        int32_t run_start_window = 0;
        PendingClosingSteps pending;
        bool run_confirmed = false;
        bool probe_outstanding = false;
        bool pending_delivered = false;  // handed out with a confirmation; cleared next time
    };

    Episodes &episodes() {
        if (!episodes_) episodes_ = std::make_unique<Episodes>();
        return *episodes_;
    }
    bool run_confirmed() const { return episodes_ && episodes_->run_confirmed; }
    WindowChange enter_zero(const AdvertisedWindow &w, const AdvertisedWindow &prev,
                            bool comparable, FrameNumber frame, Nanoseconds time);
    WindowChange while_zero(const AdvertisedWindow &w, Nanoseconds time);
    WindowChange closing_step(const AdvertisedWindow &prev, const AdvertisedWindow &w,
                              FrameNumber frame, uint32_t acked, const WindowThresholds &limits);
    void end_closing_run();
    void record_extremes(const AdvertisedWindow &w);

    // The last advertisement, field by field so the flags share its padding.
    uint32_t last_ack_ = 0;
    uint16_t last_raw_ = 0;
    int8_t last_shift_ = -1;
    bool has_last_ : 1;
    bool last_is_syn_ : 1;
    bool in_zero_ : 1;
    bool has_reference_ : 1;  // reference window for growth
    bool reference_scale_known_ : 1;
    bool extremes_changed_ : 1;

    int32_t reference_ = 0;
    FrameNumber reference_frame_ = 0;
    int32_t min_bytes_ = -1;
    int32_t max_bytes_ = -1;
    std::unique_ptr<Episodes> episodes_;
};

}  // namespace convdiag
