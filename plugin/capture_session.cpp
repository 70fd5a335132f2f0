#include "plugin/capture_session.h"

#include <epan/proto.h>
#include <epan/tap.h>

#include "plugin/preferences.h"
#include "plugin/registered_ids.h"
#include "plugin/transport_handlers.h"

namespace convdiag_plugin {

namespace {
// Never destroyed by a static destructor: tshark exits mid-file without Wireshark's
// cleanup (its output pipe closed, a write failed), and tearing an engine down at exit,
// in an order no one controls, only costs time (and crashed tshark: the state pool was
// destroyed before the engine that still held states from it).
// close() frees the engine when Wireshark does clean up.
std::unique_ptr<convdiag::Engine> &current() {
    static auto *const engine = new std::unique_ptr<convdiag::Engine>;
    return *engine;
}
TcpStreamCache &stream_cache() {
    static auto *const cache = new TcpStreamCache;
    return *cache;
}
ResultVisibility &result_visibility() {
    static auto *const visibility = new ResultVisibility;
    return *visibility;
}
}  // namespace

void CaptureSession::open() {
    stream_cache().clear();
    result_visibility().reset();
    step_in_transport_handlers();
    current() = std::make_unique<convdiag::Engine>(settings_from_preferences());
    stream_cache().attach(&current()->tcp_conversations());
}

void CaptureSession::close() {
    stream_cache().attach(nullptr);
    current().reset();
    stream_cache().clear();
}

convdiag::Engine *CaptureSession::engine() { return current().get(); }

TcpStreamCache &CaptureSession::streams() { return stream_cache(); }

ResultVisibility &CaptureSession::visibility() { return result_visibility(); }

bool CaptureSession::wants_sightings(const packet_info *pinfo) {
    const convdiag::Engine *engine = current().get();
    if (!engine) return false;
    // Disabled in Analyze > Enabled Protocols: the post-dissector never runs, so nothing
    // noted would be read.
    static protocol_t *const protocol = find_protocol_by_id(registered_ids().proto);
    if (!proto_is_protocol_enabled(protocol)) return false;
    if (!PINFO_FD_VISITED(pinfo))
        return !engine->finished() && !result_visibility().decided_unseen();
    return have_tap_listener(registered_ids().tap);
}

}  // namespace convdiag_plugin
