// A list of at most N values whose first value lives in place: almost every DNS
// lookup has one query to one server (and most login records one stream and frame),
// and a full array per lookup was most of the tracker's memory. The other places are
// allocated from the second value on, doubling as needed up to N - 1.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace convdiag {

template <typename T, size_t N>
class FirstInlineList {
    static_assert(N >= 1 && N <= 255, "the size is kept in one byte");

  public:
    size_t size() const { return size_; }
    static constexpr size_t capacity() { return N; }
    bool full() const { return size_ == N; }
    // Appends `value` unless the list is full; returns whether it was kept.
    bool push_back(const T &value) {
        if (size_ == N) return false;
        if (size_ == 0) {
            first_ = value;
        } else {
            if (size_ - 1u == rest_capacity_) grow();
            rest_[size_ - 1] = value;
        }
        ++size_;
        return true;
    }
    const T &operator[](size_t i) const { return i == 0 ? first_ : rest_[i - 1]; }
    const T &back() const { return (*this)[size_ - 1]; }

    class const_iterator {
      public:
        const T &operator*() const { return (*list_)[index_]; }
        const_iterator &operator++() {
            ++index_;
            return *this;
        }
        bool operator!=(const const_iterator &o) const { return index_ != o.index_; }

      private:
        friend class FirstInlineList;
        const_iterator(const FirstInlineList *list, size_t index) : list_(list), index_(index) {}
        const FirstInlineList *list_;
        size_t index_;
    };
    const_iterator begin() const { return const_iterator(this, 0); }
    const_iterator end() const { return const_iterator(this, size_); }

  private:
    void grow() {
        const size_t capacity =
            rest_capacity_ == 0 ? 1 : std::min<size_t>(N - 1, rest_capacity_ * 2u);
        auto bigger = std::make_unique<T[]>(capacity);
        for (size_t i = 0; i < rest_capacity_; ++i) bigger[i] = std::move(rest_[i]);
        rest_ = std::move(bigger);
        rest_capacity_ = static_cast<uint8_t>(capacity);
    }

    // The pointer first: a small T and the sizes then share its padding.
    std::unique_ptr<T[]> rest_;
    T first_{};
    uint8_t size_ = 0;
    uint8_t rest_capacity_ = 0;
};

}  // namespace convdiag
