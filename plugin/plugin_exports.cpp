// The four symbols Wireshark's plugin loader looks for; everything else in the
// shared object is hidden.
#include <epan/proto.h>

#include "plugin/protocol_registration.h"

#define CONVDIAG_EXPORT extern "C" __attribute__((visibility("default")))

CONVDIAG_EXPORT const char plugin_version[] = CONVDIAG_VERSION;
CONVDIAG_EXPORT const int plugin_want_major = 4;
CONVDIAG_EXPORT const int plugin_want_minor = 0;

CONVDIAG_EXPORT void plugin_register(void) {
    static proto_plugin plugin;
    plugin.register_protoinfo = convdiag_plugin::register_protocol;
    plugin.register_handoff = convdiag_plugin::register_handoff;
    proto_register_plugin(&plugin);
}
