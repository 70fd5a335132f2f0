#!/bin/bash
# samples/retrans/make_real.sh -- real Linux stacks in two network namespaces back off
# against a peer that went silent (run as root, about 40 s):
#
#   tcp_backoff.pcapng         captured at the server: it sends 10 segments at once;
#                              nftables at the client drops the 2nd and every segment
#                              after the 10th, so the client's duplicate ACKs (with
#                              SACK) bring a fast retransmission that is lost too, and
#                              from then on the client hears nothing and says nothing:
#                              the server's own timer backs off (0.2, 0.4, 0.8 ... s)
#                              until the application aborts with a RST after 14 s
#   tcp_lost_midstream.pcapng  captured at the client, starting mid-connection (after
#                              the handshake and one request/response): nftables at the
#                              server then drops everything from the client; the
#                              client's 200 bytes are resent with doubling waits and
#                              never acknowledged, then it aborts with a RST. The capture
#                              holds no RTT sample: only the client's own waits tell its
#                              RTO
#
# Namespaces cdrx-c (client, 10.79.1.1) and cdrx-s (server, 10.79.1.2), IPv4 only,
# static neighbours, offloads off. Everything is torn down on exit, even after a failure.
# Needs: iproute2 nftables ethtool dumpcap capinfos python3.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT="$HERE/../captures"
PY=/usr/bin/python3
EP="$HERE/endpoints.py"
export PYTHONDONTWRITEBYTECODE=1
NS_C=cdrx-c NS_S=cdrx-s
CAP_PID="" PIDS=() TMP=""

log() { printf '[retrans] %s\n' "$*" >&2; }
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

up() {
  down
  TMP=$(mktemp -d /tmp/cdrx.XXXXXX)
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
  inc ping -c1 -W2 10.79.1.2 >/dev/null
}

cap_start() { # ns name filter
  rm -f "$TMP/$2.pcapng"
  ip netns exec "$1" dumpcap -q -i eth0 -f "$3" -w "$TMP/$2.pcapng" 2>"$TMP/dumpcap.err" &
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

backoff() {
  up
  # Conntrack counts the server's packets (reply direction) from the SYN/ACK (1): 3 is
  # the 2nd data segment, above 11 every segment after the first 10.
  inc nft add table inet lossy
  inc nft add chain inet lossy input '{ type filter hook input priority 0; }'
  inc nft add rule inet lossy input tcp sport 7001 ct reply packets 3 drop
  inc nft add rule inet lossy input tcp sport 7001 ct reply packets gt 11 drop
  cap_start "$NS_S" tcp_backoff "tcp port 7001"
  ins timeout 30 "$PY" "$EP" server-burst 7001 14 &
  PIDS+=($!)
  sleep 0.3
  inc timeout 30 "$PY" "$EP" client-hold 10.79.1.2 7001 16 &
  PIDS+=($!)
  wait "${PIDS[@]}" || true
  PIDS=()
  cap_stop tcp_backoff
}

midstream() {
  up
  ins timeout 30 "$PY" "$EP" echo-server 7002 20 &
  PIDS+=($!)
  sleep 0.3
  inc timeout 30 "$PY" "$EP" client-talk 10.79.1.2 7002 "$TMP/ready" "$TMP/go" 8 &
  PIDS+=($!)
  local i
  for i in $(seq 1 100); do [ -e "$TMP/ready" ] && break; sleep 0.05; done
  sleep 0.5
  cap_start "$NS_C" tcp_lost_midstream "tcp port 7002"
  ins nft add table inet silent
  ins nft add chain inet silent input '{ type filter hook input priority 0; }'
  ins nft add rule inet silent input tcp dport 7002 drop
  touch "$TMP/go"
  wait "${PIDS[@]}" || true
  PIDS=()
  cap_stop tcp_lost_midstream
}

mkdir -p "$OUT"
backoff
midstream
down
