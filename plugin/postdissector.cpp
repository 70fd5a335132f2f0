#include "plugin/postdissector.h"

#include <epan/tap.h>

#include "plugin/capture_session.h"
#include "plugin/fact_extractor.h"
#include "plugin/registered_ids.h"
#include "plugin/stat_tables.h"
#include "plugin/tree_renderer.h"

namespace convdiag_plugin {

namespace {

void analyse_and_render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree) {
    convdiag::Engine *engine = CaptureSession::engine();
    if (!engine) return;
    const RegisteredIds &ids = registered_ids();

    bool is_transport = false;
    guint32 stream = convdiag::kNoStream;
    if (!PINFO_FD_VISITED(pinfo)) {
        if (!CaptureSession::visibility().first_pass_results_can_be_seen(pinfo, tree)) return;
        convdiag::PacketFacts facts;
        // The GUI dissects a frame twice on its first pass when a read filter is set
        // (once to test the filter): the engine must see each frame once.
        const bool already_fed = pinfo->num <= engine->last_frame();
        if (!already_fed && extract_facts(tvb, pinfo, CaptureSession::streams(), facts)) {
            engine->on_packet(facts);
            is_transport = true;
            stream = facts.stream;
        }
    } else {
        // Revisiting a frame means the first pass is over (tshark -2, a GUI click, a
        // retap): verdicts that waited for the end of the capture can now be given.
        engine->finish();
    }

    if (const convdiag::FrameResults *results = engine->results_for(pinfo->num))
        render_findings(*results, tvb, pinfo, tree);

    if (have_tap_listener(ids.tap)) {
        if (!is_transport) stream = tcp_stream_of(pinfo);
        auto *record = wmem_new(pinfo->pool, TapRecord);
        record->frame = pinfo->num;
        record->stream = stream;
        tap_queue_packet(ids.tap, pinfo, record);
    }
}

}  // namespace

int dissect_convdiag(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *) {
    // A C++ exception must never unwind into Wireshark's C frames: that would end the
    // program. Nothing the engine does is expected to throw; if it does (out of
    // memory), this packet simply gets no finding.
    try {
        analyse_and_render(tvb, pinfo, tree);
    } catch (...) {
    }
    return 0;
}

}  // namespace convdiag_plugin
