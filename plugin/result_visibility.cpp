#include "plugin/result_visibility.h"

#include <epan/tap.h>

#include "plugin/registered_ids.h"

namespace convdiag_plugin {

namespace {

int expert_tap_id() {
    static const int id = find_tap_id("expert");
    return id;
}

// Anything that would show our output in this pass: a tree (fields, filters, custom
// columns, -V, colouring), a -z convdiag listener, or an expert-info listener
// (`tshark -z expert` runs without a tree).
bool output_wanted_now(proto_tree *tree) {
    if (tree) return true;
    if (have_tap_listener(registered_ids().tap)) return true;
    const int expert = expert_tap_id();
    return expert >= 0 && have_tap_listener(expert);
}

}  // namespace

void ResultVisibility::reset() {
    previous_frame_ = nullptr;
    unseen_ = false;
}

bool ResultVisibility::first_pass_results_can_be_seen(packet_info *pinfo, proto_tree *tree) {
    if (unseen_) return false;
    // Which application reads the file decides whether a frame comes back later:
    // - Wireshark's GUI dissects each frame in its own, kept frame_data (a click or a
    //   rescan later shows stored results): a new address every frame.
    // - `tshark -2` and sharkd dissect their first pass in one reused local
    //   frame_data, without columns; the frames come back in a second pass.
    // - `tshark` in one pass also reuses one frame_data but fills columns for the
    //   summary line it prints, and no frame ever comes back.
    // So a reused frame_data with columns, no tree and no listener means: this is
    // the only look at the frame and nothing of ours is shown. Every other
    // combination analyses, which only errs towards work nobody reads.
    const bool frame_data_reused = previous_frame_ == pinfo->fd;
    previous_frame_ = pinfo->fd;
    if (!frame_data_reused || !pinfo->cinfo || output_wanted_now(tree)) return true;
    // The options of a tshark run do not change while it reads: decide once.
    unseen_ = true;
    return false;
}

}  // namespace convdiag_plugin
