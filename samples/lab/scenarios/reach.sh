# reachability and scanning scenarios

# reachability: open port, closed port (RST from the host), a port behind an
# nftables DROP (SYNs unanswered, retried), REJECT with tcp reset, REJECT
# with ICMP port-unreachable
scenario_reachability() {
  ins nft -f - <<NFT
table inet cdlab {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 82 counter drop
    tcp dport 83 counter reject with tcp reset
    tcp dport 84 counter reject with icmp type port-unreachable
  }
}
NFT
  bg ins "$PY" "$LAB/tcptool.py" listeners "$S_IP" 80 60
  wait_port "$NS_S" "$S_IP" 80
  cap_start "$NS_C" eth0 reachability 256 "host $S_IP"
  local p
  for p in 80 81 82 83 84; do
    # 8 s lets Linux send the SYN and retry it after 1, 3 and 7 s
    inc timeout 20 "$PY" "$LAB/tcptool.py" connect "$S_IP" "$p" 8
    sleep 0.5
  done
  cap_stop
}

# syn_scan: nmap SYN scan of ports 1-150: some open, most closed (RST),
# 100-109 filtered (DROP)
scenario_syn_scan() {
  ins nft -f - <<NFT
table inet cdlab {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 100-109 counter drop
  }
}
NFT
  bg ins "$PY" "$LAB/tcptool.py" listeners "$S_IP" 21,22,25,80,110,143 120
  wait_port "$NS_S" "$S_IP" 143
  cap_start "$NS_C" eth0 syn_scan 128 "host $S_IP"
  # -r: ports in order; -Pn -n: no ping, no reverse DNS; bounded in time
  inc timeout 120 nmap -sS -Pn -n -r -T4 --max-retries 1 -p 1-150 "$S_IP" >&2
  cap_stop
}
