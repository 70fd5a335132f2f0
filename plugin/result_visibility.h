// Decides whether anything ConvDiag would compute for a first-pass frame can ever be
// seen. Plain `tshark -r` (one pass, packet summaries, no tree, nobody listening to
// our taps or to expert infos) shows nothing of ours and keeps no frame for a later
// look, so analysing would only cost time and memory (budget (a) of bench/RESULTS.md).
#pragma once

#include <epan/packet.h>

namespace convdiag_plugin {

class ResultVisibility {
  public:
    // Forget what was learnt about the previous file's pass.
    void reset();
    // Called for every frame of the first pass, before the engine is fed.
    bool first_pass_results_can_be_seen(packet_info *pinfo, proto_tree *tree);
    // Decided already that nothing of ours is seen in this run.
    bool decided_unseen() const { return unseen_; }

  private:
    const frame_data *previous_frame_ = nullptr;
    bool unseen_ = false;
};

}  // namespace convdiag_plugin
