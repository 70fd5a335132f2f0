#include "expert/detectors/window/receive_window_tracker.h"

#include <algorithm>

#include "expert/tcp/sequence_math.h"

namespace convdiag {

const char *window_event_name(WindowEvent event) {
    switch (event) {
        case WindowEvent::Closing:
            return "closing";
        case WindowEvent::Zero:
            return "zero";
        case WindowEvent::Probe:
            return "probe";
        case WindowEvent::ProbeAck:
            return "probe-ack";
        case WindowEvent::Full:
            return "full";
        case WindowEvent::Reopened:
            return "reopened";
        case WindowEvent::Grown:
            return "grown";
        case WindowEvent::Shrunk:
            return "shrunk";
        case WindowEvent::None:
            break;
    }
    return "";
}

void PendingClosingSteps::push_back(const ClosingStep &step) {
    if (size_ == kCapacity) return;
    if (size_ == capacity_) {
        const uint8_t bigger = capacity_ == 0 ? 2 : static_cast<uint8_t>(capacity_ * 2);
        std::unique_ptr<ClosingStep[]> steps(new ClosingStep[bigger]);
        std::copy(begin(), end(), steps.get());
        steps_ = std::move(steps);
        capacity_ = bigger;
    }
    steps_[size_++] = step;
}

const PendingClosingSteps &ReceiveWindowTracker::earlier_closing_steps() const {
    static const PendingClosingSteps none;
    return episodes_ ? episodes_->pending : none;
}

WindowChange ReceiveWindowTracker::observe(const AdvertisedWindow &w, bool syn, FrameNumber frame,
                                           Nanoseconds time, bool peer_sent_data,
                                           const WindowThresholds &limits) {
    if (episodes_ && episodes_->pending_delivered) {
        episodes_->pending.clear();
        episodes_->pending_delivered = false;
    }
    if (has_last_ && seq_lt(w.ack, last_ack_)) return {};  // an older ACK seen late
    record_extremes(w);

    const bool first = !has_last_;
    const AdvertisedWindow prev = last();
    const bool prev_was_syn = last_is_syn_;
    has_last_ = true;
    last_ack_ = w.ack;
    last_raw_ = w.raw;
    last_shift_ = w.shift;
    last_is_syn_ = syn;
    if (syn) return {};  // an unscaled SYN window is only a starting point

    if (!has_reference_ || reference_scale_known_ != w.scale_known()) {
        has_reference_ = true;
        reference_scale_known_ = w.scale_known();
        reference_ = static_cast<int32_t>(w.value());
        reference_frame_ = frame;
    }
    // A raw value and a byte count, or the scaled window after the SYN's unscaled one
    // (a scaling artifact, not a decision of the receiver), cannot be compared.
    const bool comparable = !first && !prev_was_syn && prev.scale_known() == w.scale_known();

    if (in_zero_) return while_zero(w, time);
    if (w.raw == 0) return enter_zero(w, prev, comparable, frame, time);
    if (!comparable) {
        end_closing_run();
        return {};
    }

    const uint32_t acked = w.ack - prev.ack;
    const int64_t old_value = prev.value();
    const int64_t new_value = w.value();
    bool closing = false, shrunk = false, opened = false;
    int64_t moved_left = 0;
    if (w.scale_known()) {
        // The receiver rounds its window down to its scale unit: an edge that moves by
        // less than one unit has not moved.
        const int64_t delta = static_cast<int32_t>(w.right_edge() - prev.right_edge());
        const int64_t unit = w.granularity();
        closing = acked > 0 && new_value < old_value && delta > -unit && delta < unit;
        shrunk = delta <= -unit;
        opened = delta >= unit;
        moved_left = -delta;
    } else if (acked == 0) {
        // Same ACK: whatever the unknown shift, a smaller raw window is a smaller window.
        shrunk = new_value < old_value;
        opened = new_value > old_value;
        moved_left = old_value - new_value;
    } else {
        // Bytes acknowledged against raw units: only an exact match (shift 0) is proof.
        closing = new_value < old_value && static_cast<int64_t>(acked) == old_value - new_value;
        opened = new_value >= old_value;
    }

    if (closing) return closing_step(prev, w, frame, acked, limits);

    WindowChange change;
    change.scale_known = w.scale_known();
    change.before = old_value;
    change.after = new_value;
    if (shrunk) {
        end_closing_run();
        change.event = WindowEvent::Shrunk;
        change.acked = static_cast<uint32_t>(moved_left);
        return change;
    }
    if (!opened) return {};  // the same window again: a plain ACK, no event

    if (run_confirmed()) {
        if (new_value <= old_value) return {};  // reading as fast as data comes, still small
        end_closing_run();
        change.event = WindowEvent::Reopened;
        if (new_value > reference_) {
            reference_ = static_cast<int32_t>(new_value);
            reference_frame_ = frame;
        }
        return change;
    }
    end_closing_run();  // one unread segment, read now: no story to tell

    const uint64_t grown_limit =
        static_cast<uint64_t>(reference_) * (100u + static_cast<uint64_t>(limits.growth_percent));
    if (peer_sent_data && new_value > old_value &&
        static_cast<uint64_t>(new_value) * 100u > grown_limit) {
        change.event = WindowEvent::Grown;
        change.before = reference_;
        change.since_frame = reference_frame_;
        reference_ = static_cast<int32_t>(new_value);
        reference_frame_ = frame;
        return change;
    }
    return {};
}

WindowChange ReceiveWindowTracker::enter_zero(const AdvertisedWindow &w,
                                              const AdvertisedWindow &prev, bool comparable,
                                              FrameNumber frame, Nanoseconds time) {
    Episodes &e = episodes();
    WindowChange change;
    change.event = WindowEvent::Zero;
    change.scale_known = w.scale_known();
    change.before = comparable ? prev.value() : -1;
    change.after = 0;
    change.stall = 0;
    // Steps that were closing toward this zero are confirmed by it.
    if (!e.run_confirmed && !e.pending.empty()) {
        change.confirms_earlier_steps = true;
        e.pending_delivered = true;
        ++e.closing_runs;
    }
    e.run_steps = 0;
    e.run_confirmed = false;
    in_zero_ = true;
    e.zero_since = time;
    e.zero_frame = frame;
    e.probe_outstanding = false;
    ++e.zero_count;
    return change;
}

WindowChange ReceiveWindowTracker::while_zero(const AdvertisedWindow &w, Nanoseconds time) {
    Episodes &e = episodes();
    WindowChange change;
    change.scale_known = w.scale_known();
    change.stall = time - e.zero_since;
    change.before = 0;
    if (w.raw == 0) {
        change.event = e.probe_outstanding ? WindowEvent::ProbeAck : WindowEvent::Zero;
        change.after = 0;
        e.probe_outstanding = false;
        return change;
    }
    change.event = WindowEvent::Reopened;
    change.after = w.value();
    e.stall_total += change.stall;
    in_zero_ = false;
    e.probe_outstanding = false;
    if (change.after > reference_) {
        reference_ = static_cast<int32_t>(change.after);
        reference_frame_ = e.zero_frame;
    }
    return change;
}

WindowChange ReceiveWindowTracker::closing_step(const AdvertisedWindow &prev,
                                                const AdvertisedWindow &w, FrameNumber frame,
                                                uint32_t acked, const WindowThresholds &limits) {
    Episodes &e = episodes();
    if (e.run_steps == 0) e.run_start_window = static_cast<int32_t>(prev.value());
    ++e.run_steps;
    WindowChange change;
    change.scale_known = w.scale_known();
    change.before = prev.value();
    change.after = w.value();
    change.acked = acked;
    if (!e.run_confirmed) {
        // One ACK alone proves nothing: when a retransmission fills a hole, all the data
        // queued behind it reaches the buffer at once and the window dips for microseconds.
        const uint64_t lost = static_cast<uint64_t>(e.run_start_window - change.after) * 100u;
        const bool enough_steps = e.run_steps >= 2 || limits.closing_percent == 0;
        if (!enough_steps ||
            lost < static_cast<uint64_t>(e.run_start_window) * limits.closing_percent) {
            e.pending.push_back({frame, static_cast<int32_t>(change.before),
                                 static_cast<int32_t>(change.after), acked});
            return {};
        }
        e.run_confirmed = true;
        ++e.closing_runs;
        change.confirms_earlier_steps = !e.pending.empty();
        e.pending_delivered = true;
    }
    change.event = WindowEvent::Closing;
    return change;
}

void ReceiveWindowTracker::end_closing_run() {
    if (!episodes_) return;
    Episodes &e = *episodes_;
    e.run_steps = 0;
    e.run_confirmed = false;
    if (!e.pending_delivered) e.pending.clear();
    // A run that ended unproven, on a window that never hit zero or was filled, leaves
    // nothing that a fresh Episodes would not say: most bulk transfers are like that.
    if (e.zero_count == 0 && e.full_count == 0 && e.closing_runs == 0 && e.pending.empty())
        episodes_.reset();
}

void ReceiveWindowTracker::record_extremes(const AdvertisedWindow &w) {
    // Raw units are no byte count; only zero is zero bytes at any scale, and a zero
    // alone must not pass for the largest window.
    if (!w.scale_known() && w.raw != 0) return;
    const int32_t bytes = static_cast<int32_t>(w.value());
    if (min_bytes_ < 0 || bytes < min_bytes_) {
        min_bytes_ = bytes;
        extremes_changed_ = true;
    }
    if (w.scale_known() && bytes > max_bytes_) {
        max_bytes_ = bytes;
        extremes_changed_ = true;
    }
}

}  // namespace convdiag
