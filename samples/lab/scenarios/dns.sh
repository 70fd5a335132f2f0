# DNS scenarios: BIND 9 primary (cdlab-s), recursive resolver (cdlab-d),
# secondary (cdlab-2); a DNS server that never answers (10.77.3.3) and an
# unreachable upstream forwarder (10.77.4.3).
DEAD_FWD=10.77.4.3

zone_file() {
  cat <<ZONE
\$TTL 300
@       IN SOA ns1.lab.example. hostmaster.lab.example. (
                2024060101 3600 600 86400 300 )
        IN NS   ns1.lab.example.
        IN MX   10 mail.lab.example.
ns1     IN A    10.77.2.2
www     IN A    10.77.2.80
mail    IN A    10.77.2.25
ftp     IN CNAME www.lab.example.
intro   IN TXT  "ConvDiag teaching zone"
ZONE
}

named_common() { # dir -> options lines shared by every instance
  cat <<OPT
  directory "$1";
  pid-file "$1/named.pid";
  session-keyfile "$1/session.key";
  managed-keys-directory "$1";
  listen-on-v6 { none; };
  dnssec-validation no;
  querylog yes;
  notify no;
OPT
}

start_named() { # ns dir
  local ns=$1 dir=$2
  chown -R bind:bind "$dir"
  ip netns exec "$ns" named -4 -u bind -c "$dir/named.conf" -f > "$dir/named.log" 2>&1 &
  PIDS+=($!)
}

setup_primary() {
  local d="$TMP/pri"; mkdir -p "$d"
  zone_file > "$d/lab.example.db"
  cat > "$d/named.conf" <<CONF
options {
$(named_common "$d")
  listen-on { $S_IP; };
  recursion no;
  allow-transfer { 10.77.4.2; };
};
zone "lab.example" { type primary; file "$d/lab.example.db"; };
CONF
  start_named "$NS_S" "$d"
  wait_udp "$NS_S" 53
}

# never let a lab namespace send anything outside 10.77.0.0/16
guard_ns() {
  ip netns exec "$1" nft -f - <<NFT
table ip cdlab_guard {
  chain out {
    type filter hook output priority 0; policy accept;
    ip daddr != { 10.77.0.0/16, 127.0.0.0/8 } counter drop
  }
}
NFT
}

setup_resolver() {
  local d="$TMP/res"; mkdir -p "$d"
  guard_ns "$NS_D"
  # 10.77.3.3 is a "DNS server" that never answers
  ind nft -f - <<NFT
table ip cdlab {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr $DEAD_IP udp dport 53 counter drop
    ip daddr $DEAD_IP tcp dport 53 counter drop
  }
}
NFT
  cat > "$d/named.conf" <<CONF
options {
$(named_common "$d")
  listen-on { $D_IP; };
  recursion yes;
  allow-query { 10.77.0.0/16; };
  allow-recursion { 10.77.0.0/16; };
  forward only;
  forwarders { $S_IP; };
  resolver-query-timeout 4000;
  servfail-ttl 0;
  max-cache-ttl 60;
};
zone "down.example" { type forward; forward only; forwarders { $DEAD_FWD; }; };
CONF
  start_named "$NS_D" "$d"
  wait_udp "$NS_D" 53
}

# dns: the resolver's view (captured on the resolver's veth)
scenario_dns() {
  # the unreachable upstream lives in cdlab-2 and drops DNS
  ip -n "$NS_2" addr add "$DEAD_FWD/24" dev eth0
  ip -n "$NS_R" neigh replace "$DEAD_FWD" lladdr "02:77:04:00:00:02" dev to-2 nud permanent
  in2 nft -f - <<NFT
table ip cdlab {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr $DEAD_FWD udp dport 53 counter drop
    ip daddr $DEAD_FWD tcp dport 53 counter drop
  }
}
NFT
  setup_primary
  setup_resolver
  mkdir -p /etc/netns/cdlab-c
  printf 'nameserver %s\nnameserver %s\noptions timeout:2 attempts:1\n' "$DEAD_IP" "$D_IP" \
    > /etc/netns/cdlab-c/resolv.conf
  cap_start "$NS_D" eth0 dns 1514 "udp port 53 or tcp port 53"
  local dig="dig +nocookie +noedns"
  # 1. answered: the resolver forwards upstream to the primary
  inc timeout 15 $dig +tries=1 +timeout=5 @"$D_IP" www.lab.example A || true
  sleep 0.5
  # 2. NXDOMAIN from the primary, relayed by the resolver
  inc timeout 15 $dig +tries=1 +timeout=5 @"$D_IP" nosuch.lab.example A || true
  sleep 0.5
  # 3. SERVFAIL: the forwarder for down.example never answers
  inc timeout 20 $dig +tries=1 +timeout=10 @"$D_IP" www.down.example A || true
  sleep 0.5
  # 4. the first server in resolv.conf never answers; dig moves on to the second
  inc timeout 20 $dig +tries=1 +timeout=2 mail.lab.example A || true
  sleep 0.5
  # 5. a second question for the same name is answered from the resolver's cache
  inc timeout 15 $dig +tries=1 +timeout=5 @"$D_IP" www.lab.example A || true
  cap_stop
  rm -f /etc/netns/cdlab-c/resolv.conf
}

# dns_axfr: a BIND secondary loads lab.example from the primary (SOA query,
# then AXFR over TCP); then dig asks for the same zone transfer by hand
scenario_dns_axfr() {
  setup_primary
  local d="$TMP/sec"; mkdir -p "$d"
  guard_ns "$NS_2"
  cat > "$d/named.conf" <<CONF
options {
$(named_common "$d")
  listen-on { $SEC_IP; };
  recursion no;
  transfer-source $SEC_IP;
};
zone "lab.example" { type secondary; primaries { $S_IP; }; file "$d/lab.example.db"; };
CONF
  cap_start "$NS_2" eth0 dns_axfr 1514 "udp port 53 or tcp port 53"
  start_named "$NS_2" "$d"
  local i
  for i in $(seq 1 100); do [ -s "$d/lab.example.db" ] && break; sleep 0.1; done
  [ -s "$d/lab.example.db" ] || die "secondary did not transfer the zone"
  sleep 1
  in2 timeout 15 dig +nocookie +noedns -b "$SEC_IP" @"$S_IP" lab.example AXFR || true
  cap_stop
}
