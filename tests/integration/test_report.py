#!/usr/bin/env python3
"""`tshark -z convdiag,report` names what each capture teaches, in English and in
Korean (-o convdiag.language:ko). One teaching phrase per capture and language,
taken from what a teacher says about the capture (../shared/captures/README.md and
samples/README.md), not from the plugin's output."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_runner import Tshark, find_capture, skip, test_arguments  # noqa: E402

# capture: [(English phrase, Korean phrase), ...]
TEACHES = {
    "ppa/tcp_handshake.pcapng": [("3-way handshake RTT 132.8 ms", "3-way handshake RTT 132.8 ms")],
    "ppa/tcp_refuseconnection.pcapng": [("Connection refused", "연결 거부")],
    "ppa/nowebaccess1.pcapng": [("No DNS server answered www.google.com", "어떤 DNS 서버도"),
                                ("gateway", "게이트웨이")],
    "ppa/nowebaccess2.pcapng": [("answered each of 3 SYNs to port 80 with RST", "RST로 응답")],
    "ppa/nowebaccess3.pcapng": [("No answer to 3 SYNs", "응답이 없습니다"),
                                ("firewall drops silently", "방화벽")],
    "ppa/stranded_branchdns.pcapng": [("answered SERVFAIL for appserver", "SERVFAIL")],
    "ppa/dns_axfr.pcapng": [("Zone transfer of contoso.local", "영역 전송")],
    "ppa/dns_recursivequery_client.pcapng": [("1 answered", "1 answered")],
    "ppa/tcp_retransmissions.pcapng": [("timeout", "타임아웃"), ("backed off x6, x2 on the previous wait", "백오프 x6, 직전 대기의 x2")],
    "ppa/tcp_dupack.pcapng": [("Fast retransmission after 3 duplicate ACKs", "중복 ACK")],
    "ppa/http_espn_fail.pcapng": [("No answer to 11 SYNs", "SYN 11개")],
    "ppa/tcp_zerowindowrecovery.pcapng": [("zero window", "제로 윈도우"),
                                          ("drained its receive buffer", "버퍼")],
    "ppa/tickedoffdeveloper.pcapng": [("Cleartext FTP password for 'salesxfer' accepted",
                                       "평문 FTP 비밀번호('salesxfer' 계정)"),
                                      ("STOR store4829-03222010.csv", "업로드"),
                                      ("Passive FTP data channel (PASV)", "수동(passive)")],
    "ppa/portscan.pcap": [("SYN scan from 10.100.25.14: 29 ports", "SYN 스캔")],
    "ppa/http_post.pcapng": [("Form content sent in clear text", "폼 내용이 평문으로"),
                             ("followed by the client in frame 7", "프레임 7")],
    "ppa/twitter_login.pcap": [("Login to twitter.com over TLS (stream 0), then plain HTTP",
                                "평문 HTTP(stream 1)로 세션 쿠키")],
    "samples/ftp.pcapng": [("rejected by 10.77.2.2 (530", "거부했습니다"),
                           ("Active FTP data channel (PORT)", "능동(active)")],
    "samples/mail_telnet.pcapng": [("Cleartext POP3 password", "평문 POP3"),
                                   ("Cleartext IMAP password", "평문 IMAP")],
    "samples/http_basic.pcapng": [("Cleartext HTTP Basic password for 'student' accepted",
                                   "평문 HTTP Basic")],
    "samples/https_persistent.pcapng": [("stays in TLS", "TLS(stream 0) 안에")],
    "samples/http_redirect_upgrade.pcapng": [("redirected to https://", "https://로 리다이렉트")],
    "samples/reachability.pcapng": [("Connection refused", "연결 거부"),
                                    ("No answer to 4 SYNs", "SYN 4개")],
    "samples/tcp_slow_reader.pcapng": [("zero window", "제로 윈도우")],
    "samples/conn_stall.pcapng": [("Lost connections\n----", "끊어진 연결\n----"),
                                  ("Connection lost: 10.79.1.1 sent the segment seq=7 len=15 7 times",
                                   "연결 끊김: 10.79.1.1"),
                                  ("ms doubling", "두 배씩"),
                                  ("has been silent for", "아무것도 보내지 않았습니다"),
                                  ("How they ended: 1 stalled", "대화가 끝난 모습: 1 stalled")],
    "samples/conn_one_way.pcapng": [("Seen in one direction only: 1 conversation (",
                                     "한 방향만 캡처된 대화 1개"),
                                    ("asymmetric routing", "비대칭 라우팅")],
    "samples/tcp_keepalive.pcapng": [("alive with 4 keep-alives", "keep-alive 4개로"),
                                     ("then every 1.024 s", "1.024 s마다")],
    "samples/tcp_setup_growing.pcapng": [("Connection set-up to 10.77.2.2:5001 grows",
                                          "연결 설정 시간이 늘어납니다")],
    "samples/tcp_setup_slow_inbound.pcapng": [("Connections opened from outside towards",
                                               "외부에서 10.77.2.2:5001(으)로 연 연결")],
    "samples/dns.pcapng": [("SERVFAIL", "SERVFAIL"), ("nxdomain", "nxdomain")],
}


def main():
    args = test_arguments()
    tshark = Tshark(args.plugin_root)
    failures, passed, skipped = [], 0, []
    try:
        for name, phrases in sorted(TEACHES.items()):
            path = find_capture(name, args.shared, args.samples)
            if path is None:
                skipped.append(name)
                continue
            for lang, index in (("en", 0), ("ko", 1)):
                out = tshark.run(["-2", "-q", "-o", "convdiag.language:" + lang, "-r",
                                  tshark.stage(path), "-z", "convdiag,report"]).stdout
                for phrase in phrases:
                    if phrase[index] in out:
                        passed += 1
                    else:
                        failures.append("%s [%s]: the report does not say %r" % (name, lang, phrase[index]))
    finally:
        tshark.close()
    if skipped:
        print("skipped (capture absent): " + ", ".join(skipped))
    if passed == 0 and not failures:
        skip("no capture found")
    for f in failures:
        print("FAIL " + f)
    print("report: %d passed, %d failed" % (passed, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
