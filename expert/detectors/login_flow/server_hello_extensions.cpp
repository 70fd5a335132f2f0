#include "expert/detectors/login_flow/server_hello_extensions.h"

namespace convdiag {

ServerHelloExtensions read_server_hello_extensions(ByteView segment) {
    ServerHelloExtensions out;
    // record header (5) + handshake header (4)
    if (segment.u8(0) != 22 || segment.u8(1) != 0x03 || segment.u8(5) != 2) return out;
    const ByteView record = segment.sub(5, segment.u16(3));
    const ByteView body = record.sub(4, record.u24(1));
    size_t pos = 2 + 32;  // version, random
    if (!body.has(pos, 1)) return out;
    out.found = true;
    pos += 1u + body.u8(pos);  // session id
    pos += 2 + 1;              // cipher suite, compression method
    if (!body.has(pos, 2)) return out;
    const size_t end = pos + 2 + body.u16(pos);
    pos += 2;
    while (pos + 4 <= end && body.has(pos, 4)) {
        const uint16_t type = body.u16(pos);
        const uint16_t len = body.u16(pos + 2);
        if (!body.has(pos + 4, len)) break;
        if (type == 43 && len == 2) out.selected_version = body.u16(pos + 4);
        if (type == 41) out.pre_shared_key = true;
        pos += 4u + len;
    }
    return out;
}

}  // namespace convdiag
