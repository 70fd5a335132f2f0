#include "plugin/capture_session.h"

#include <epan/proto.h>
#include <epan/tap.h>

#include "plugin/preferences.h"
#include "plugin/registered_ids.h"
#include "plugin/transport_handlers.h"

namespace convdiag_plugin {

namespace {
std::unique_ptr<convdiag::Engine> &current() {
    static std::unique_ptr<convdiag::Engine> engine;
    return engine;
}
TcpStreamCache &stream_cache() {
    static TcpStreamCache cache;
    return cache;
}
ResultVisibility &result_visibility() {
    static ResultVisibility visibility;
    return visibility;
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
