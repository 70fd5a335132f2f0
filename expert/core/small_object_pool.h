// Per-conversation states and slot blocks: tens of thousands of objects of a few
// sizes (24 to a few hundred bytes), made and freed on the packet path. The general
// allocator adds a header to each and rounds it up to 16 bytes (a 24-byte block takes
// 32, a 48-byte one 64); the pool carves them from 64 KiB chunks with one free list per
// size (a multiple of 8), so an object takes its own size. The chunks go back once the
// last object is freed (a capture closed). Like dissection, it is single-threaded.
// Builds with AddressSanitizer use the general allocator, so that every object keeps
// its own checked block.
#pragma once

#include <cstddef>

namespace convdiag {
namespace small_object_pool {

// `bytes` must be passed again, unchanged, to deallocate. Alignment: 8 bytes.
void *allocate(size_t bytes);
void deallocate(void *object, size_t bytes);
// Objects currently allocated, and bytes held in chunks (for tests and measurements).
size_t live_objects();
size_t chunk_bytes();

}  // namespace small_object_pool
}  // namespace convdiag
