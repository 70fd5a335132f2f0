#!/usr/bin/env bash
# Builds the .deb (system plugin dir + lab profile), checks its file list, unpacks
# it into a scratch root and makes the real tshark load the plugin from there.
set -euo pipefail
src="$1"
command -v cpack >/dev/null && command -v dpkg-deb >/dev/null || { echo "SKIP: cpack or dpkg-deb missing"; exit 77; }
work="$(mktemp -d /tmp/convdiag-deb.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cmake -S "$src" -B "$work/build" -DCONVDIAG_INSTALL_SYSTEM=ON -DCONVDIAG_BUILD_TESTS=OFF >/dev/null
cmake --build "$work/build" -j"$(nproc)" >/dev/null
(cd "$work/build" && cpack -G DEB >/dev/null)
deb="$(ls "$work"/build/*.deb)"
echo "built $(basename "$deb")"
# The Wireshark the build found: the package owning the libwireshark linked (libwireshark16)
# and its minor version (4.0). The plugin dir and the dependency must name exactly these.
multiarch="$(gcc -print-multiarch)"
lib_pkg="$(dpkg-query -S "$(readlink -f "/usr/lib/$multiarch/libwireshark.so")" | cut -d: -f1)"
ws="$(dpkg-query -W -f '${Version}' "$lib_pkg" | grep -o '^[0-9]*\.[0-9]*')"
next="${ws%.*}.$((${ws#*.} + 1))"
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/files"
for want in "./usr/lib/$multiarch/wireshark/plugins/$ws/epan/convdiag.so" \
            ./usr/share/wireshark/profiles/ConvDiag-Lab/preferences \
            ./usr/share/wireshark/profiles/ConvDiag-Lab/colorfilters \
            ./usr/share/wireshark/profiles/ConvDiag-Lab/dfilter_buttons \
            ./usr/share/wireshark/profiles/ConvDiag-Lab/io_graphs; do
    grep -qx "$want" "$work/files" || { echo "FAIL: $want is not in the package"; exit 1; }
done
depends="$(dpkg-deb -f "$deb" Depends)"
[ "$depends" = "$lib_pkg (>= $ws), $lib_pkg (<< $next)" ] ||
    { echo "FAIL: Depends is '$depends', not only $lib_pkg $ws"; exit 1; }
mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
chmod -R a+rX "$work"
run=(env WIRESHARK_PLUGIN_DIR="$work/root/usr/lib/x86_64-linux-gnu/wireshark/plugins" HOME="$work" tshark -G plugins)
if [ "$(id -u)" -eq 0 ]; then run=(setpriv --reuid=65534 --regid=65534 --clear-groups "${run[@]}"); fi
"${run[@]}" | grep -q "convdiag.so" || { echo "FAIL: tshark does not load the packaged plugin"; exit 1; }
echo "deb package for Wireshark $ws ($depends): 3 passed, 0 failed"
