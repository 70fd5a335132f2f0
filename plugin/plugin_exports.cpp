// The symbols Wireshark's plugin loader looks for; everything else in the shared
// object is hidden. Their values follow the Wireshark the build found.
#include <epan/proto.h>

#include "plugin/protocol_registration.h"
#include "plugin/wireshark_compat.h"

#define CONVDIAG_EXPORT extern "C" __attribute__((visibility("default")))

CONVDIAG_EXPORT const char plugin_version[] = CONVDIAG_VERSION;
CONVDIAG_EXPORT const int plugin_want_major = convdiag_plugin::compat::kWantMajor;
CONVDIAG_EXPORT const int plugin_want_minor = convdiag_plugin::compat::kWantMinor;

CONVDIAG_EXPORT uint32_t plugin_describe(void) {
    return convdiag_plugin::compat::kPluginDescription;
}

CONVDIAG_EXPORT void plugin_register(void) {
    static proto_plugin plugin;
    plugin.register_protoinfo = convdiag_plugin::register_protocol;
    plugin.register_handoff = convdiag_plugin::register_handoff;
    proto_register_plugin(&plugin);
}
