// Registration of the ConvDiag protocol, its fields, expert infos, preferences,
// post-dissector and statistics tables, all generated from the engine's schema.
#pragma once

namespace convdiag_plugin {

void register_protocol();
void register_handoff();

}  // namespace convdiag_plugin
