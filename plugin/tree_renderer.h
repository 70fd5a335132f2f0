// Renders one frame's stored findings as tree items and expert info, the same
// way on every pass.
#pragma once

#include <epan/packet.h>

#include "expert/core/result_store.h"

namespace convdiag_plugin {

void render_findings(const convdiag::FrameResults &results, tvbuff_t *tvb, packet_info *pinfo,
                     proto_tree *tree);

}  // namespace convdiag_plugin
