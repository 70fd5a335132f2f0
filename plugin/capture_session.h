// The engine of the capture file being dissected: created when Wireshark
// initialises dissection of a file (init routine), destroyed at cleanup.
#pragma once

#include <memory>

#include "expert/engine/engine.h"
#include "plugin/result_visibility.h"
#include "plugin/tcp_stream_cache.h"

namespace convdiag_plugin {

class CaptureSession {
  public:
    static void open();
    static void close();
    // nullptr between files.
    static convdiag::Engine *engine();
    // Valid while engine() is.
    static TcpStreamCache &streams();
    // Valid while engine() is.
    static ResultVisibility &visibility();
    // Whether the transport handlers should note what they see in this frame: on the
    // first pass unless nothing of ours can be seen; later, only for our taps, which
    // need the frame's tcp.stream.
    static bool wants_sightings(const packet_info *pinfo);
};

}  // namespace convdiag_plugin
