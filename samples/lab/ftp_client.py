#!/usr/bin/python3
"""FTP client for the ftp scenario: a rejected login, an accepted one, then
one transfer in each data-connection mode (PASV, EPSV, PORT, EPRT)."""
import ftplib
import io
import socket
import sys
import time

server, user, good, bad = sys.argv[1:5]

# 1. wrong password -> 530, connection closed by us
f = ftplib.FTP()
f.connect(server, 21, timeout=10)
try:
    f.login(user, bad)
except ftplib.error_perm as e:
    print("rejected:", e)
f.close()
time.sleep(0.5)

# 2. right password -> 230
f = ftplib.FTP()
f.connect(server, 21, timeout=10)
f.login(user, good)

# 3. passive (PASV) download
f.set_pasv(True)
buf = io.BytesIO()
f.retrbinary("RETR hello.txt", buf.write)
print("RETR via PASV:", len(buf.getvalue()), "bytes")
time.sleep(0.3)

# 4. extended passive (EPSV) listing: ftplib uses EPSV when af is not IPv4
f.af = socket.AF_INET6
lines = []
f.retrlines("NLST", lines.append)
f.af = socket.AF_INET
print("NLST via EPSV:", lines)
time.sleep(0.3)

# 5. active (PORT) upload
f.set_pasv(False)
f.storbinary("STOR upload.txt", io.BytesIO(b"uploaded by the ConvDiag lab\n"))
print("STOR via PORT done")
time.sleep(0.3)

# 6. extended active (EPRT) download
me = f.sock.getsockname()[0]
with socket.create_server((me, 0), backlog=1) as ls:
    port = ls.getsockname()[1]
    f.sendcmd(f"EPRT |1|{me}|{port}|")
    f.putcmd("RETR notes.txt")
    print("RETR reply:", f.getresp())  # 150
    conn, _ = ls.accept()
    data = b""
    with conn:
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
    print("RETR via EPRT:", len(data), "bytes", f.voidresp())
time.sleep(0.3)
f.quit()
