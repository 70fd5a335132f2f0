#include "plugin/report_printer.h"

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_set>

#include "expert/report/report_builder.h"
#include "plugin/capture_session.h"
#include "plugin/preferences.h"
#include "plugin/stat_tables.h"
#include "plugin/wireshark_compat.h"

namespace convdiag_plugin {

namespace {

constexpr const char kCli[] = "convdiag,report";

// One per -z convdiag,report argument; lives until tshark exits.
struct ReportListener {
    std::string filter;
    std::unordered_set<guint32> frames;  // frames that passed the filter
};

tap_packet_status on_packet(void *tapdata, packet_info *, epan_dissect_t *, const void *data,
                            tap_flags_t) {
    auto *listener = static_cast<ReportListener *>(tapdata);
    if (!listener->filter.empty())
        listener->frames.insert(static_cast<const TapRecord *>(data)->frame);
    return TAP_PACKET_DONT_REDRAW;
}

void draw(void *tapdata) {
    auto *listener = static_cast<ReportListener *>(tapdata);
    convdiag::Engine *engine = CaptureSession::engine();
    if (!engine) return;
    engine->finish();  // the whole capture has been read
    convdiag::ReportOptions options;
    options.language = display_language();
    options.mask_passwords = mask_passwords();
    if (!listener->filter.empty())
        options.include = [listener](convdiag::FrameNumber f) {
            return listener->frames.count(f) > 0;
        };
    std::string report;
    try {  // called from C: no C++ exception may leave
        report = convdiag::build_report(*engine, options);
    } catch (...) {
        report = "ConvDiag report: not enough memory to build the report\n";
    }
    std::printf("\n%s", report.c_str());
    if (!listener->filter.empty()) std::printf("(filter: %s)\n", listener->filter.c_str());
}

// Wireshark hands us every -z argument that starts with "convdiag,report" (it matches by
// prefix): "convdiag,reportX" is not ours, and a report nobody can get must stop tshark
// like Wireshark's own taps do, never leave an empty output and exit status 0.
[[noreturn]] void refuse(const std::string &why) {
    std::fprintf(stderr, "tshark: %s\n", why.c_str());
    std::exit(1);
}

// True once the listener is registered (Wireshark 4.6 and later stop on false; refuse()
// stops every version the same way).
bool init(const char *opt_arg, void *) {
    const std::string arg = opt_arg ? opt_arg : "";
    std::string filter;
    if (arg != kCli) {
        if (arg.compare(0, sizeof kCli, std::string(kCli) + ",") != 0)
            refuse("invalid -z argument \"" + arg + "\": did you mean " + kCli +
                   "[,<display filter>]?");
        filter = arg.substr(sizeof kCli);
    }
    auto *listener = new ReportListener();  // owned by the tap system until exit
    listener->filter = filter;
    GString *error = register_tap_listener(
        "convdiag", listener, listener->filter.empty() ? nullptr : listener->filter.c_str(),
        TL_REQUIRES_NOTHING, nullptr, on_packet, draw, nullptr);
    if (error) {
        const std::string why = error->str;
        g_string_free(error, TRUE);
        delete listener;
        refuse(std::string("Couldn't register ") + kCli + " tap: " + why);
    }
    return true;
}

}  // namespace

void register_report_printer() {
    static stat_tap_ui ui = {
        REGISTER_STAT_GROUP_GENERIC, "ConvDiag report", kCli, compat::tap_init<init>, 0, nullptr};
    register_stat_tap_ui(&ui, nullptr);
}

}  // namespace convdiag_plugin
