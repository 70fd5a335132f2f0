// A list of at most N values whose first value lives in place: almost every DNS
// lookup has one query to one server, and a full array per lookup was most of the
// tracker's memory. The other N - 1 places are allocated on the second value.
#pragma once

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
            if (!rest_) rest_ = std::make_unique<T[]>(N - 1);
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
    // The pointer first: a small T and the size then share its padding.
    std::unique_ptr<T[]> rest_;
    T first_{};
    uint8_t size_ = 0;
};

}  // namespace convdiag
