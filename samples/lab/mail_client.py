#!/usr/bin/python3
"""Mail and Telnet logins for the mail_telnet scenario (python3 stdlib).
POP3 wrong password then right one, IMAP login, SMTP AUTH on the submission
port, Telnet login (wrong password, then right one)."""
import imaplib
import poplib
import smtplib
import sys
import telnetlib
import time

server, user, good, bad = sys.argv[1:5]

# POP3: a rejected login, then an accepted one
p = poplib.POP3(server, 110, timeout=10)
p.user(user)
try:
    p.pass_(bad)
except poplib.error_proto as e:
    print("POP3 rejected:", e)
p.close()
time.sleep(0.5)
p = poplib.POP3(server, 110, timeout=10)
p.user(user)
print("POP3:", p.pass_(good))
print("POP3 STAT:", p.stat())
p.quit()
time.sleep(0.5)

# IMAP: LOGIN in clear text
m = imaplib.IMAP4(server, 143, timeout=10)
print("IMAP:", m.login(user, good))
m.select("INBOX")
m.logout()
time.sleep(0.5)

# SMTP AUTH on the submission port (AUTH PLAIN)
s = smtplib.SMTP(server, 587, timeout=10)
s.ehlo("client.lab.example")
print("SMTP AUTH:", s.login(user, good))
s.quit()
time.sleep(0.5)

# Telnet: wrong password, then the right one, run one command, exit
t = telnetlib.Telnet(server, 23, timeout=20)
print(t.read_until(b"login: ", 15)[-40:])
t.write(user.encode() + b"\r\n")
t.read_until(b"Password:", 15)
t.write(bad.encode() + b"\r\n")
print(t.read_until(b"login: ", 15)[-60:])
t.write(user.encode() + b"\r\n")
t.read_until(b"Password:", 15)
t.write(good.encode() + b"\r\n")
print(t.read_until(b"$ ", 15)[-60:])
t.write(b"id\r\n")
print(t.read_until(b"$ ", 10)[-120:])
t.write(b"exit\r\n")
t.read_all()
t.close()
