#!/bin/bash
# samples/capture_copies/make_copies.sh -- captures that hold packets twice, made from one
# real transfer between two Linux stacks in network namespaces (run as root, about 10 s):
#
#   capture_span_copies.pcapng   the transfer captured at both ends of the link at once
#                                (two dumpcaps, one on each veth end) and merged by time
#                                (mergecap): every packet twice, microseconds apart, as a
#                                SPAN port mirroring two switch ports records it
#   capture_joined_twice.pcapng  the client's capture joined with itself (mergecap -a): the
#                                time goes back at the join and the traffic comes again
#
# The transfer: a 100 kB upload (samples/lab/tcptool.py) to a receiver whose nftables
# input rule drops exactly the 20th full-size data segment after the capture saw it, so
# the sender's genuine resend is in the captures next to the copies.
#
# Namespaces cdcp-c (client 10.79.1.1) and cdcp-s (server 10.79.1.2), one veth, static
# neighbours, no IPv6, offloads off (wire-sized segments).  Torn down on exit.
# Needs: iproute2 nftables ethtool dumpcap mergecap capinfos python3.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT="$HERE/../captures"
PY=/usr/bin/python3
TT="$HERE/../lab/tcptool.py"
export PYTHONDONTWRITEBYTECODE=1
NS_C=cdcp-c NS_S=cdcp-s
PIDS=() TMP=""

log() { printf '[make_copies] %s\n' "$*" >&2; }
inc() { ip netns exec "$NS_C" "$@"; }
ins() { ip netns exec "$NS_S" "$@"; }

down() {
  local ns p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  PIDS=()
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

up() {
  down
  TMP=$(mktemp -d /tmp/cdcp.XXXXXX)
  chmod 755 "$TMP"
  local n ns
  for ns in "$NS_C" "$NS_S"; do
    ip netns add "$ns"
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  done
  ip link add eth0 netns "$NS_C" address 02:79:01:00:00:01 type veth \
    peer name eth0 netns "$NS_S" address 02:79:01:00:00:02
  for n in 1 2; do
    ns=$NS_C; [ $n = 2 ] && ns=$NS_S
    ip -n "$ns" addr add "10.79.1.$n/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip netns exec "$ns" ethtool -K eth0 tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
  done
  ip -n "$NS_C" neigh replace 10.79.1.2 lladdr 02:79:01:00:00:02 dev eth0 nud permanent
  ip -n "$NS_S" neigh replace 10.79.1.1 lladdr 02:79:01:00:00:01 dev eth0 nud permanent
}

cap_start() { # ns name
  ip netns exec "$1" dumpcap -q -i eth0 -s 128 -f "tcp port 5001" -w "$TMP/$2.pcapng" \
    2>"$TMP/$2.err" &
  PIDS+=($!)
  local i
  for i in $(seq 1 50); do grep -q "Capturing on" "$TMP/$2.err" 2>/dev/null && break; sleep 0.1; done
}

publish() { # file name
  cp "$1" "$OUT/$2.pcapng"
  chmod 644 "$OUT/$2.pcapng"
  log "$2: $(capinfos -c -M "$OUT/$2.pcapng" | awk '/Number of packets/ {print $NF}') packets"
}

up
ins nft -f - <<'NFT'
table ip cdcp {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 5001 meta length > 1000 numgen inc mod 1000 19 counter drop
  }
}
NFT
ins timeout 30 "$PY" "$TT" sink 10.79.1.2 5001 &
PIDS+=($!)
for _ in $(seq 1 50); do ins ss -ltn | grep -q ':5001 ' && break; sleep 0.1; done
cap_start "$NS_C" client
cap_start "$NS_S" server
sleep 0.5
inc timeout 30 "$PY" "$TT" upload 10.79.1.2 5001 100000
sleep 0.5
for p in "${PIDS[@]}"; do kill -INT "$p" 2>/dev/null || true; done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
PIDS=()
mergecap -w "$TMP/span.pcapng" "$TMP/client.pcapng" "$TMP/server.pcapng"
mergecap -a -w "$TMP/joined.pcapng" "$TMP/client.pcapng" "$TMP/client.pcapng"
publish "$TMP/span.pcapng" capture_span_copies
publish "$TMP/joined.pcapng" capture_joined_twice
