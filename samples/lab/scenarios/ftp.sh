# ftp: vsftpd; a 530 then a 230, then PASV/RETR, EPSV/NLST, PORT/STOR, EPRT/RETR
scenario_ftp() {
  local root="$TMP/ftp"
  mkdir -p "$root/empty"
  local home
  home=$(getent passwd "$LAB_USER" | cut -d: -f6)
  rm -f "$home/upload.txt"
  printf 'Hello from the ConvDiag FTP lab.\nThis file travels over a passive data connection.\n' > "$home/hello.txt"
  printf 'notes: extended active mode (EPRT) delivered this file.\n' > "$home/notes.txt"
  chown "$LAB_USER:" "$home/hello.txt" "$home/notes.txt"
  cat > "$root/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=$S_IP
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
pasv_enable=YES
pasv_min_port=40000
pasv_max_port=40010
port_enable=YES
connect_from_port_20=YES
ftpd_banner=ConvDiag lab FTP server
secure_chroot_dir=$root/empty
pam_service_name=vsftpd
seccomp_sandbox=NO
xferlog_enable=NO
use_localtime=NO
CONF
  bg ins vsftpd "$root/vsftpd.conf"
  wait_port "$NS_S" "$S_IP" 21
  cap_start "$NS_C" eth0 ftp 1514 "host $S_IP"
  inc timeout 60 "$PY" "$LAB/ftp_client.py" "$S_IP" "$LAB_USER" "$LAB_PASS" "$WRONG_PASS" >&2
  cap_stop
  rm -f "$home/upload.txt"
}
