# HTTP / TLS login-flow scenarios: nginx (Debian nginx-light) with a
# self-signed certificate for www.lab.example, driven by curl.
HOST=www.lab.example

start_nginx() {
  local d="$TMP/nginx"
  mkdir -p "$d/tmp" "$d/www/private"
  echo "members only: you passed HTTP Basic authentication" > "$d/www/private/index.html"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$HOST" \
    -addext "subjectAltName=DNS:$HOST" -keyout "$d/key.pem" -out "$d/cert.pem" 2>/dev/null
  printf '%s:%s\n' "$LAB_USER" "$(openssl passwd -apr1 "$LAB_PASS")" > "$d/htpasswd"
  chmod -R a+rX "$d"
  cat > "$d/nginx.conf" <<CONF
user www-data;
worker_processes 1;
daemon off;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  default_type text/plain;
  server_tokens off;
  keepalive_timeout 30;
  server {
    listen $S_IP:80;
    server_name $HOST;
    root $d/www;
    location = / { return 200 "plain-HTTP home page\n"; }
    # plain-HTTP form login: sets a session cookie, sends the user home
    location = /login {
      if (\$request_method = POST) {
        add_header Set-Cookie "SESSIONID=lab-c1ea27e8; Path=/";
        return 302 http://$HOST/home;
      }
      return 200 "login form\n";
    }
    location = /home    { return 200 "welcome back (plain HTTP)\n"; }
    location = /profile { return 200 "your profile (plain HTTP)\n"; }
    # plain HTTP upgraded to HTTPS
    location = /account { return 301 https://$HOST/account; }
    # HTTP Basic authentication
    location /private/ {
      auth_basic "ConvDiag lab";
      auth_basic_user_file $d/htpasswd;
    }
    # a redirect chain
    location = /old   { return 302 http://$HOST/older; }
    location = /older { return 302 http://$HOST/new; }
    location = /new   { return 200 "the page moved twice\n"; }
  }
  server {
    listen $S_IP:443 ssl;
    server_name $HOST;
    ssl_certificate $d/cert.pem;
    ssl_certificate_key $d/key.pem;
    # login over TLS, then back to plain HTTP with the session cookie
    location = /login {
      add_header Set-Cookie "SESSIONID=lab-5ec12e7a; Path=/";
      return 302 http://$HOST/home;
    }
    # login over TLS that stays on TLS
    location = /signin {
      add_header Set-Cookie "SESSIONID=lab-7157a11d; Path=/; Secure; HttpOnly";
      return 200 "signed in\n";
    }
    location / { return 200 "TLS page \$uri\n"; }
  }
}
CONF
  bg ins nginx -c "$d/nginx.conf"
  wait_port "$NS_S" "$S_IP" 443
}

CURL() {
  inc timeout 20 curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' -k --http1.1 \
    --resolve "$HOST:80:$S_IP" --resolve "$HOST:443:$S_IP" "$@" >&2
}

http_cap() { cap_start "$NS_C" eth0 "$1" 1514 "host $S_IP"; }

# login over TLS, then browsing over plain HTTP carrying the session cookie
scenario_http_tls_then_http() {
  start_nginx; http_cap http_tls_then_http
  CURL -c "$TMP/jar" -d "username=$LAB_USER&password=$LAB_PASS" "https://$HOST/login"
  sleep 0.5
  CURL -b "$TMP/jar" "http://$HOST/home" "http://$HOST/profile"
  cap_stop
}

# login and browsing on one persistent TLS connection
scenario_https_persistent() {
  start_nginx; http_cap https_persistent
  CURL -c "$TMP/jar" -d "username=$LAB_USER&password=$LAB_PASS" "https://$HOST/signin" \
    --next -k --http1.1 -b "$TMP/jar" -o /dev/null -o /dev/null -o /dev/null \
    "https://$HOST/home" "https://$HOST/orders" "https://$HOST/profile"
  cap_stop
}

# plain HTTP answered by 301 to https://, followed by curl -L
scenario_http_redirect_upgrade() {
  start_nginx; http_cap http_redirect_upgrade
  CURL -L "http://$HOST/account"
  cap_stop
}

# a form login over plain HTTP, then a page with the session cookie
scenario_http_form_login() {
  start_nginx; http_cap http_form_login
  CURL -c "$TMP/jar" "http://$HOST/login"
  sleep 0.3
  CURL -c "$TMP/jar" -d "username=$LAB_USER&password=$LAB_PASS" "http://$HOST/login"
  sleep 0.3
  CURL -b "$TMP/jar" "http://$HOST/home"
  cap_stop
}

# HTTP Basic: no credentials (401), wrong password (401), right one (200)
scenario_http_basic() {
  start_nginx; http_cap http_basic
  CURL "http://$HOST/private/"
  sleep 0.3
  CURL -u "$LAB_USER:$WRONG_PASS" "http://$HOST/private/"
  sleep 0.3
  CURL -u "$LAB_USER:$LAB_PASS" "http://$HOST/private/"
  cap_stop
}

# /old -> 302 /older -> 302 /new -> 200, followed on one connection
scenario_http_redirect_chain() {
  start_nginx; http_cap http_redirect_chain
  CURL -L "http://$HOST/old"
  cap_stop
}
