#!/bin/bash
# samples/conn/make_real.sh -- real Linux stacks in two network namespaces end TCP
# conversations every way ConvDiag names (run as root, about 40 s):
#
#   conn_endings.pcapng    one conversation each: closed (FIN both ways, port 7001), reset
#                          by the server (7002), reset by the client (7003), half-closed
#                          (the client shuts down writing, the server talks on until the
#                          capture ends, 7004)
#   conn_stall.pcapng      the client's second request is blackholed by nftables in the
#                          server namespace: the client resends it with the kernel's own
#                          backoff (200 ms doubling) and aborts (RST) after 7 s (7010)
#   conn_one_way.pcapng    a closed conversation captured with a filter that keeps only the
#                          client's direction, as a one-way tap or asymmetric routing shows
#                          it: no SYN/ACK, no server packet at all (7020)
#   conn_syn_retry.pcapng  nftables in the client namespace drops the first SYN/ACK after
#                          the capture saw it: the client resends its SYN, the server its
#                          SYN/ACK, then the handshake completes (7030)
# and from conn_endings.pcapng, with reorder.py: conn_synack_first.pcapng.
#
# Namespaces cdcn-c (client, 10.79.1.1) and cdcn-s (server, 10.79.1.2) on one veth;
# IPv4 only, static neighbours, offloads off. Torn down on exit, even after a failure.
# Needs: iproute2 nftables ethtool dumpcap capinfos python3.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT="$HERE/../captures"
PY=/usr/bin/python3
EP="$HERE/endpoints.py"
export PYTHONDONTWRITEBYTECODE=1
NS_C=cdcn-c NS_S=cdcn-s C_IP=10.79.1.1 S_IP=10.79.1.2
CAP_PID="" PIDS=() TMP=""

log() { printf '[conn] %s\n' "$*" >&2; }
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
  TMP=$(mktemp -d /tmp/cdcn.XXXXXX)
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
  ip -n "$NS_C" neigh replace "$S_IP" lladdr 02:79:01:00:00:02 dev eth0 nud permanent
  ip -n "$NS_S" neigh replace "$C_IP" lladdr 02:79:01:00:00:01 dev eth0 nud permanent
  inc ping -c1 -W2 "$S_IP" >/dev/null
}

cap_start() { # name filter
  rm -f "$TMP/$1.pcapng"
  ip netns exec "$NS_C" dumpcap -q -i eth0 -s 256 -f "$2" -w "$TMP/$1.pcapng" 2>"$TMP/dumpcap.err" &
  CAP_PID=$!
  local i
  for i in $(seq 1 50); do grep -q "Capturing on" "$TMP/dumpcap.err" 2>/dev/null && break; sleep 0.1; done
  sleep 0.5
}

cap_stop() { # name
  sleep 0.3
  kill -INT "$CAP_PID"
  wait "$CAP_PID" || true
  CAP_PID=""
  cp "$TMP/$1.pcapng" "$OUT/$1.pcapng"
  chmod 644 "$OUT/$1.pcapng"
  log "$1: $(capinfos -c -M "$OUT/$1.pcapng" | awk '/Number of packets/ {print $NF}') packets"
}

# every endpoint still running in the namespaces (the capture is stopped by then)
stop_background() {
  local p
  for p in $(ip netns pids "$NS_C") $(ip netns pids "$NS_S"); do kill -KILL "$p" 2>/dev/null || true; done
  PIDS=()
  sleep 1
}

server() { # mode port [args]: in the background, bounded
  ins timeout 30 "$PY" "$EP" "$1" "$S_IP" "${@:2}" &
  PIDS+=($!)
  sleep 0.3
}

client() { # mode port [args]
  inc timeout 20 "$PY" "$EP" "$1" "$S_IP" "${@:2}" || log "client $1 $2: exit $?"
  sleep 0.3
}

scenario_endings() {
  cap_start conn_endings "tcp and host $S_IP"
  server reply 7001; client graceful 7001
  server reset 7002; client graceful 7002
  server reply 7003; client abort 7003
  # the server talks on after the client's FIN; the capture ends first
  server talk-on 7004 3
  inc timeout 20 "$PY" "$EP" half-close "$S_IP" 7004 10 &
  PIDS+=($!)
  sleep 1.5
  cap_stop conn_endings
  stop_background
}

scenario_stall() {
  cap_start conn_stall "tcp and host $S_IP"
  server sink 7010 20
  inc timeout 20 "$PY" "$EP" stall "$S_IP" 7010 1 7 &
  PIDS+=($!)
  sleep 0.5
  # from now on the client's data never reaches the server (nor its RST)
  ins nft -f - <<NFT
table inet cdcn {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr $C_IP tcp dport 7010 counter drop
  }
}
NFT
  wait "${PIDS[-1]}" || true
  cap_stop conn_stall
  ins nft delete table inet cdcn
}

scenario_one_way() {
  cap_start conn_one_way "tcp and src host $C_IP"
  server reply 7020; client graceful 7020
  cap_stop conn_one_way
}

scenario_syn_retry() {
  # dumpcap sees the SYN/ACK before the input hook drops it
  inc nft -f - <<NFT
table inet cdcn {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp sport 7030 tcp flags & (syn | ack) == syn | ack numgen inc mod 1000 0 counter drop
  }
}
NFT
  cap_start conn_syn_retry "tcp and host $S_IP"
  server reply 7030; client graceful 7030
  cap_stop conn_syn_retry
  inc nft delete table inet cdcn
}

up
scenario_endings
scenario_stall
scenario_one_way
scenario_syn_retry
"$PY" "$HERE/reorder.py" "$OUT/conn_endings.pcapng" "$OUT/conn_synack_first.pcapng"
log done
