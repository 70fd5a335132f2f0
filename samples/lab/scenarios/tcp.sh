# TCP behaviour scenarios (python3 endpoints from samples/lab/tcptool.py)
TT() { echo "$PY" "$LAB/tcptool.py"; }

# tcp_slow_reader: receiver with a small buffer stops reading for 3 s
scenario_tcp_slow_reader() {
  wan_delay 5 5
  bg ins $(TT) slow-sink "$S_IP" 5001 16384 3
  wait_port "$NS_S" "$S_IP" 5001
  cap_start "$NS_C" eth0 tcp_slow_reader 128 "host $S_IP"
  inc timeout 30 $(TT) upload "$S_IP" 5001 65536
  cap_stop
}

# tcp_loss: 50 ms RTT; one upload segment dropped (fast retransmit), then a
# 2.5 s blackhole of the client's requests (RTO with backoff), then
# request/response rounds where the server thinks 150 ms (delayed ACKs)
scenario_tcp_loss() {
  wan_delay 25 25
  inr nft -f - <<NFT
table ip cdlab {
  chain impair {
    type filter hook forward priority 0; policy accept;
    ip saddr $C_IP tcp dport 5001 meta length > 1000 numgen inc mod 1000 99 counter drop
  }
}
NFT
  bg ins $(TT) sink "$S_IP" 5001 65536
  bg ins $(TT) source "$S_IP" 5002 0.1
  wait_port "$NS_S" "$S_IP" 5001
  wait_port "$NS_S" "$S_IP" 5002
  cap_start "$NS_C" eth0 tcp_loss 128 "host $S_IP"
  inc timeout 30 $(TT) upload "$S_IP" 5001 300000
  sleep 0.5
  # blackhole the client's data (not its SYN/ACKs) towards port 5002
  inr nft add rule ip cdlab impair ip saddr "$C_IP" tcp dport 5002 meta length '>' 52 tcp flags '&' '(syn|ack)' == ack counter drop
  inc timeout 30 $(TT) reqresp "$S_IP" 5002 8 200 0 &
  local cl=$!
  sleep 2.6
  inr nft flush chain ip cdlab impair
  wait $cl
  cap_stop
}

# tcp_delay_200ms: a 300 kB download over a 200 ms RTT path
scenario_tcp_delay_200ms() {
  wan_delay 100 100
  bg ins $(TT) source "$S_IP" 5001 0
  wait_port "$NS_S" "$S_IP" 5001
  cap_start "$NS_C" eth0 tcp_delay_200ms 96 "host $S_IP"
  inc timeout 40 $(TT) download "$S_IP" 5001 300000
  cap_stop
}

# tcp_bulk_autotuning: 3 MB download; the client's receive window grows
scenario_tcp_bulk_autotuning() {
  wan_delay 10 10
  rate_limit to-c 40mbit
  bg ins $(TT) source "$S_IP" 5001 0
  wait_port "$NS_S" "$S_IP" 5001
  cap_start "$NS_C" eth0 tcp_bulk_autotuning 80 "host $S_IP"
  inc timeout 40 $(TT) download "$S_IP" 5001 3000000
  cap_stop
}
