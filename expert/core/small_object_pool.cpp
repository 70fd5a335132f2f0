#include "expert/core/small_object_pool.h"

#include <memory>
#include <new>
#include <vector>

namespace convdiag {
namespace small_object_pool {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooled = false;
#else
constexpr bool kPooled = true;
#endif

constexpr size_t kGranule = 8;
constexpr size_t kLargest = 512;  // larger objects are rare: the general allocator
constexpr size_t kChunkBytes = 64 * 1024;

struct FreeObject {
    FreeObject *next;
};

struct Pool {
    std::vector<std::unique_ptr<char[]>> chunks;
    size_t used_in_chunk = kChunkBytes;  // of the newest chunk
    FreeObject *free_lists[kLargest / kGranule + 1] = {};
    size_t live = 0;

    void release_all() {
        chunks.clear();
        chunks.shrink_to_fit();
        used_in_chunk = kChunkBytes;
        for (FreeObject *&list : free_lists) list = nullptr;
    }
};

// Never destroyed: a state may be freed by the destructor of another static object at
// exit (tshark exits mid-file when its output pipe closes, without a cleanup), after a
// destroyed pool would already have freed its chunks.
Pool &pool() {
    static Pool *const instance = new Pool;
    return *instance;
}

size_t rounded(size_t bytes) {
    return bytes < kGranule ? kGranule : (bytes + kGranule - 1) & ~(kGranule - 1);
}

}  // namespace

void *allocate(size_t bytes) {
    const size_t size = rounded(bytes);
    if (!kPooled || size > kLargest) return ::operator new(bytes);
    Pool &p = pool();
    ++p.live;
    FreeObject *&list = p.free_lists[size / kGranule];
    if (list) {
        FreeObject *object = list;
        list = object->next;
        return object;
    }
    if (p.used_in_chunk + size > kChunkBytes) {
        p.chunks.emplace_back(new char[kChunkBytes]);
        p.used_in_chunk = 0;
    }
    void *object = p.chunks.back().get() + p.used_in_chunk;
    p.used_in_chunk += size;
    return object;
}

void deallocate(void *object, size_t bytes) {
    if (!object) return;
    const size_t size = rounded(bytes);
    if (!kPooled || size > kLargest) {
        ::operator delete(object);
        return;
    }
    Pool &p = pool();
    auto *freed = static_cast<FreeObject *>(object);
    freed->next = p.free_lists[size / kGranule];
    p.free_lists[size / kGranule] = freed;
    if (--p.live == 0) p.release_all();
}

size_t live_objects() { return pool().live; }

size_t chunk_bytes() { return pool().chunks.size() * kChunkBytes; }

}  // namespace small_object_pool
}  // namespace convdiag
