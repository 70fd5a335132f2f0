# mail_telnet: Dovecot POP3/IMAP/submission (SMTP AUTH) with plaintext auth
# allowed and no TLS, and inetutils telnetd started by inetutils-inetd.
scenario_mail_telnet() {
  local d="$TMP/mail" uid gid
  uid=$(id -u "$LAB_USER"); gid=$(id -g "$LAB_USER")
  mkdir -p "$d/run" "$d/state" "$d/mail"
  chown "$uid:$gid" "$d/mail"
  printf '%s:{PLAIN}%s\n' "$LAB_USER" "$LAB_PASS" > "$d/users"
  cat > "$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
protocols = pop3 imap submission
listen = $S_IP
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
hostname = mail.lab.example
mail_location = maildir:$d/mail/%u
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = $d/users
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$d/mail/%u
}
# the relay is never used: the client quits right after AUTH
submission_relay_host = 127.0.0.1
submission_relay_port = 2525
CONF
  ins dovecot -F -c "$d/dovecot.conf" > "$d/dovecot.out" 2>&1 &
  PIDS+=($!)
  # a local SMTP sink as submission relay (loopback, not captured)
  bg ins "$PY" -W ignore -m smtpd -n -c DebuggingServer 127.0.0.1:2525
  # telnetd -h: no host information before login; the server gets its own
  # host name (UTS namespace) so the login banner names the lab, not this machine
  printf 'telnet stream tcp nowait root /usr/sbin/telnetd telnetd -h\n' > "$d/inetd.conf"
  [ -e /run/inetd.pid ] || RM_INETD_PID=1   # inetutils-inetd writes it even with -d
  bg ins unshare --uts sh -c "hostname mail; exec inetutils-inetd -d '$d/inetd.conf'"
  wait_port "$NS_S" "$S_IP" 110
  wait_port "$NS_S" "$S_IP" 143
  wait_port "$NS_S" "$S_IP" 587
  wait_port "$NS_S" "$S_IP" 23
  wait_port "$NS_S" 127.0.0.1 2525
  cap_start "$NS_C" eth0 mail_telnet 1514 "host $S_IP"
  inc timeout 90 "$PY" "$LAB/mail_client.py" "$S_IP" "$LAB_USER" "$LAB_PASS" "$WRONG_PASS" >&2 \
    || { cat "$d/dovecot.log" >&2 || true; die "mail client failed"; }
  cap_stop
}
