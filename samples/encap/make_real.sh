#!/bin/bash
# samples/encap/make_real.sh -- real Linux stacks in two network namespaces make
# the captures that need no crafting (run as root, about 30 s):
#
#   reject_icmp.pcapng     TCP connects answered by nftables REJECT with ICMP
#                          (port-, host-, net-unreachable, admin-prohibited) and
#                          ICMPv6 (port-unreachable, admin-prohibited); one IPv6
#                          connection established and one refused, for comparison
#   dns_fragmented.pcapng  dig asks a small UDP DNS server for a TXT record whose
#                          answer (~3.4 kB, EDNS bufsize 4096) the kernel sends in
#                          IPv4 fragments, then the same over IPv6 (IPv6 fragments)
#   vxlan_overlay.pcapng   a VXLAN overlay (VNI 77) over a veth underlay, captured on
#                          the underlay: a connection established (port 80), one
#                          refused (81), one dropped by nftables (82, SYN retried)
#
# Namespaces cden-c (client) and cden-s (server); IPv4 only in 10.78.0.0/16,
# IPv6 only in fd78::/16; static neighbours (no ARP/ND in the captures), no DAD,
# offloads off.  Everything is torn down on exit, even after a failure.
# Needs: iproute2 nftables ethtool dumpcap bind9-dnsutils (dig) python3.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT="$HERE/../captures"
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
NS_C=cden-c NS_S=cden-s
CAP_PID="" PIDS=() TMP=""

LOG_TAG=make_real
# shellcheck source=two_namespaces.sh
. "$HERE/two_namespaces.sh"

# veth eth0 in both: 10.78.1.1 / fd78:1::1 (client), 10.78.1.2 / fd78:1::2 (server)
up() {
  down
  TMP=$(mktemp -d /tmp/cden.XXXXXX)
  chmod 755 "$TMP"
  ns_prep "$NS_C"
  ns_prep "$NS_S"
  ip link add eth0 netns "$NS_C" address 02:78:01:00:00:01 type veth \
    peer name eth0 netns "$NS_S" address 02:78:01:00:00:02
  local n ns
  for n in 1 2; do
    ns=$NS_C; [ $n = 2 ] && ns=$NS_S
    ip -n "$ns" addr add "10.78.1.$n/24" dev eth0
    ip -n "$ns" addr add "fd78:1::$n/64" dev eth0 nodad
    ip -n "$ns" link set eth0 up
    no_offload "$ns" eth0
  done
  ip -n "$NS_C" neigh replace 10.78.1.2 lladdr 02:78:01:00:00:02 dev eth0 nud permanent
  ip -n "$NS_S" neigh replace 10.78.1.1 lladdr 02:78:01:00:00:01 dev eth0 nud permanent
  ip -n "$NS_C" neigh replace fd78:1::2 lladdr 02:78:01:00:00:02 dev eth0 nud permanent
  ip -n "$NS_S" neigh replace fd78:1::1 lladdr 02:78:01:00:00:01 dev eth0 nud permanent
  inc ping -c1 -W2 10.78.1.2 >/dev/null
  inc ping -6 -c1 -W2 fd78:1::2 >/dev/null
}

# tcp listeners that accept and close, on IPv4 and IPv6
listeners() { # ns addr ports seconds
  ip netns exec "$1" timeout "$4" "$PY" - "$2" "$3" <<'EOF' &
import select, socket, sys
addr, ports = sys.argv[1], [int(p) for p in sys.argv[2].split(",")]
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
socks = []
for p in ports:
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, p)); s.listen(8); socks.append(s)
while True:
    for s in select.select(socks, [], [], 60)[0]:
        s.accept()[0].close()
EOF
  PIDS+=($!)
  sleep 0.5
}

connect() { # addr port timeout: one connect() attempt; prints the outcome
  inc timeout 20 "$PY" - "$@" <<'EOF'
import socket, sys
addr, port, t = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(t)
try:
    s.connect((addr, port)); print("%s %d: established" % (addr, port)); s.close()
except OSError as e:
    print("%s %d: %s" % (addr, port, e))
EOF
  sleep 0.5
}

