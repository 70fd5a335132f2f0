#include "plugin/cli_listener.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace convdiag_plugin {

void refuse_cli_argument(const std::string &why) {
    std::fprintf(stderr, "tshark: %s\n", why.c_str());
    std::exit(1);
}

const char *cli_argument_tail(const std::string &cli, const char *opt_arg) {
    if (!opt_arg || std::strncmp(opt_arg, cli.c_str(), cli.size()) != 0) return nullptr;
    const char *after = opt_arg + cli.size();
    if (*after == '\0') return after;
    return *after == ',' ? after + 1 : nullptr;
}

std::string cli_filter(const char *cli, const char *opt_arg) {
    const char *tail = cli_argument_tail(cli, opt_arg);
    if (!tail)
        refuse_cli_argument(std::string("invalid -z argument \"") + (opt_arg ? opt_arg : "") +
                            "\": did you mean " + cli + "[,<display filter>]?");
    return tail;
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
