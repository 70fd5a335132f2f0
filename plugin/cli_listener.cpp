#include "plugin/cli_listener.h"

#include <cstdio>
#include <cstdlib>

namespace convdiag_plugin {

void refuse_cli_argument(const std::string &why) {
    std::fprintf(stderr, "tshark: %s\n", why.c_str());
    std::exit(1);
}

std::string cli_filter(const char *cli, const char *opt_arg) {
    const std::string arg = opt_arg ? opt_arg : "";
    const std::string name = cli;
    if (arg == name) return {};
    if (arg.compare(0, name.size() + 1, name + ",") != 0)
        refuse_cli_argument("invalid -z argument \"" + arg + "\": did you mean " + name +
                            "[,<display filter>]?");
    return arg.substr(name.size() + 1);
}

void listen_or_refuse(const char *cli, void *listener, const std::string &filter,
                      tap_packet_cb packet, tap_draw_cb draw) {
    GString *error =
        register_tap_listener("convdiag", listener, filter.empty() ? nullptr : filter.c_str(),
                              TL_REQUIRES_NOTHING, nullptr, packet, draw, nullptr);
    if (!error) return;
    const std::string why = error->str;
    g_string_free(error, TRUE);
    refuse_cli_argument(std::string("Couldn't register ") + cli + " tap: " + why);
}

}  // namespace convdiag_plugin
