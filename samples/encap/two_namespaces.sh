# samples/encap/two_namespaces.sh -- sourced by the generator scripts that run real
# stacks in two network namespaces (encap/make_real.sh, retrans/make_real.sh): logging,
# running in a namespace, tearing everything down (also on exit), preparing a namespace,
# starting and stopping a capture. The caller sets LOG_TAG, NS_C, NS_S, OUT and the
# variables CAP_PID="" PIDS=() TMP="", and makes TMP in its own up().

log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }
inc() { ip netns exec "$NS_C" "$@"; }
ins() { ip netns exec "$NS_S" "$@"; }

down() {
  local ns p
  [ -n "$CAP_PID" ] && kill -TERM "$CAP_PID" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  PIDS=() CAP_PID=""
  for ns in "$NS_C" "$NS_S"; do
    if ip netns list | grep -qw "$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
      ip netns del "$ns" 2>/dev/null || true
    fi
  done
  if [ -n "$TMP" ]; then rm -rf "$TMP"; fi
  TMP=""
}
trap down EXIT

ns_prep() {
  ip netns add "$1"
  ip netns exec "$1" ip link set lo up
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
    net.ipv6.conf.default.router_solicitations=0
  ip netns exec "$1" sysctl -qw net.ipv4.tcp_syn_linear_timeouts=0 2>/dev/null || true
}

no_offload() { ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true; }

cap_start() { # ns dev name filter
  rm -f "$TMP/$3.pcapng"
  ip netns exec "$1" dumpcap -q -i "$2" -f "$4" -w "$TMP/$3.pcapng" 2>"$TMP/dumpcap.err" &
  CAP_PID=$!
  local i
  for i in $(seq 1 50); do grep -q "Capturing on" "$TMP/dumpcap.err" 2>/dev/null && break; sleep 0.1; done
  sleep 0.5
}

cap_stop() { # name
  sleep 0.5
  kill -INT "$CAP_PID"
  wait "$CAP_PID" || true
  CAP_PID=""
  cp "$TMP/$1.pcapng" "$OUT/$1.pcapng"
  chmod 644 "$OUT/$1.pcapng"
  log "$1: $(capinfos -c -M "$OUT/$1.pcapng" | awk '/Number of packets/ {print $NF}') packets"
}
