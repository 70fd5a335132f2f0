// The ConvDiag post-dissector: on a frame's first dissection it feeds the engine;
// on every dissection it renders what the engine stored for that frame.
#pragma once

#include <epan/packet.h>

namespace convdiag_plugin {

int dissect_convdiag(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data);

}  // namespace convdiag_plugin
