// Everything that differs between the Wireshark versions ConvDiag builds for (4.0, 4.2, 4.4,
// 4.6), in one place. Chosen at compile time from the ws_version.h of the Wireshark the build
// found: a plugin only ever loads into the minor version it was built for (plugin_want_*), so
// one binary never has to handle two versions. No other file tests a Wireshark version.
#pragma once

#include <epan/stat_tap_ui.h>
#include <glib.h>
#include <ws_version.h>

#include <cstdint>
#include <type_traits>

#define CONVDIAG_WIRESHARK_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) ||         \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if CONVDIAG_WIRESHARK_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

namespace convdiag_plugin::compat {

// The plugin loader refuses a plugin whose wanted version is not its own.
constexpr int kWantMajor = WIRESHARK_VERSION_MAJOR;
constexpr int kWantMinor = WIRESHARK_VERSION_MINOR;

// 4.2 added plugin_describe(), what kind of plugin this is, which its loader requires. 4.0
// never looks the symbol up, so exporting it there (returning 0) is harmless.
#if CONVDIAG_WIRESHARK_AT_LEAST(4, 2)
constexpr uint32_t kPluginDescription = WS_PLUGIN_DESC_DISSECTOR;
#else
constexpr uint32_t kPluginDescription = 0;
#endif

// 4.2 changed the storage of a boolean preference from gboolean (an int) to bool.
#if CONVDIAG_WIRESHARK_AT_LEAST(4, 2)
using PrefBool = bool;
#else
using PrefBool = gboolean;
#endif

// 4.6 made the `-z` init callback (stat_tap_ui::tap_init_cb) report success; before, it
// returned nothing and a failure was only printed.
#if CONVDIAG_WIRESHARK_AT_LEAST(4, 6)
using TapInitResult = bool;
#else
using TapInitResult = void;
#endif
static_assert(std::is_same_v<stat_tap_init_cb, TapInitResult (*)(const char *, void *)>,
              "stat_tap_init_cb changed: update TapInitResult for this Wireshark version");

// Adapts `bool Init(arg, data)` (true: the listener is registered) to the version's callback.
template <bool (*Init)(const char *, void *)>
TapInitResult tap_init(const char *arg, void *data) {
    return static_cast<TapInitResult>(Init(arg, data));  // a cast to void drops the result
}

}  // namespace convdiag_plugin::compat
