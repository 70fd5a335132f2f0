#!/usr/bin/env bash
# Runs tshark with the ConvDiag plugin from the build tree, without installing it.
# Wireshark ignores plugin directories when it runs as root, so as root tshark
# runs as the unprivileged user 65534 on world-readable copies.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
build="${CONVDIAG_BUILD_DIR:-$top/build}"
source "$top/scripts/plugin-path.sh"
plugin="$(convdiag_plugin_so "$build")"
version="$(convdiag_plugin_version "$plugin")"
if [ "$(id -u)" -ne 0 ]; then
    exec env WIRESHARK_PLUGIN_DIR="$build/plugins" tshark "$@"
fi
scratch="$(mktemp -d /tmp/convdiag-run.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/plugins/$version/epan" "$scratch/home"
cp "$plugin" "$scratch/plugins/$version/epan/"
args=()
for a in "$@"; do
    if [ -f "$a" ]; then cp "$a" "$scratch/"; a="$scratch/$(basename "$a")"; fi
    args+=("$a")
done
chmod -R a+rX "$scratch"; chmod 777 "$scratch/home"
cd "$scratch"
setpriv --reuid=65534 --regid=65534 --clear-groups \
    env HOME="$scratch/home" WIRESHARK_PLUGIN_DIR="$scratch/plugins" tshark "${args[@]}"
