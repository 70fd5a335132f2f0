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

LOG_TAG=retrans
# shellcheck source=../encap/two_namespaces.sh
. "$HERE/../encap/two_namespaces.sh"

up() {
  down
  TMP=$(mktemp -d /tmp/cdrx.XXXXXX)
  chmod 755 "$TMP"
  local n ns
  ns_prep "$NS_C"
  ns_prep "$NS_S"
  ip link add eth0 netns "$NS_C" address 02:79:01:00:00:01 type veth \
    peer name eth0 netns "$NS_S" address 02:79:01:00:00:02
  for n in 1 2; do
    ns=$NS_C; [ $n = 2 ] && ns=$NS_S
    ip -n "$ns" addr add "10.79.1.$n/24" dev eth0
    ip -n "$ns" link set eth0 up
    no_offload "$ns" eth0
  done
  ip -n "$NS_C" neigh replace 10.79.1.2 lladdr 02:79:01:00:00:02 dev eth0 nud permanent
  ip -n "$NS_S" neigh replace 10.79.1.1 lladdr 02:79:01:00:00:01 dev eth0 nud permanent
  inc ping -c1 -W2 10.79.1.2 >/dev/null
}

backoff() {
  up
  # Conntrack counts the server's packets (reply direction) from the SYN/ACK (1): 3 is
  # the 2nd data segment, above 11 every segment after the first 10.
  inc nft add table inet lossy
  inc nft add chain inet lossy input '{ type filter hook input priority 0; }'
  inc nft add rule inet lossy input tcp sport 7001 ct reply packets 3 drop
  inc nft add rule inet lossy input tcp sport 7001 ct reply packets gt 11 drop
  cap_start "$NS_S" eth0 tcp_backoff "tcp port 7001"
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
  cap_start "$NS_C" eth0 tcp_lost_midstream "tcp port 7002"
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
