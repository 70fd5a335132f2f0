// ReceiveWindowTracker follows the receive window ONE side of a TCP conversation
// advertises, segment by segment, and says why it changed: the application stopped
// reading (closing, zero), it drained its buffer (reopened), autotuning (grown), or
// the receiver took space back (shrunk). It also keeps the zero-window stall clock
// and the per-side numbers of the summary table. Pure logic: no results, no texts.
#pragma once

#include <cstdint>
#include <vector>

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

// One step of a closing run, kept until the run proves to be one.
struct ClosingStep {
    FrameNumber frame = 0;
    int64_t before = 0;
    int64_t after = 0;
    uint32_t acked = 0;  // bytes this ACK advanced
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
    // A segment from this side (ACK flag set, no RST). `syn` segments carry an unscaled
    // window and set the starting point only. `peer_sent_data`: the other side has sent
    // payload, so growth now is the receiver making room for a flow (autotuning).
    WindowChange observe(const AdvertisedWindow &window, bool syn, FrameNumber frame,
                         Nanoseconds time, bool peer_sent_data, const WindowThresholds &limits);

    // The other side probed the closed window; the next zero advertisement answers it.
    void note_probe() { probe_outstanding_ = true; }
    void note_window_filled() { ++full_count_; }

    bool has_window() const { return has_last_; }
    const AdvertisedWindow &last() const { return last_; }
    bool in_zero_window() const { return in_zero_; }
    Nanoseconds zero_since() const { return zero_since_; }
    FrameNumber zero_since_frame() const { return zero_frame_; }
    // Steps of a run that waited for confirmation (capped; the run may be longer).
    const std::vector<ClosingStep> &earlier_closing_steps() const { return pending_; }

    // For the summary table.
    uint32_t zero_count() const { return zero_count_; }
    uint32_t full_count() const { return full_count_; }
    uint32_t confirmed_closing_runs() const { return closing_runs_; }
    // Finished stalls, plus the running one up to `now`.
    Nanoseconds stall_total(Nanoseconds now) const {
        return stall_total_ + (in_zero_ ? now - zero_since_ : 0);
    }
    int64_t smallest_bytes() const { return min_bytes_; }  // -1 = none in known bytes
    int64_t largest_bytes() const { return max_bytes_; }

    static constexpr size_t kMaxPendingClosingSteps = 32;

  private:
    WindowChange enter_zero(const AdvertisedWindow &w, const AdvertisedWindow &prev,
                            bool comparable, FrameNumber frame, Nanoseconds time);
    WindowChange while_zero(const AdvertisedWindow &w, Nanoseconds time);
    WindowChange closing_step(const AdvertisedWindow &prev, const AdvertisedWindow &w,
                              FrameNumber frame, uint32_t acked, const WindowThresholds &limits);
    void end_closing_run();
    void record_extremes(const AdvertisedWindow &w);

    bool has_last_ = false;
    AdvertisedWindow last_;
    bool last_is_syn_ = false;

    bool in_zero_ = false;
    Nanoseconds zero_since_ = 0;
    FrameNumber zero_frame_ = 0;
    bool probe_outstanding_ = false;

    // Closing run: consecutive ACKs whose window shrinks by what they acknowledge.
    uint32_t run_steps_ = 0;
    int64_t run_start_window_ = 0;
    bool run_confirmed_ = false;
    std::vector<ClosingStep> pending_;
    bool pending_delivered_ = false;  // handed out with a confirmation; cleared next time

    bool has_reference_ = false;  // reference window for growth
    bool reference_scale_known_ = false;
    int64_t reference_ = 0;
    FrameNumber reference_frame_ = 0;

    uint32_t zero_count_ = 0;
    uint32_t full_count_ = 0;
    uint32_t closing_runs_ = 0;
    Nanoseconds stall_total_ = 0;
    int64_t min_bytes_ = -1;
    int64_t max_bytes_ = -1;
};

}  // namespace convdiag
