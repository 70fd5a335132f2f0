#include "expert/detectors/connection_outcome/handshake_series.h"

#include <algorithm>

namespace convdiag {

Nanoseconds median_of(std::vector<Nanoseconds> values) {
    if (values.empty()) return 0;
    const size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle),
                     values.end());
    if (values.size() % 2) return values[middle];
    const Nanoseconds upper = values[middle];
    const Nanoseconds lower =
        *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
    return lower + (upper - lower) / 2;
}

void HandshakeSeries::add(FrameNumber frame, Nanoseconds rtt) {
    if (count_ == 0) {
        worst_ = rtt;
        worst_frame_ = frame;
        count_ = 1;
        return;
    }
    if (count_ == 1) {  // the first handshake leaves worst_ for the lists
        lists_ = std::make_unique<Lists>();
        lists_->frames.push_back(worst_frame_);
        lists_->sample.push_back(worst_);
    }
    if (rtt > worst_) {
        worst_ = rtt;
        worst_frame_ = frame;
    }
    Lists &l = *lists_;
    if (l.frames.size() < kMaxFrames) l.frames.push_back(frame);
    if (count_ % l.stride == 0) {
        l.sample.push_back(rtt);
        if (l.sample.size() == kCapacity) {
            // Keep samples 0, 2, 4...: the handshakes whose index is a multiple of 2k.
            for (size_t i = 0; 2 * i < l.sample.size(); ++i) l.sample[i] = l.sample[2 * i];
            l.sample.resize(kCapacity / 2);
            l.stride *= 2;
        }
    }
    ++count_;
}

std::vector<FrameNumber> HandshakeSeries::frames() const {
    if (lists_) return lists_->frames;
    return count_ == 1 ? std::vector<FrameNumber>{worst_frame_} : std::vector<FrameNumber>{};
}

std::vector<Nanoseconds> HandshakeSeries::sample() const {
    if (lists_) return lists_->sample;
    return count_ == 1 ? std::vector<Nanoseconds>{worst_} : std::vector<Nanoseconds>{};
}

Nanoseconds HandshakeSeries::median() const { return median_of(sample()); }

Nanoseconds HandshakeSeries::quarter_median(int quarter) const {
    if (!lists_) return 0;
    const std::vector<Nanoseconds> &sample = lists_->sample;
    const size_t n = sample.size();
    if (n < 4 || quarter < 0 || quarter > 3) return 0;
    const size_t from = static_cast<size_t>(quarter) * n / 4;
    const size_t to = static_cast<size_t>(quarter + 1) * n / 4;
    return median_of(std::vector<Nanoseconds>(sample.begin() + static_cast<std::ptrdiff_t>(from),
                                              sample.begin() + static_cast<std::ptrdiff_t>(to)));
}

}  // namespace convdiag
