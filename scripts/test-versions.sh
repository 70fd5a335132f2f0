#!/usr/bin/env bash
# Builds and tests ConvDiag on the Wireshark of other Debian releases, each in a chroot made
# (or reused) with mmdebstrap, and compares its findings there with those on this machine's
# Wireshark 4.0 (Debian 12), the reference:
#   trixie (Debian 13): Wireshark 4.4     sid: Wireshark 4.6 (whatever sid has today)
# For each: build, unit and tshark integration tests inside the chroot (tshark as user 65534,
# as on the host), every convdiag.* field and `-z convdiag,report` of every sample compared
# with 4.0 (tests/versions/allowed_differences.txt lists what may differ and why), the 4.0
# plugin loaded by that tshark (Wireshark must refuse it with its own message, never crash),
# and the 4.0 .deb offered to that apt (its dependency must refuse it).
#
#   scripts/test-versions.sh [SUITE...]          default: trixie sid
#
# Needs root (mmdebstrap, chroot, mount) and Debian's mirrors. Environment:
#   CONVDIAG_CHROOT_DIR  where chroots are kept between runs (default: ../chroots beside the repo)
#   CONVDIAG_BUILD_DIR   the host build (default: build/; built here if it holds no plugin)
# Not run inside chroots: engine.memcheck (the engine is the same on every version; no valgrind
# there) and style.clang_format (the suites' clang-format is not the project's version 14).
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "run as root: it makes chroots and mounts /proc in them" >&2; exit 1; }
chroots="${CONVDIAG_CHROOT_DIR:-$(cd "$top/.." && pwd)/chroots}"
build="${CONVDIAG_BUILD_DIR:-$top/build}"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(trixie sid)
packages=build-essential,cmake,pkg-config,python3,util-linux,libglib2.0-dev
packages+=,libwireshark-dev,wireshark-dev,tshark,googletest,libgtest-dev,libgmock-dev
source "$top/scripts/plugin-path.sh"

work="$(mktemp -d /tmp/convdiag-versions.XXXXXX)"
mounted=()
cleanup() {
    for m in "${mounted[@]}"; do umount "$m" || true; done
    rm -rf "$work"
}
trap cleanup EXIT
step() { echo "[$(date +%T)] $*"; }

# The reference: ConvDiag on this machine's Wireshark, and its .deb.
convdiag_plugin_so "$build" >/dev/null 2>&1 || "$top/scripts/build.sh" >/dev/null
host_plugin="$(convdiag_plugin_so "$build")"
host_ws="$(convdiag_plugin_version "$host_plugin")"
step "reference: Wireshark $host_ws on this machine"
python3 "$top/tests/versions/collect_findings.py" --plugin-root "$build/plugins" \
    --samples "$top/samples/captures" --out "$work/reference"
deb_build="$chroots/host-deb-$host_ws"  # kept: rebuilding the plugin costs minutes
mkdir -p "$chroots"
cmake -S "$top" -B "$deb_build" -DCONVDIAG_INSTALL_SYSTEM=ON -DCONVDIAG_BUILD_TESTS=OFF >/dev/null
cmake --build "$deb_build" -j"$(nproc)" >/dev/null
(cd "$deb_build" && rm -f ./*.deb && cpack -G DEB >/dev/null)
host_deb="$(ls "$deb_build"/*.deb)"

failed=()
for suite in "${suites[@]}"; do
    root="$chroots/$suite"
    start=$(date +%s)
    if [ ! -x "$root/usr/bin/tshark" ]; then
        command -v mmdebstrap >/dev/null || apt-get install -y -qq mmdebstrap >/dev/null
        step "$suite: making the chroot $root"
        rm -rf "$root"
        mmdebstrap --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
            --include="$packages" "$suite" "$root" > "$work/$suite.mmdebstrap.log" 2>&1 ||
            { tail -20 "$work/$suite.mmdebstrap.log"; failed+=("$suite: mmdebstrap"); continue; }
    fi
    made=$(date +%s)
    mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc" && mounted+=("$root/proc"); }
    # The tree as it is, uncommitted changes included, without build output. The build dir
    # starts empty: a file's mtime from git can be older than an object built from another
    # checkout, and make would then link that stale object.
    rm -rf "$root/src" "$root/shared" "$root/build" && mkdir -p "$root/src"
    (cd "$top" && git ls-files -z -co --exclude-standard |
        tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$root/src" -xf -
    if [ -d "$top/../shared/captures/ppa" ]; then
        mkdir -p "$root/shared/captures" && cp -r "$top/../shared/captures/ppa" "$root/shared/captures/"
    fi
    in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 "$@"; }

    step "$suite: build and tests"
    if ! in_root bash -c 'cmake -S /src -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONVDIAG_BUILD_TESTS=ON >/dev/null &&
            cmake --build /build -j"$(nproc)" >/dev/null && cd /build &&
            ctest --output-on-failure -j2 -E "^(engine\.memcheck|style\.clang_format)$"' \
            > "$work/$suite.test.log" 2>&1; then
        grep -E "tests passed|Failed|\*\*\*|error|No tests" "$work/$suite.test.log" | tail -30 || true
        failed+=("$suite: build or tests")
        continue
    fi
    grep "tests passed" "$work/$suite.test.log" || true
    ws="$(convdiag_plugin_version "$(convdiag_plugin_so "$root/build")")"
    tested=$(date +%s)

    step "$suite: findings on Wireshark $ws vs $host_ws"
    in_root python3 /src/tests/versions/collect_findings.py --plugin-root /build/plugins \
        --samples /src/samples/captures --out /tmp/convdiag-findings >/dev/null
    python3 "$top/tests/versions/compare_findings.py" "$work/reference" \
        "$root/tmp/convdiag-findings" "$ws" || failed+=("$suite: findings differ")

    if [ "$ws" != "$host_ws" ]; then
        # Where this tshark looks for plugins, so that its loader has to judge the 4.0 one.
        cross="$root/tmp/convdiag-cross"
        rm -rf "$cross" && mkdir -p "$cross/plugins/$ws/epan" "$cross/home"
        cp "$host_plugin" "$cross/plugins/$ws/epan/" && chmod -R a+rwX "$cross"
        rc=0
        in_root setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp/convdiag-cross/home \
            WIRESHARK_PLUGIN_DIR=/tmp/convdiag-cross/plugins tshark -G plugins \
            > "$work/$suite.cross.out" 2> "$work/$suite.cross.err" || rc=$?
        echo "  the $host_ws plugin in tshark $ws (exit $rc): $(head -1 "$work/$suite.cross.err")"
        if [ "$rc" -ne 0 ] || grep -q convdiag "$work/$suite.cross.out" ||
            ! grep -q "convdiag.so" "$work/$suite.cross.err"; then
            failed+=("$suite: the $host_ws plugin was not refused cleanly")
        fi
        cp "$host_deb" "$root/tmp/convdiag-host.deb"
        if in_root apt-get install -s /tmp/convdiag-host.deb > "$work/$suite.deb.log" 2>&1; then
            failed+=("$suite: apt would install the $host_ws .deb")
        else
            echo "  the $host_ws .deb in $suite: $(grep -m1 -o 'Depends.*' "$work/$suite.deb.log")"
        fi
    fi
    end=$(date +%s)
    step "$suite: chroot $((made - start)) s, build+tests $((tested - made)) s, comparison $((end - tested)) s"
done

if [ ${#failed[@]} -gt 0 ]; then
    printf 'FAIL %s\n' "${failed[@]}"
    exit 1
fi
echo "versions: ${suites[*]} passed"