scenario_reject_icmp() {
  ins nft -f - <<'NFT'
table inet cden {
  chain input {
    type filter hook input priority 0; policy accept;
    meta nfproto ipv4 tcp dport 84 reject with icmp type port-unreachable
    meta nfproto ipv4 tcp dport 85 reject with icmp type host-unreachable
    meta nfproto ipv4 tcp dport 86 reject with icmp type net-unreachable
    meta nfproto ipv4 tcp dport 87 reject with icmp type admin-prohibited
    meta nfproto ipv6 tcp dport 84 reject with icmpv6 type port-unreachable
    meta nfproto ipv6 tcp dport 87 reject with icmpv6 type admin-prohibited
  }
}
NFT
  listeners "$NS_S" fd78:1::2 80 30
  cap_start "$NS_C" eth0 reject_icmp "host 10.78.1.2 or host fd78:1::2"
  local p
  for p in 84 85 86 87; do connect 10.78.1.2 $p 8; done
  for p in 80 81 84 87; do connect fd78:1::2 $p 8; done
  cap_stop reject_icmp
  ins nft delete table inet cden
}

scenario_dns_fragmented() {
  local a
  for a in 10.78.1.2 fd78:1::2; do
    ins timeout 30 "$PY" - "$a" <<'EOF' &
# answers every query with 14 TXT records of 240 bytes (~3.4 kB) and an EDNS OPT
import socket, struct, sys
addr = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((addr, 53))
while True:
    q, peer = s.recvfrom(4096)
    i = 12
    while q[i]:
        i += q[i] + 1
    question = q[12:i + 5]
    txt = bytes([240]) + b"x" * 240
    rr = struct.pack("!HHHIH", 0xC00C, 16, 1, 300, len(txt)) + txt
    opt = b"\0" + struct.pack("!HHIH", 41, 4096, 0, 0)
    flags = 0x8400 | (struct.unpack_from("!H", q, 2)[0] & 0x0100)
    s.sendto(q[:2] + struct.pack("!HHHHH", flags, 1, 14, 0, 1) + question + rr * 14 + opt, peer)
EOF
    PIDS+=($!)
  done
  sleep 0.5
  cap_start "$NS_C" eth0 dns_fragmented "host 10.78.1.2 or host fd78:1::2"
  inc dig +bufsize=4096 +notcp +nocookie +tries=1 +time=3 @10.78.1.2 big.lab.example TXT >/dev/null
  sleep 0.5
  inc dig +bufsize=4096 +notcp +nocookie +tries=1 +time=3 @fd78:1::2 big.lab.example TXT >/dev/null
  cap_stop dns_fragmented
}

# VXLAN VNI 77 over the veth (the underlay 10.78.1.0/24): overlay 10.78.2.0/24
scenario_vxlan_overlay() {
  local n ns
  for n in 1 2; do
    ns=$NS_C; [ $n = 2 ] && ns=$NS_S
    ip -n "$ns" link add vx0 address "02:78:02:00:00:0$n" type vxlan id 77 dstport 4789 \
      local "10.78.1.$n" remote "10.78.1.$((3 - n))" dev eth0
    ip -n "$ns" addr add "10.78.2.$n/24" dev vx0
    ip -n "$ns" link set vx0 up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.vx0.disable_ipv6=1
    no_offload "$ns" vx0
  done
  ip -n "$NS_C" neigh replace 10.78.2.2 lladdr 02:78:02:00:00:02 dev vx0 nud permanent
  ip -n "$NS_S" neigh replace 10.78.2.1 lladdr 02:78:02:00:00:01 dev vx0 nud permanent
  inc ping -c1 -W2 10.78.2.2 >/dev/null
  ins nft -f - <<'NFT'
table inet cden {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "vx0" tcp dport 82 drop
  }
}
NFT
  listeners "$NS_S" 10.78.2.2 80 40
  cap_start "$NS_C" eth0 vxlan_overlay "udp port 4789"
  connect 10.78.2.2 80 8
  connect 10.78.2.2 81 8
  connect 10.78.2.2 82 8   # 8 s: the SYN and its retries after 1, 3 and 7 s
  cap_stop vxlan_overlay
}

[ "$(id -u)" = 0 ] || { log "run as root"; exit 1; }
for s in reject_icmp dns_fragmented vxlan_overlay; do
  up
  "scenario_$s"
  down
done
