# Sourced, not run. The plugin a build dir holds: it lives in plugins/<major>.<minor>/epan/
# for the Wireshark the build found (4.0 on Debian 12, 4.4 on 13, 4.6 on sid), so scripts ask
# the build instead of naming a version.
#   convdiag_plugin_so BUILD_DIR      prints BUILD_DIR/plugins/4.0/epan/convdiag.so
#   convdiag_plugin_version SO_PATH   prints 4.0
convdiag_plugin_so() {
    local found=("$1"/plugins/*/epan/convdiag.so)
    if [ ! -f "${found[0]}" ]; then
        echo "no plugin in $1/plugins/*/epan (build it first: scripts/build.sh)" >&2
        return 1
    fi
    if [ ${#found[@]} -gt 1 ]; then
        echo "$1 holds plugins for several Wireshark versions (${found[*]}): remove the build dir" >&2
        return 1
    fi
    echo "${found[0]}"
}
convdiag_plugin_version() { basename "$(dirname "$(dirname "$1")")"; }
