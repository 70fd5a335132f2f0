#include "plugin/postdissector.h"

#include <epan/tap.h>

#include "plugin/capture_session.h"
#include "plugin/fact_extractor.h"
#include "plugin/frame_sighting.h"
#include "plugin/registered_ids.h"
#include "plugin/stat_tables.h"
#include "plugin/transport_handlers.h"
#include "plugin/tree_renderer.h"
#include "plugin/unanalysed_frames.h"

namespace convdiag_plugin {

namespace {

// First pass: feed the engine what the transport handlers saw in this frame, or say
// why nothing could be analysed. Returns the frame's tcp.stream, if any.
uint32_t analyse(convdiag::Engine &engine, packet_info *pinfo) {
    // The GUI dissects a frame twice on its first pass when a read filter is set
    // (once to test the filter): the engine must see each frame once.
    if (pinfo->num <= engine.last_frame()) return convdiag::kNoStream;
    const FrameSighting *sighting = FrameSightings::recorded(pinfo);
    if (sighting && sighting->kind == FrameSighting::Kind::Transport) {
        const convdiag::PacketFacts facts = facts_of(*sighting, pinfo, CaptureSession::streams());
        engine.on_packet(facts);
        return facts.is_tcp() ? facts.stream : convdiag::kNoStream;
    }
    note_unanalysed_frame(engine, sighting, pinfo);
    return convdiag::kNoStream;
}

// Later passes: the frame's tcp.stream for our stream-keyed tables, asked read-only.
uint32_t stream_on_revisit(packet_info *pinfo) {
    const FrameSighting *sighting = FrameSightings::recorded(pinfo);
    if (!sighting || sighting->kind != FrameSighting::Kind::Transport || !sighting->facts.is_tcp())
        return convdiag::kNoStream;
    return wireshark_tcp_stream(pinfo->num, *sighting);
}

void analyse_and_render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree) {
    convdiag::Engine *engine = CaptureSession::engine();
    if (!engine) return;
    const RegisteredIds &ids = registered_ids();

    uint32_t stream = convdiag::kNoStream;
    if (!PINFO_FD_VISITED(pinfo)) {
        if (!CaptureSession::visibility().first_pass_results_can_be_seen(pinfo, tree)) {
            step_aside_transport_handlers();
            return;
        }
        stream = analyse(*engine, pinfo);
    } else {
        // Revisiting a frame means the first pass is over (tshark -2, a GUI click, a
        // retap): verdicts that waited for the end of the capture can now be given.
        engine->finish();
        if (have_tap_listener(ids.tap)) stream = stream_on_revisit(pinfo);
    }

    if (const convdiag::FrameResults *results = engine->results_for(pinfo->num))
        render_findings(*results, tvb, pinfo, tree);

    if (have_tap_listener(ids.tap)) {
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
    FrameSightings::clear();
    return 0;
}

}  // namespace convdiag_plugin
