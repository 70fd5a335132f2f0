#include "expert/report/advice_catalog.h"

namespace convdiag {

namespace {

struct Advice {
    const char *expert;
    const char *en;
    const char *ko;
};

const Advice kAdvice[] = {
    {"convdiag.conn.refused",
     "The server is reachable but nothing listens on that port, or a firewall rejects: check "
     "the service is running and the port number is right.",
     "서버에는 도달했지만 그 포트에서 기다리는 서비스가 없거나 방화벽이 거부합니다: 서비스가 "
     "실행 중인지, 포트 번호가 맞는지 확인하세요."},
    {"convdiag.conn.unreachable",
     "An ICMP error is an answer, so this is a reject, not a drop. A reject answers at once: a "
     "RST from the host (nothing listens, or its firewall rejects) or an ICMP unreachable from "
     "the host or from a router or firewall on the way (its sender shows where the path ends). "
     "A drop is silence: the client resends its SYN after 1 s, 2 s, 4 s... and gives up "
     "(unanswered). Check the route and the filter rules at the ICMP's sender: port-unreachable "
     "or *-prohibited there is a deliberate reject rule, net- or host-unreachable a missing "
     "route or a host that is down.",
     "ICMP 오류도 응답이므로 이것은 drop이 아니라 거부(reject)입니다. 거부는 곧바로 응답합니다: "
     "호스트의 RST(기다리는 서비스가 없거나 호스트 방화벽이 거부) 또는 호스트나 경로상의 라우터·"
     "방화벽이 보낸 ICMP unreachable(보낸 주소가 경로가 끝나는 곳을 알려 줌). drop은 침묵입니다: "
     "클라이언트가 1초, 2초, 4초... 간격으로 SYN을 다시 보내다가 포기합니다(unanswered). ICMP를 "
     "보낸 장비의 라우팅과 필터 규칙을 확인하세요: port-unreachable이나 *-prohibited는 의도된 거부 "
     "규칙이고, net-/host-unreachable은 경로가 없거나 호스트가 꺼져 있다는 뜻입니다."},
    {"convdiag.conn.bad_rst",
     "A RST that answers a SYN must acknowledge it (its ACK is the SYN's sequence number + 1); "
     "the client drops any other (RFC 793, RFC 5961). One that does not comes from a device "
     "that forges resets (an IDS, a censor, an attacker) or from an older connection on the "
     "same ports: look at who sent it (TTL, IP ID) and at what the connection did next.",
     "SYN에 답하는 RST는 SYN을 확인해야 합니다(ACK = SYN의 순서 번호 + 1). 그 밖의 RST는 "
     "클라이언트가 버립니다(RFC 793, RFC 5961). 그렇지 않은 RST는 리셋을 위조하는 장비(IDS, 검열 "
     "장비, 공격자)나 같은 포트를 쓰던 예전 연결에서 온 것입니다: 보낸 쪽(TTL, IP ID)과 그 뒤 "
     "연결이 어떻게 되었는지 보세요."},
    {"convdiag.conn.stalled",
     "The sender kept resending the same data and backing off, and nothing acknowledged it: "
     "the peer crashed or lost its network, or the path drops everything one way (a firewall "
     "state timeout, a route change, a broken link). Look at the peer's last frame and at what "
     "happened on the path at that time; no retransmission setting fixes a silent peer.",
     "송신자가 같은 데이터를 간격을 늘려 가며 계속 다시 보냈지만 아무도 확인(ACK)하지 않았습니다: "
     "상대가 죽었거나 네트워크를 잃었거나, 경로가 한 방향을 모두 버립니다(방화벽 세션 만료, 경로 "
     "변경, 끊어진 링크). 상대의 마지막 프레임과 그 시각에 경로에서 일어난 일을 보세요. 재전송 "
     "설정으로는 침묵한 상대를 고칠 수 없습니다."},
    {"convdiag.capture.time_went_back",
     "Frames are read in file order: a file joined from several captures (mergecap -a, "
     "captures concatenated) or holding its traffic twice replays what came before. Read each "
     "part on its own (editcap -A/-B by time), or merge captures by time (mergecap without -a).",
     "프레임은 파일에 담긴 순서대로 읽힙니다: 여러 캡처를 이어 붙였거나(mergecap -a, 파일 "
     "연결) 트래픽을 두 번 담은 파일은 앞의 내용을 다시 재생합니다. 부분마다 따로 보거나(editcap "
     "-A/-B로 시간 구간 자르기), 캡처를 시간순으로 합치세요(-a 없이 mergecap)."},
    {"convdiag.conn.unanswered",
     "No RST either, so the host is down, the route is wrong, or a firewall drops silently: "
     "ping the host, check the route and the firewall rules.",
     "RST도 없으므로 호스트가 꺼져 있거나 경로가 잘못되었거나 방화벽이 조용히 버립니다: ping으로 "
     "호스트를 확인하고 라우팅과 방화벽 규칙을 점검하세요."},
    {"convdiag.conn.established_after_retries",
     "Early SYNs or SYN/ACKs were lost: look for loss on the path or an overloaded server "
     "backlog.",
     "앞선 SYN이나 SYN/ACK가 손실되었습니다: 경로의 패킷 손실이나 서버의 연결 대기열(backlog) "
     "과부하를 확인하세요."},
    {"convdiag.conn.setup_growing",
     "Set-up time that keeps growing on the same path means queues are filling: congestion "
     "building up on the way (look for loss and a growing SRTT on established connections "
     "too), or a server whose listen backlog fills so that its SYN/ACKs come late. If the SRTT "
     "of established connections grows alike, it is the network; if only the handshakes slow "
     "down, it is the server.",
     "같은 경로에서 연결 설정 시간이 계속 늘어나면 큐가 차고 있다는 뜻입니다: 경로의 혼잡이 "
     "심해지거나(이미 맺어진 연결의 손실과 SRTT 증가도 확인하세요), 서버의 연결 대기열(listen "
     "backlog)이 차서 SYN/ACK가 늦게 옵니다. 맺어진 연결의 SRTT도 함께 늘면 네트워크, "
     "핸드셰이크만 느려지면 서버 문제입니다."},
    {"convdiag.conn.setup_slow_server",
     "One server answers SYNs much later than the others reached the same way: its accept "
     "backlog is full (an overloaded application, SYN cookies in use), or it is much farther "
     "away. Check the server's load and listen queue (ss -lnt: Recv-Q against Send-Q) and its "
     "distance (ping, traceroute).",
     "한 서버가 같은 방향의 다른 서버보다 SYN에 훨씬 늦게 응답합니다: 연결 대기열(accept "
     "backlog)이 가득 찼거나(과부하된 애플리케이션, SYN 쿠키 사용) 훨씬 멀리 있습니다. 서버의 "
     "부하와 대기열(ss -lnt의 Recv-Q와 Send-Q), 거리(ping, traceroute)를 확인하세요."},
    {"convdiag.conn.setup_slow_inbound",
     "Only connections opened from outside are slow to set up: a firewall, IPS or proxy that "
     "inspects new inbound connections (a SYN proxy, deep inspection, a reverse DNS lookup) "
     "holds each SYN before passing it on. Capture on both sides of the firewall and compare "
     "when the SYN leaves and arrives.",
     "외부에서 연 연결만 설정이 느립니다: 새 인바운드 연결을 검사하는 방화벽, IPS, 프록시(SYN "
     "프록시, 심층 검사, 역방향 DNS 조회)가 SYN을 잡아 두었다가 넘깁니다. 방화벽 양쪽에서 "
     "캡처하여 SYN이 나가고 들어오는 시각을 비교하세요."},
    {"convdiag.tcp.kept_alive",
     "Keep-alives show the connection is still up while no data flows: the first comes after "
     "the idle time (Linux tcp_keepalive_time, 2 hours by default, or TCP_KEEPIDLE), then one "
     "every interval (TCP_KEEPINTVL) until the peer answers. Unanswered ones (the peer gone, "
     "a firewall that forgot the connection) end in a reset after TCP_KEEPCNT tries; a "
     "firewall's idle timeout shorter than the keep-alive time drops the connection.",
     "keep-alive는 데이터가 없는 동안에도 연결이 살아 있음을 보여 줍니다: 유휴 시간(Linux "
     "tcp_keepalive_time, 기본 2시간, 또는 TCP_KEEPIDLE) 뒤 처음 보내고, 그 뒤 간격"
     "(TCP_KEEPINTVL)마다 보냅니다. 응답이 없으면(상대가 사라졌거나 방화벽이 연결을 잊음) "
     "TCP_KEEPCNT번 뒤 연결을 끊습니다. 방화벽의 유휴 타임아웃이 keep-alive 시간보다 짧으면 "
     "연결이 끊깁니다."},
    {"convdiag.tcp.retrans.rto",
     "The sender waited a whole RTO, doubling it at each retry: the segment or its ACK was lost. "
     "Compare the wait with the RTO the RTT predicts; find where on the path packets are lost.",
     "송신자가 RTO만큼 기다렸고 재시도마다 두 배로 늘렸습니다: 세그먼트나 그 ACK가 손실되었습니다. "
     "기다린 시간을 RTT로 계산한 RTO와 비교하고, 경로의 어디에서 손실되는지 찾으세요."},
    {"convdiag.tcp.retrans.fast",
     "Three duplicate ACKs told the sender one segment was lost while later ones arrived: "
     "a single loss on a working path; check for congestion or a lossy link.",
     "중복 ACK 3개로 송신자는 뒤의 세그먼트는 도착했지만 하나가 손실되었음을 알았습니다: 동작 중인 "
     "경로의 단일 손실이므로 혼잡이나 손실이 많은 링크를 확인하세요."},
    {"convdiag.tcp.retrans.spurious",
     "The data had already been acknowledged: the RTO fired too early (a delay spike) or the "
     "ACK was late; no data was really lost.",
     "이미 ACK된 데이터입니다: 지연이 갑자기 커져 RTO가 너무 일찍 만료되었거나 ACK가 늦었습니다. "
     "실제로 손실된 데이터는 없습니다."},
    {"convdiag.tcp.retrans.syn_rto",
     "The SYN (or SYN/ACK) got no answer within the initial timeout (1 s, then doubled): see the "
     "connection verdict of the same stream.",
     "SYN(또는 SYN/ACK)이 초기 타임아웃(1초, 이후 두 배씩) 안에 응답을 받지 못했습니다: 같은 "
     "스트림의 연결 판정을 확인하세요."},
    {"convdiag.tcp.dupack",
     "The receiver is missing a segment but keeps getting later ones: expect a fast "
     "retransmission after the third duplicate.",
     "수신자가 세그먼트 하나를 받지 못했지만 뒤의 세그먼트는 계속 받고 있습니다: 세 번째 중복 ACK "
     "뒤에 빠른 재전송이 와야 합니다."},
    {"convdiag.tcp.delayed_ack",
     "Delayed ACKs halve ACK traffic; together with Nagle's algorithm on small writes they can "
     "add this delay to every request: consider TCP_NODELAY on the sender.",
     "지연 ACK는 ACK 트래픽을 절반으로 줄이지만, 작은 쓰기와 Nagle 알고리즘이 겹치면 요청마다 이 "
     "지연이 더해집니다: 송신 측의 TCP_NODELAY를 검토하세요."},
    {"convdiag.win.closing",
     "Data arrives faster than the application reads it: the receiver's buffer is filling.",
     "애플리케이션이 읽는 속도보다 데이터가 빨리 도착합니다: 수신 버퍼가 차고 있습니다."},
    {"convdiag.win.zero",
     "The receiver's buffer was full: the application stopped reading (busy, blocked, or too "
     "slow). Look at the receiving host, not the network.",
     "수신 버퍼가 가득 찼습니다: 애플리케이션이 읽기를 멈췄습니다(바쁨, 블록, 너무 느림). "
     "네트워크가 "
     "아니라 수신 호스트를 살펴보세요."},
    {"convdiag.win.probe",
     "The sender asks whether the window reopened; Wireshark 4.0 may call these keep-alives.",
     "송신자가 윈도우가 다시 열렸는지 묻는 중입니다. Wireshark 4.0은 이를 keep-alive로 표시하기도 "
     "합니다."},
    {"convdiag.win.probe_ack", "The receiver still cannot take data: the stall goes on.",
     "수신자가 아직 데이터를 받을 수 없습니다: 정체가 계속됩니다."},
    {"convdiag.win.full",
     "The sender filled the receiver's window and must wait for an ACK: the receiver's window, "
     "not the network, limits throughput.",
     "송신자가 수신 윈도우를 다 채워 ACK를 기다려야 합니다: 처리량을 제한하는 것은 네트워크가 "
     "아니라 "
     "수신 윈도우입니다."},
    {"convdiag.win.reopened",
     "The application read its buffer and the transfer resumed: the stall time is what the "
     "user waited.",
     "애플리케이션이 버퍼를 읽어 전송이 재개되었습니다: 정체 시간이 사용자가 기다린 시간입니다."},
    {"convdiag.win.never_reopened",
     "The receiver never read again before the capture ended: check the receiving application.",
     "캡처가 끝날 때까지 수신자가 다시 읽지 않았습니다: 수신 애플리케이션을 확인하세요."},
    {"convdiag.win.shrunk",
     "RFC 7323 discourages shrinking the window: the receiver took back space it had offered.",
     "RFC 7323은 윈도우 축소를 권장하지 않습니다: 수신자가 제공했던 공간을 되돌렸습니다."},
    {"convdiag.dns.no_response",
     "No server answered: check the client's DNS server settings and its gateway (set the "
     "address by hand to test), and whether UDP/53 is blocked.",
     "어떤 서버도 응답하지 않았습니다: 클라이언트의 DNS 서버 설정과 게이트웨이를 확인하고(주소를 "
     "직접 "
     "지정해 시험), UDP/53이 막혀 있는지 보세요."},
    {"convdiag.dns.server_failure",
     "The server could not get an answer from the servers it depends on (forwarder, upstream "
     "or primary): check those, not the client.",
     "서버가 자신이 의존하는 서버(포워더, 상위 서버, 주 서버)에서 답을 얻지 못했습니다: "
     "클라이언트가 "
     "아니라 그 서버들을 확인하세요."},
    {"convdiag.dns.nxdomain", "The name does not exist: check its spelling and the search domain.",
     "그 이름은 존재하지 않습니다: 철자와 검색 도메인을 확인하세요."},
    {"convdiag.dns.refused",
     "The server refuses to answer this client: check its allow-query or recursion settings.",
     "서버가 이 클라이언트에게 응답을 거부합니다: allow-query나 재귀(recursion) 설정을 "
     "확인하세요."},
    {"convdiag.dns.slow",
     "Every connection waits for this answer: a slow resolver or upstream makes pages feel slow.",
     "모든 연결이 이 응답을 기다립니다: 느린 리졸버나 상위 서버 때문에 웹 페이지가 느리게 "
     "느껴집니다."},
    {"convdiag.dns.zone_transfer",
     "A zone transfer copies the whole zone (normally primary to secondary over TCP/53): only "
     "the secondaries should be allowed to ask.",
     "영역 전송은 전체 영역을 복사합니다(보통 주 서버에서 보조 서버로 TCP/53): 보조 서버만 요청할 "
     "수 있게 하세요."},
    {"convdiag.scan.syn_scan",
     "One source probing many ports: a port scan (reconnaissance). Find the source host and "
     "check which open ports it found.",
     "한 출발지가 많은 포트를 탐색합니다: 포트 스캔(정찰)입니다. 출발지 호스트를 찾고 어떤 열린 "
     "포트를 찾아냈는지 확인하세요."},
    {"convdiag.scan.host_sweep",
     "One source trying one port on many hosts: a sweep looking for a service (or a worm).",
     "한 출발지가 여러 호스트의 한 포트를 시도합니다: 서비스를 찾는 스윕(또는 웜)입니다."},
    {"convdiag.scan.syn_flood",
     "Many half-open connections: a SYN flood (DoS). Check SYN cookies and rate limits on the "
     "target.",
     "반만 열린 연결이 많습니다: SYN 플러딩(DoS)입니다. 대상의 SYN 쿠키와 속도 제한을 확인하세요."},
    {"convdiag.http.redirect.loop",
     "The redirects lead back to themselves: check the site's redirect rules (http/https, "
     "www, trailing slash).",
     "리다이렉트가 자기 자신으로 돌아옵니다: 사이트의 리다이렉트 규칙(http/https, www, 끝의 "
     "슬래시)을 확인하세요."},
    {"convdiag.http.redirect.unfollowed",
     "The client did not follow the redirect in this capture: it may have given up, or the "
     "next request went elsewhere.",
     "이 캡처에서 클라이언트가 리다이렉트를 따라가지 않았습니다: 포기했거나 다음 요청이 다른 "
     "곳으로 "
     "갔을 수 있습니다."},
    {"convdiag.login.cookie_after_tls",
     "The site protects the login with TLS, then sends the session cookie in clear: anyone on "
     "the path can steal the session. The site should stay on HTTPS (HSTS, Secure cookies).",
     "사이트가 로그인은 TLS로 보호하지만 세션 쿠키는 평문으로 보냅니다: 경로상의 누구나 세션을 "
     "훔칠 "
     "수 있습니다. 사이트는 계속 HTTPS를 써야 합니다(HSTS, Secure 쿠키)."},
    {"convdiag.tls.client_refused",
     "The client rejected the server's certificate: a self-signed or unknown CA, or a wrong "
     "name. Install the CA in the client, or fix the certificate.",
     "클라이언트가 서버 인증서를 거부했습니다: 자체 서명이거나 모르는 CA, 또는 이름이 다릅니다. "
     "클라이언트에 CA를 설치하거나 인증서를 고치세요."},
};

}  // namespace

void apply_advice(Schema &schema) {
    for (size_t id = 0; id < schema.experts().size(); ++id)
        for (const auto &a : kAdvice)
            if (schema.experts()[id].abbrev == a.expert)
                schema.set_advice(static_cast<ExpertId>(id), {a.en, a.ko});
}

}  // namespace convdiag
