// `tshark -z convdiag,<table>` and Statistics > ConvDiag in the GUI, through
// Wireshark's stat-tap table UI: one stat_tap_table_ui per schema table.
#pragma once

#include <epan/packet.h>

namespace convdiag_plugin {

// What the post-dissector queues to the "convdiag" tap for each packet it analysed.
struct TapRecord {
    guint32 frame;
    guint32 stream;
};

void register_stat_tables();

}  // namespace convdiag_plugin
