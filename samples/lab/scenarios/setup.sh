# Connection set-up time and idle connections (python3 endpoints from samples/lab/tcptool.py)

# tcp_keepalive: one request, 4.5 s idle with Linux keep-alives (SO_KEEPALIVE,
# TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s), a second request, close
scenario_tcp_keepalive() {
  wan_delay 5 5
  bg ins $(TT) source "$S_IP" 5001 0
  wait_port "$NS_S" "$S_IP" 5001
  cap_start "$NS_C" eth0 tcp_keepalive 96 "host $S_IP"
  inc timeout 30 $(TT) keepalive "$S_IP" 5001 2000 4.5
  cap_stop
}

# tcp_setup_growing: 16 connections, 0.4 s apart, while the delay towards the
# server grows by 12 ms every second (a queue filling up on the uplink)
scenario_tcp_setup_growing() {
  wan_delay 5 5 120 --ramp 12
  bg ins $(TT) listeners "$S_IP" 5001 30
  wait_port "$NS_S" "$S_IP" 5001
  cap_start "$NS_C" eth0 tcp_setup_growing 96 "host $S_IP"
  local i
  for i in $(seq 1 16); do
    inc timeout 10 $(TT) connect "$S_IP" 5001 8
    sleep 0.4
  done
  cap_stop
}

# tcp_setup_slow_inbound: the client namespace also holds a public address
# (203.0.113.5, TEST-NET-3) routed by the router; the delay line holds SYNs
# from it 150 ms longer (a firewall inspecting new inbound connections).
# 6 connections from 10.77.1.2 (inside) and 6 from 203.0.113.5 (outside).
scenario_tcp_setup_slow_inbound() {
  local outside=203.0.113.5
  ip -n "$NS_C" addr add "$outside/32" dev eth0
  ip -n "$NS_R" route add "$outside/32" via "$C_IP" dev to-c
  wan_delay 5 5 120 --syn-from "$outside" 150
  bg ins $(TT) listeners "$S_IP" 5001 30
  wait_port "$NS_S" "$S_IP" 5001
  cap_start "$NS_C" eth0 tcp_setup_slow_inbound 96 "host $S_IP"
  local i
  for i in $(seq 1 6); do
    inc timeout 10 $(TT) connect "$S_IP" 5001 8 "$C_IP"
    sleep 0.2
    inc timeout 10 $(TT) connect "$S_IP" 5001 8 "$outside"
    sleep 0.2
  done
  cap_stop
}
