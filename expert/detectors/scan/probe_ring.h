// A probing SYN as the scan detector keeps it, and a FIFO of them.
#pragma once

#include <cstdint>
#include <memory>

#include "expert/core/packet_facts.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

// A probe's item (the port it scans, the host it sweeps) is its destination, read from
// its conversation's server when needed: the probe was that conversation's SYN to it.
struct Probe {
    Nanoseconds time = 0;
    FrameNumber frame = 0;
    uint32_t stream = kNoStream;
};

// A FIFO of probes holding exactly what it needs: most targets see one or two SYNs,
// and a std::deque allocates a 512-byte block for the first.
class ProbeRing {
  public:
    class const_iterator {
      public:
        const Probe &operator*() const { return ring_->at(index_); }
        const Probe *operator->() const { return &ring_->at(index_); }
        const_iterator &operator++() {
            ++index_;
            return *this;
        }
        bool operator!=(const const_iterator &o) const { return index_ != o.index_; }
        bool operator==(const const_iterator &o) const { return index_ == o.index_; }

      private:
        friend class ProbeRing;
        const_iterator(const ProbeRing *ring, size_t index) : ring_(ring), index_(index) {}
        const ProbeRing *ring_;
        size_t index_;
    };

    bool empty() const { return count_ == 0; }
    size_t size() const { return count_; }
    const Probe &front() const { return slots_[head_]; }
    void push_back(const Probe &probe) {
        if (count_ == capacity_) grow();
        slots_[(head_ + count_) % capacity_] = probe;
        ++count_;
    }
    void pop_front() {
        head_ = (head_ + 1u) % capacity_;
        if (--count_ == 0) head_ = 0;
    }
    void clear() {
        slots_.reset();
        capacity_ = head_ = count_ = 0;
    }
    const_iterator begin() const { return const_iterator(this, 0); }
    const_iterator end() const { return const_iterator(this, count_); }

  private:
    const Probe &at(size_t i) const { return slots_[(head_ + i) % capacity_]; }
    void grow() {
        const uint32_t capacity = capacity_ ? capacity_ * 2 : 1;
        std::unique_ptr<Probe[]> bigger(new Probe[capacity]);
        for (uint32_t i = 0; i < count_; ++i) bigger[i] = at(i);
        slots_ = std::move(bigger);
        capacity_ = capacity;
        head_ = 0;
    }

    std::unique_ptr<Probe[]> slots_;
    uint32_t capacity_ = 0;
    uint32_t head_ = 0;  // a ring holds at most kMaxWindowProbes (or the flood window's SYNs)
    uint32_t count_ = 0;
};

}  // namespace convdiag
