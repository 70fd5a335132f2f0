#!/usr/bin/env bash
# Opens samples in the real Wireshark (Debian's wireshark-qt) under Xvfb with the
# ConvDiag plugin and the lab profile, and saves screenshots into docs/screenshots/.
# Usage: docs/screenshots/take_screenshots.sh [BUILD_DIR [SHOT...]]   (installs xvfb etc. if
# missing; without SHOT names, takes them all)
set -euo pipefail
top="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$top/build}"
shift $(( $# > 0 ? 1 : 0 ))
only=("$@")
out="$top/docs/screenshots"
need=()
for p in wireshark-qt xvfb x11-apps imagemagick xdotool fonts-noto-cjk; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

scratch="$(mktemp -d /tmp/convdiag-gui.XXXXXX)"
display=:$((70 + RANDOM % 20))
xvfb_pid=""
cleanup() { [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT
source "$top/scripts/plugin-path.sh"
plugin="$(convdiag_plugin_so "$build")"
version="$(convdiag_plugin_version "$plugin")"
mkdir -p "$scratch/home/.config/wireshark/profiles" "$scratch/plugins/$version/epan"
cp -r "$top/profiles/ConvDiag-Lab" "$scratch/home/.config/wireshark/profiles/"
cp "$plugin" "$scratch/plugins/$version/epan/"
# A large main window with a tall packet list, as a student would arrange it.
cat > "$scratch/home/.config/wireshark/recent_common" <<'RC'
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: 1600
gui.geometry_main_height: 1000
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
RC
cat >> "$scratch/home/.config/wireshark/profiles/ConvDiag-Lab/recent" <<'RC'
gui.geometry_main_upper_pane: 430
gui.geometry_main_lower_pane: 420
RC
chmod -R a+rwX "$scratch"
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 2

wanted() {  # wanted NAME: the shot was asked for (or no list was given)
    [ ${#only[@]} -eq 0 ] && return 0
    local n; for n in "${only[@]}"; do [ "$n" = "$1" ] && return 0; done
    return 1
}
x() { DISPLAY="$display" xdotool "$@" 2>/dev/null || true; }

shot() {  # shot NAME CAPTURE FRAME [extra wireshark args...]
    local name="$1" capture="$2" frame="$3"; shift 3
    wanted "$name" || return 0
    cp "$capture" "$scratch/"
    chmod a+r "$scratch/$(basename "$capture")"
    setpriv --reuid=65534 --regid=65534 --clear-groups env DISPLAY="$display" HOME="$scratch/home" \
        XDG_RUNTIME_DIR="$scratch/home" WIRESHARK_PLUGIN_DIR="$scratch/plugins" LANG=C.UTF-8 \
        wireshark -C ConvDiag-Lab -r "$scratch/$(basename "$capture")" -g "$frame" "$@" \
        >"$scratch/wireshark.log" 2>&1 &
    local pid=$!
    sleep 12
    if [ -n "${OPEN_MENU_AT:-}" ]; then
        # Open a menu of the main window (x y of its title in the menu bar).
        DISPLAY="$display" xdotool mousemove $OPEN_MENU_AT click 1 2>/dev/null || true
        sleep 1
    elif [ "$#" -eq 0 ]; then
        # Open the ConvDiag subtree of the selected packet: click the first row of the
        # details pane, jump to the last top-level row (post-dissectors come last, so
        # it is ConvDiag) and expand all its subtrees (Shift+Right).
        DISPLAY="$display" xdotool mousemove 120 535 click 1 2>/dev/null || true
        sleep 0.5
        DISPLAY="$display" xdotool key End 2>/dev/null || true
        sleep 0.3
        DISPLAY="$display" xdotool key shift+Right 2>/dev/null || true
        sleep 1
    else
        # Statistics and expert dialogs open small: give them most of the screen.
        for w in $(DISPLAY="$display" xdotool search --name "ConvDiag|Expert Information" 2>/dev/null); do
            DISPLAY="$display" xdotool windowmove "$w" 40 60 windowsize "$w" 1520 860 2>/dev/null || true
        done
        sleep 1
    fi
    xwd -root -display "$display" -silent | convert xwd:- "$out/$name.png"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "saved $out/$name.png"
}

# The packet list with the diagnosis columns; the accepted FTP password selected.
shot packet-list "$top/samples/captures/ftp.pcapng" 23
# Statistics > ConvDiag/Report (the same findings as tshark -z convdiag,report).
shot report-table "$top/samples/captures/ftp.pcapng" 1 -z convdiag,findings
# Statistics > ConvDiag/TCP conversations.
shot summary-table "$top/samples/captures/tcp_loss.pcapng" 1 -z convdiag,summary
# The Statistics menu lists ConvDiag's tables.
OPEN_MENU_AT="325 10" shot statistics-menu "$top/samples/captures/ftp.pcapng" 1
# Analyze > Expert Information, with ConvDiag's entries.
shot expert-info "$top/samples/captures/tcp_slow_reader.pcapng" 1 -z expert

# Statistics > I/O Graphs with the lab profile's presets (profiles/ConvDiag-Lab/io_graphs).
# io_shot NAME CAPTURE [ROW...]: ROWs (0 = "All packets", the file's order) are toggled
# on or off before the picture; with FINER=n the interval is n steps finer than 1 s
# (1: 500 ms, 2: 200 ms, 3: 100 ms). The dialog is made large, the "Graph Name" column wide
# and the list of graphs tall enough to show every preset.
io_shot() {
    local name="$1" capture="$2"; shift 2
    wanted "$name" || return 0
    cp "$capture" "$scratch/"
    chmod a+r "$scratch/$(basename "$capture")"
    setpriv --reuid=65534 --regid=65534 --clear-groups env DISPLAY="$display" HOME="$scratch/home" \
        XDG_RUNTIME_DIR="$scratch/home" WIRESHARK_PLUGIN_DIR="$scratch/plugins" LANG=C.UTF-8 \
        wireshark -C ConvDiag-Lab -r "$scratch/$(basename "$capture")" -z io,stat \
        >"$scratch/wireshark.log" 2>&1 &
    local pid=$!
    sleep "${WAIT:-15}"  # a loaded machine needs longer before the dialog is drawn
    for w in $(DISPLAY="$display" xdotool search --name "I/O Graphs" 2>/dev/null); do
        x windowmove "$w" 40 40 windowsize "$w" 1520 900
    done
    sleep 1
    x mousemove 259 779 mousedown 1 sleep 0.3 mousemove 400 779 sleep 0.3 mousemove 560 779 \
        sleep 0.3 mouseup 1
    sleep 0.5
    x mousemove 800 764 mousedown 1 sleep 0.3 mousemove 800 700 sleep 0.3 mousemove 800 560 \
        sleep 0.3 mouseup 1
    sleep 1
    local row
    for row in "$@"; do
        x mousemove 82 $((595 + 18 * row)) click 1
        sleep 0.5
    done
    if [ -n "${FINER:-}" ]; then
        x mousemove 662 885 click 1
        sleep 0.7
        for _ in $(seq "$FINER"); do x key Up; done
        x key Return
    fi
    x mousemove 1500 960
    sleep 3
    xwd -root -display "$display" -silent | convert xwd:- "$out/$name.png"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # A toggled row is saved into the scratch profile on close: start the next one afresh.
    cp "$top/profiles/ConvDiag-Lab/io_graphs" "$scratch/home/.config/wireshark/profiles/ConvDiag-Lab/"
    echo "saved $out/$name.png"
}

# Loss: retransmissions by cause and duplicate ACKs (the presets enabled by default).
io_shot io-graphs-loss "$top/samples/captures/tcp_loss.pcapng"
# Slow reader: zero windows, and the longest window stall so far (row 6).
io_shot io-graphs-slow-reader "$top/samples/captures/tcp_slow_reader.pcapng" 6
# Delay: SRTT per interval (row 9) and the handshake RTT (row 8); the counters off; 100 ms.
FINER=3 io_shot io-graphs-delay "$top/samples/captures/tcp_delay_200ms.pcapng" 1 2 3 4 5 8 9
# Set-up time that grows: handshake RTT average and maximum (rows 7, 8).
io_shot io-graphs-setup-growing "$top/samples/captures/tcp_setup_growing.pcapng" 1 2 3 4 5 7 8
