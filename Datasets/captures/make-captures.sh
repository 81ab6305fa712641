#!/usr/bin/env bash
# make-captures.sh: recreate the regression captures in this folder.
#
# Every packet in these captures was exchanged between network namespaces that
# this script creates (all named kp-ds-<host>), by real servers (dnsmasq,
# nginx, OpenSMTPD, Dovecot, OpenSSH) and real clients (dig, curl, nc, swaks,
# ssh-keyscan, ping, dhclient), and recorded with tcpdump/dumpcap inside those
# namespaces. Nothing is sent from or to the root namespace; the root
# namespace's interfaces, routes and firewall are never touched.
# Derived files (raw-ip, null-loop, mpls, cut-record, bad-length) are written
# by craft.py (Python, struct only) from the recorded captures.
#
# Usage (as root):  ./make-captures.sh            # everything
#                   ./make-captures.sh http-dns tls-sni ...   # some steps
# Steps: http-dns tls-sni mail-ssh vlan ipv6-ext two-interfaces dhcp derived facts
# Outputs go to the folder of this script (or $OUT).
# Needs: iproute2 tcpdump tshark(wireshark-common: editcap mergecap capinfos
# dumpcap) nginx-light dnsmasq openssh-server opensmtpd dovecot-imapd
# dovecot-pop3d swaks curl dnsutils netcat-openbsd isc-dhcp-client ethtool
# openssl python3 iputils-ping.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$HERE}
PY=$(command -v /usr/bin/python3 || command -v python3)
CRAFT="$PY $HERE/craft.py"
WORK=$(mktemp -d /tmp/kp-ds.XXXXXX)
chmod 755 "$WORK"
NSES=()         # short names of the namespaces we created (kp-ds-<name>)
PIDS=()         # PIDs of the processes we started in the background
CREATED_NETNS_DIR=0
[ -d /etc/netns ] || CREATED_NETNS_DIR=1

log() { printf '[make-captures] %s\n' "$*" >&2; }

exec 3>&1 4>&2   # the original stdout/stderr, for cleanup messages

cleanup() {
    local rc=$? p n pid
    set +e
    exec 1>&3 2>&4   # a trap may fire inside a redirected block
    if [ "$rc" != 0 ]; then
        log "FAILED (exit $rc); last client output:"
        tail -n 15 "$WORK"/*/client.out >&2 2>/dev/null
    fi
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    sleep 0.5
    for n in "${NSES[@]}"; do
        # anything still alive inside our own namespaces was started by us
        for pid in $(ip netns pids "kp-ds-$n" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    done
    sleep 0.3
    for n in "${NSES[@]}"; do
        for pid in $(ip netns pids "kp-ds-$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        ip netns del "kp-ds-$n" 2>/dev/null
        rm -rf "/etc/netns/kp-ds-$n"
    done
    if [ "$CREATED_NETNS_DIR" = 1 ]; then rmdir /etc/netns 2>/dev/null; fi
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

# ---------------------------------------------------------------- helpers --

# mkns NAME [v6]: create namespace kp-ds-NAME (IPv6 off unless "v6"), with its
# own /etc/resolv.conf and /etc/hosts (bind-mounted by `ip netns exec`).
mkns() {
    local n=$1 ns="kp-ds-$1"
    if ip netns list | grep -qw "$ns"; then
        # left over from an earlier, killed run of this script
        local pid
        for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$ns"
    fi
    ip netns add "$ns"
    NSES+=("$n")
    mkdir -p "/etc/netns/$ns"
    printf 'nameserver 127.0.0.1\n' >"/etc/netns/$ns/resolv.conf"
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' >"/etc/netns/$ns/hosts"
    if [ "${2:-}" != v6 ]; then
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    fi
    ip -n "$ns" link set lo up
}

# delns NAME...: stop everything in these namespaces and delete them
delns() {
    local n pid i
    for n in "$@"; do
        for pid in $(ip netns pids "kp-ds-$n"); do kill "$pid" 2>/dev/null || true; done
    done
    for i in 1 2 3 4 5 6 7 8 9 10; do
        local left=0
        for n in "$@"; do [ -z "$(ip netns pids "kp-ds-$n")" ] || left=1; done
        [ $left = 0 ] && break
        sleep 0.3
    done
    for n in "$@"; do
        for pid in $(ip netns pids "kp-ds-$n"); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "kp-ds-$n"
        rm -rf "/etc/netns/kp-ds-$n"
        local keep=() x
        for x in "${NSES[@]}"; do [ "$x" = "$n" ] || keep+=("$x"); done
        NSES=("${keep[@]}")
    done
}

# nsx NAME CMD...: run CMD in namespace kp-ds-NAME with its own UTS namespace
# whose hostname is NAME (so no banner or HELO shows this machine's name).
nsx() {
    local n=$1; shift
    ip netns exec "kp-ds-$n" unshare --uts -- sh -c 'hostname "$0"; exec "$@"' "$n" "$@"
}

# nsbg NAME LOG CMD...: like nsx, in the background; PID in $BGPID
nsbg() {
    local n=$1 lg=$2; shift 2
    nsx "$n" "$@" >"$lg" 2>&1 &
    BGPID=$!
    PIDS+=("$BGPID")
}

# stop PID: stop a background process we started and wait for it
stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# veth NS1 IF1 MAC1 NS2 IF2 MAC2: a veth pair between two namespaces, offloads
# off (so checksums in the captures are final), both ends up.
veth() {
    ip -n "kp-ds-$1" link add "$2" address "$3" type veth peer name "$5" address "$6" netns "kp-ds-$4"
    ip -n "kp-ds-$1" link set "$2" up
    ip -n "kp-ds-$4" link set "$5" up
    ip netns exec "kp-ds-$1" ethtool -K "$2" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
    ip netns exec "kp-ds-$4" ethtool -K "$5" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
}

# capture NS LOG tcpdump-args...: start tcpdump (or dumpcap) in NS, wait until
# it listens; PID in $CAPPID
capture() {
    local n=$1 lg=$2; shift 2
    nsbg "$n" "$lg" "$@"
    CAPPID=$BGPID
    local i
    for i in $(seq 1 50); do
        grep -qiE 'listening on|^Capturing on' "$lg" 2>/dev/null && { sleep 0.2; return 0; }
        kill -0 "$CAPPID" 2>/dev/null || { cat "$lg" >&2; return 1; }
        sleep 0.1
    done
    cat "$lg" >&2; return 1
}

# wait_port NS PROTO ADDR PORT: wait until a server listens
wait_port() {
    local i
    for i in $(seq 1 50); do
        if ip netns exec "kp-ds-$1" ss -Hln"${2:0:1}" | awk '{print $4}' | grep -q -- "$3:$4\$"; then return 0; fi
        sleep 0.1
    done
    echo "nothing listens on $3:$4 ($2) in kp-ds-$1" >&2
    ip netns exec "kp-ds-$1" ss -lntu >&2
    return 1
}

# ------------------------------------------------------------- server kits --

# write_pages DIR: small static sites for the .kp virtual hosts
write_pages() {
    local d=$1 site title
    for site in naenara.com.kp kcna.kp rodong.rep.kp portal.net.kp library.grandpeople.kp default; do
        mkdir -p "$d/$site"
        title="$site"
        cat >"$d/$site/index.html" <<EOF
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>$title</title></head>
<body><h1>$title</h1><p>Test page served by nginx for the kpcensus regression captures.</p>
<p><a href="/about.html">About</a></p></body></html>
EOF
        printf '<!DOCTYPE html>\n<html><head><title>About %s</title></head><body><p>About %s.</p></body></html>\n' "$site" "$site" >"$d/$site/about.html"
    done
}

# nginx_conf FILE LISTEN_BLOCK_SNIPPETS...: write an nginx.conf whose http{}
# holds the given server blocks
nginx_conf() {
    local f=$1; shift
    local pfx; pfx=$(dirname "$f")
    mkdir -p "$pfx/tmp"
    {
        cat <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $pfx/nginx.pid;
error_log $pfx/nginx-error.log info;
events { worker_connections 64; }
http {
    access_log $pfx/nginx-access.log;
    client_body_temp_path $pfx/tmp/body;
    proxy_temp_path $pfx/tmp/proxy;
    fastcgi_temp_path $pfx/tmp/fastcgi;
    uwsgi_temp_path $pfx/tmp/uwsgi;
    scgi_temp_path $pfx/tmp/scgi;
    types { text/html html; text/plain txt; }
    default_type text/plain;
    keepalive_timeout 5;
EOF
        printf '%s\n' "$@"
        echo "}"
    } >"$f"
}

start_nginx() {  # NS DIR
    nsbg "$1" "$2/nginx.out" nginx -e "$2/nginx-startup.log" -p "$2/" -c "$2/nginx.conf"
    NGINXPID=$BGPID
}

# ------------------------------------------------------------------ steps --

# http-dns.pcap (+ snaplen.pcap, sll2.pcap, sll.pcap recorded at the same time)
step_http_dns() {
    log "http-dns: client 10.1.0.10 -> server 10.1.0.53 (dnsmasq) / 10.1.0.80 (nginx)"
    local W=$WORK/http-dns; mkdir -p "$W"
    mkns client; mkns server
    veth client eth0 02:6b:70:01:00:10 server eth0 02:6b:70:01:00:01
    ip -n kp-ds-client addr add 10.1.0.10/24 dev eth0
    ip -n kp-ds-server addr add 10.1.0.53/24 dev eth0
    ip -n kp-ds-server addr add 10.1.0.80/24 dev eth0
    printf 'nameserver 10.1.0.53\nsearch kp\n' >/etc/netns/kp-ds-client/resolv.conf

    cat >"$W/dnsmasq.conf" <<EOF
no-resolv
no-hosts
no-poll
bind-interfaces
listen-address=10.1.0.53
pid-file=$W/dnsmasq.pid
log-queries
log-facility=$W/dnsmasq.log
user=root
host-record=ns1.kp,10.1.0.53
host-record=naenara.com.kp,10.1.0.80
host-record=kcna.kp,10.1.0.80
host-record=rodong.rep.kp,10.1.0.80
host-record=portal.net.kp,10.1.0.80
host-record=library.grandpeople.kp,10.1.0.80
host-record=mail.naenara.com.kp,10.1.0.25
cname=www.kcna.kp,kcna.kp
mx-host=naenara.com.kp,mail.naenara.com.kp,10
txt-record=kp,"kpcensus test zone"
auth-server=ns1.kp,10.1.0.53
auth-zone=kp
auth-soa=2024050101,hostmaster.kp
auth-peer=10.1.0.10
EOF
    mkdir -p "$W/www"; write_pages "$W/www"
    local vh=() s
    vh+=("server { listen 10.1.0.80:80 default_server; server_name _; root $W/www/default; }")
    for s in naenara.com.kp kcna.kp rodong.rep.kp portal.net.kp library.grandpeople.kp; do
        vh+=("server { listen 10.1.0.80:80; server_name $s www.$s; root $W/www/$s; }")
    done
    nginx_conf "$W/nginx.conf" "${vh[@]}"

    nsbg server "$W/dnsmasq.out" dnsmasq -k -C "$W/dnsmasq.conf"; local dnspid=$BGPID
    start_nginx server "$W"
    wait_port server udp 10.1.0.53 53
    wait_port server tcp 10.1.0.80 80

    capture client "$W/tcpdump.log" tcpdump -Z root -n -U --immediate-mode -i eth0 --time-stamp-precision=nano -w "$W/http-dns.pcap"
    local c1=$CAPPID
    capture client "$W/tcpdump-s80.log" tcpdump -Z root -n -U --immediate-mode -i eth0 -s 80 -w "$W/snaplen.pcap"
    local c2=$CAPPID
    capture server "$W/tcpdump-any.log" tcpdump -Z root -n -U --immediate-mode -i any -w "$W/sll2.pcap"
    local c3=$CAPPID
    capture server "$W/tcpdump-sll.log" tcpdump -Z root -n -U --immediate-mode -i any -y LINUX_SLL -w "$W/sll.pcap"
    local c4=$CAPPID

    {
        nsx client dig +noall +answer +comments naenara.com.kp A
        nsx client dig +noall +answer kcna.kp
        nsx client dig +noall +answer +comments library.grandpeople.kp
        nsx client dig +noall +answer naenara.com.kp MX
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' http://naenara.com.kp/
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' \
            -A 'KoryoBrowser/3.0 (Red Star OS 3.0; Naenara)' http://kcna.kp/
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' http://rodong.rep.kp/missing.html
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' http://library.grandpeople.kp/
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' http://www.kcna.kp/about.html
        # two pipelined requests written in one write() -> one TCP segment
        printf 'GET / HTTP/1.1\r\nHost: portal.net.kp\r\nUser-Agent: kp-pipeline/1.0\r\n\r\nGET /about.html HTTP/1.1\r\nHost: portal.net.kp\r\nUser-Agent: kp-pipeline/1.0\r\nConnection: close\r\n\r\n' \
            | nsx client nc -N -w 5 10.1.0.80 80 | grep '^HTTP/'
        nsx client dig +tcp +noall +answer rodong.rep.kp
        nsx client dig +noall +comments nosuch.kp | grep status
        nsx client dig +noall +comments example.com | grep status || true
        nsx client dig +noall +answer axfr kp @10.1.0.53
    } >"$W/client.out" 2>&1
    cat "$W/client.out" >&2
    sleep 0.5
    stop $c1; stop $c2; stop $c3; stop $c4
    stop "$NGINXPID"; stop $dnspid
    delns client server
    cp "$W/http-dns.pcap" "$W/snaplen.pcap" "$W/sll2.pcap" "$W/sll.pcap" "$OUT/"
}

# tls-sni.pcap
step_tls_sni() {
    log "tls-sni: client 10.2.0.10 -> nginx 10.2.0.80:443"
    local W=$WORK/tls-sni; mkdir -p "$W/www"
    write_pages "$W/www"
    mkns client; mkns server
    veth client eth0 02:6b:70:02:00:10 server eth0 02:6b:70:02:00:01
    ip -n kp-ds-client addr add 10.2.0.10/24 dev eth0
    ip -n kp-ds-server addr add 10.2.0.80/24 dev eth0
    local vh=() s
    for s in default naenara.com.kp kcna.kp rodong.rep.kp; do
        local cn=$s; [ $s = default ] && cn=intranet.kp
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
            -keyout "$W/$s.key" -out "$W/$s.crt" -subj "/O=kpcensus test/CN=$cn" \
            -addext "subjectAltName=DNS:$cn,DNS:www.$cn" 2>/dev/null
    done
    vh+=("ssl_protocols TLSv1.2 TLSv1.3;")
    vh+=("server { listen 10.2.0.80:443 ssl http2 default_server; server_name _; ssl_certificate $W/default.crt; ssl_certificate_key $W/default.key; root $W/www/default; }")
    for s in naenara.com.kp kcna.kp rodong.rep.kp; do
        vh+=("server { listen 10.2.0.80:443 ssl http2; server_name $s www.$s; ssl_certificate $W/$s.crt; ssl_certificate_key $W/$s.key; root $W/www/$s; }")
    done
    nginx_conf "$W/nginx.conf" "${vh[@]}"
    start_nginx server "$W"
    wait_port server tcp 10.2.0.80 443
    capture client "$W/tcpdump.log" tcpdump -Z root -n -U --immediate-mode -i eth0 -w "$W/tls-sni.pcap"
    local c1=$CAPPID
    local fmt='%{http_code} %{url_effective} %{http_version} %{ssl_verify_result}\n'
    {
        # TLS 1.2 (Certificate in clear), ALPN offers only http/1.1
        nsx client curl -sS -k -o /dev/null -w "$fmt" --http1.1 --tls-max 1.2 \
            --resolve naenara.com.kp:443:10.2.0.80 https://naenara.com.kp/
        # TLS 1.3, ALPN h2,http/1.1 -> h2
        nsx client curl -sS -k -o /dev/null -w "$fmt" --tlsv1.3 \
            --resolve kcna.kp:443:10.2.0.80 https://kcna.kp/
        # TLS 1.2 with ALPN h2,http/1.1 -> h2
        nsx client curl -sS -k -o /dev/null -w "$fmt" --tls-max 1.2 \
            --resolve rodong.rep.kp:443:10.2.0.80 https://rodong.rep.kp/about.html
        # no SNI (IP literal), TLS 1.2, no ALPN -> default certificate
        nsx client curl -sS -k -o /dev/null -w "$fmt" --tls-max 1.2 --no-alpn https://10.2.0.80/
    } >"$W/client.out" 2>&1
    cat "$W/client.out" >&2
    sleep 0.5
    stop $c1; stop "$NGINXPID"
    delns client server
    cp "$W/tls-sni.pcap" "$OUT/"
}

# mail-ssh.pcap
step_mail_ssh() {
    log "mail-ssh: client 10.3.0.10 -> mail 10.3.0.25 (smtpd 25/2525, dovecot 110/143), ssh 10.3.0.22 (22/2222)"
    local W=$WORK/mail-ssh; mkdir -p "$W"
    mkns client; mkns server
    veth client eth0 02:6b:70:03:00:10 server eth0 02:6b:70:03:00:01
    ip -n kp-ds-client addr add 10.3.0.10/24 dev eth0
    ip -n kp-ds-server addr add 10.3.0.25/24 dev eth0
    ip -n kp-ds-server addr add 10.3.0.22/24 dev eth0

    # OpenSMTPD: accept mail for naenara.com.kp and throw it away
    cat >"$W/smtpd.conf" <<EOF
table vusers { "kim@naenara.com.kp" = "nobody" }
listen on 10.3.0.25 port 25 hostname mail.naenara.com.kp
listen on 10.3.0.25 port 2525 hostname mail.naenara.com.kp
action "sink" mda "/bin/sh -c 'cat >/dev/null'" virtual <vusers>
match from any for domain "naenara.com.kp" action "sink"
EOF
    chmod 644 "$W/smtpd.conf"
    # Dovecot: POP3 and IMAP, one static test account
    mkdir -p "$W/dovecot-run" "$W/dovecot-state" "$W/home"
    chmod 777 "$W/home"
    cat >"$W/dovecot.conf" <<EOF
protocols = imap pop3
listen = 10.3.0.25
base_dir = $W/dovecot-run
state_dir = $W/dovecot-state
log_path = $W/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
passdb {
  driver = static
  args = password=kp-test-pass
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$W/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
    # OpenSSH
    ssh-keygen -q -t ed25519 -N '' -C kp-ds-server -f "$W/ssh_host_ed25519_key"
    cat >"$W/sshd_config" <<EOF
Port 22
Port 2222
ListenAddress 10.3.0.22
HostKey $W/ssh_host_ed25519_key
PidFile $W/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
EOF
    mkdir -p /run/sshd   # privilege separation dir that sshd insists on

    nsbg server "$W/smtpd.out" smtpd -d -f "$W/smtpd.conf"; local smtppid=$BGPID
    nsbg server "$W/dovecot.out" dovecot -F -c "$W/dovecot.conf"; local dovpid=$BGPID
    nsbg server "$W/sshd.out" /usr/sbin/sshd -D -e -f "$W/sshd_config"; local sshpid=$BGPID
    wait_port server tcp 10.3.0.25 25
    wait_port server tcp 10.3.0.25 2525
    wait_port server tcp 10.3.0.25 110
    wait_port server tcp 10.3.0.25 143
    wait_port server tcp 10.3.0.22 22
    wait_port server tcp 10.3.0.22 2222

    capture client "$W/tcpdump.log" tcpdump -Z root -n -U --immediate-mode -i eth0 -w "$W/mail-ssh.pcap"
    local c1=$CAPPID
    {
        nsx client swaks --server 10.3.0.25 --port 25 --helo client.kcna.kp \
            --from census@kcna.kp --to kim@naenara.com.kp \
            --header 'Subject: kpcensus test mail (port 25)' \
            --header 'Message-Id: <kpcensus-25@kcna.kp>' --body 'Test mail for the kpcensus captures.'
        nsx client swaks --server 10.3.0.25 --port 2525 --helo client.kcna.kp \
            --from census@kcna.kp --to kim@naenara.com.kp \
            --header 'Subject: kpcensus test mail (port 2525)' \
            --header 'Message-Id: <kpcensus-2525@kcna.kp>' --body 'Same, on the non-standard port.'
        nsx client curl -sS 'pop3://10.3.0.25/' -u kim:kp-test-pass
        nsx client curl -sS 'imap://10.3.0.25/' -u kim:kp-test-pass
        # bare greeting + QUIT/LOGOUT (the sleep lets the greeting come first)
        { sleep 0.5; printf 'QUIT\r\n'; } | nsx client nc -N -w 3 10.3.0.25 110
        { sleep 0.5; printf 'a1 LOGOUT\r\n'; } | nsx client nc -N -w 3 10.3.0.25 143
        nsx client ssh-keyscan -t ed25519 -p 22 10.3.0.22
        nsx client ssh-keyscan -t ed25519 -p 2222 10.3.0.22
    } >"$W/client.out" 2>&1
    tail -20 "$W/client.out" >&2
    sleep 0.5
    stop $c1; stop $smtppid; stop $dovpid; stop $sshpid
    delns client server
    cp "$W/mail-ssh.pcap" "$OUT/"
}

# vlan.pcap: 802.1Q VLAN 100 and QinQ (802.1ad S-VLAN 200 + 802.1Q C-VLAN 30).
# This kernel has no 8021q support (no VLAN devices, no bridge VLAN filtering),
# so the tags are added and removed by a small user-space switch (craft.py
# vlanswitch) in namespace kp-ds-switch; the traffic itself is real. Layout:
#   client v100 --- a0 [switch] t0 ==trunk== t1 [switch] b0 --- v100 server
#   client q200-30 - a1 [switch]                        b1 --- q200-30 server
# The capture is taken on trunk end t0, so every frame carries its tags.
step_vlan() {
    log "vlan: VLAN 100 10.4.100.0/24, QinQ 200/30 10.4.30.0/24"
    local W=$WORK/vlan; mkdir -p "$W/www"
    write_pages "$W/www"
    mkns client; mkns server; mkns switch
    veth client v100 02:6b:70:04:64:10 switch a0 02:6b:70:04:ff:a0
    veth client q200-30 02:6b:70:04:1e:10 switch a1 02:6b:70:04:ff:a1
    veth server v100 02:6b:70:04:64:01 switch b0 02:6b:70:04:ff:b0
    veth server q200-30 02:6b:70:04:1e:01 switch b1 02:6b:70:04:ff:b1
    veth switch t0 02:6b:70:04:ff:f0 switch t1 02:6b:70:04:ff:f1
    local i
    for i in a0 a1 b0 b1 t0 t1; do
        ip -n kp-ds-switch link set "$i" mtu 1600 promisc on
        ip netns exec kp-ds-switch ethtool -K "$i" rxvlan off txvlan off >/dev/null 2>&1 || true
    done
    ip -n kp-ds-client addr add 10.4.100.10/24 dev v100
    ip -n kp-ds-server addr add 10.4.100.1/24 dev v100
    ip -n kp-ds-client addr add 10.4.30.10/24 dev q200-30
    ip -n kp-ds-server addr add 10.4.30.1/24 dev q200-30
    cat >"$W/dnsmasq.conf" <<EOF
no-resolv
no-hosts
no-poll
bind-interfaces
listen-address=10.4.100.1
listen-address=10.4.30.1
pid-file=$W/dnsmasq.pid
log-facility=$W/dnsmasq.log
user=root
host-record=kcna.kp,10.4.100.1
host-record=rodong.rep.kp,10.4.30.1
EOF
    nginx_conf "$W/nginx.conf" \
        "server { listen 10.4.100.1:80; server_name kcna.kp; root $W/www/kcna.kp; }" \
        "server { listen 10.4.30.1:80; server_name rodong.rep.kp; root $W/www/rodong.rep.kp; }"
    nsbg server "$W/dnsmasq.out" dnsmasq -k -C "$W/dnsmasq.conf"; local dnspid=$BGPID
    start_nginx server "$W"
    nsbg switch "$W/switch.out" "$PY" "$HERE/craft.py" vlanswitch 60; local swpid=$BGPID
    wait_port server udp 10.4.30.1 53
    wait_port server tcp 10.4.30.1 80
    for i in $(seq 1 50); do grep -q ready "$W/switch.out" && break; sleep 0.1; done
    capture switch "$W/tcpdump.log" tcpdump -Z root -n -U --immediate-mode -i t0 -w "$W/vlan.pcap"
    local c1=$CAPPID
    {
        nsx client ping -n -c 2 -i 0.2 10.4.100.1
        nsx client dig +noall +answer @10.4.100.1 kcna.kp
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' --resolve kcna.kp:80:10.4.100.1 http://kcna.kp/
        nsx client ping -n -c 2 -i 0.2 10.4.30.1
        nsx client dig +noall +answer @10.4.30.1 rodong.rep.kp
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' --resolve rodong.rep.kp:80:10.4.30.1 http://rodong.rep.kp/
    } >"$W/client.out" 2>&1
    cat "$W/client.out" >&2
    sleep 0.5
    stop $c1; stop $swpid; stop "$NGINXPID"; stop $dnspid
    delns client server switch
    cp "$W/vlan.pcap" "$OUT/"
}

# ipv6-ext.pcap: IPv6 between namespaces, fragments, hand-crafted ext headers
step_ipv6_ext() {
    log "ipv6-ext: client fd00:6b70:6::10 -> server fd00:6b70:6::1"
    local W=$WORK/ipv6-ext; mkdir -p "$W/www"
    write_pages "$W/www"
    mkns client v6; mkns server v6
    local n
    for n in client server; do
        ip netns exec kp-ds-$n sysctl -qw net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0
    done
    veth client eth0 02:6b:70:06:00:10 server eth0 02:6b:70:06:00:01
    ip -n kp-ds-client addr add fd00:6b70:6::10/64 dev eth0 nodad
    ip -n kp-ds-server addr add fd00:6b70:6::1/64 dev eth0 nodad
    printf 'nameserver fd00:6b70:6::1\n' >/etc/netns/kp-ds-client/resolv.conf
    cat >"$W/dnsmasq.conf" <<EOF
no-resolv
no-hosts
no-poll
bind-interfaces
listen-address=fd00:6b70:6::1
pid-file=$W/dnsmasq.pid
log-facility=$W/dnsmasq.log
user=root
host-record=kcna.kp,fd00:6b70:6::1
host-record=naenara.com.kp,fd00:6b70:6::1
EOF
    nginx_conf "$W/nginx.conf" \
        "server { listen [::]:80 ipv6only=on default_server; server_name kcna.kp; root $W/www/kcna.kp; }"
    nsbg server "$W/dnsmasq.out" dnsmasq -k -C "$W/dnsmasq.conf"; local dnspid=$BGPID
    start_nginx server "$W"
    wait_port server udp '\[fd00:6b70:6::1\]' 53
    wait_port server tcp '\[::\]' 80
    sleep 1  # let link-local setup (MLD reports) pass before the capture
    capture client "$W/tcpdump.log" tcpdump -Z root -n -U --immediate-mode -i eth0 -w "$W/ipv6-ext.pcap"
    local c1=$CAPPID
    {
        # 3000-byte ICMPv6 echo: request and reply travel as fragments
        nsx client ping -6 -n -c 1 -s 3000 fd00:6b70:6::1
        nsx client dig +noall +answer AAAA kcna.kp
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective} %{remote_ip}\n' http://kcna.kp/
        nsx client "$PY" "$HERE/craft.py" send6 eth0 02:6b:70:06:00:10 02:6b:70:06:00:01 fd00:6b70:6::10 fd00:6b70:6::1
    } >"$W/client.out" 2>&1
    cat "$W/client.out" >&2
    sleep 0.5
    stop $c1; stop "$NGINXPID"; stop $dnspid
    delns client server
    cp "$W/ipv6-ext.pcap" "$OUT/"
}

# two-interfaces.pcapng: dumpcap on two veths of one namespace
step_two_interfaces() {
    log "two-interfaces: client eth0 10.5.1.10 -> web 10.5.1.1, eth1 10.5.2.10 -> dns 10.5.2.1"
    local W=$WORK/two-if; mkdir -p "$W/www"
    write_pages "$W/www"
    mkns client; mkns web; mkns dns
    veth client eth0 02:6b:70:05:01:10 web eth0 02:6b:70:05:01:01
    veth client eth1 02:6b:70:05:02:10 dns eth0 02:6b:70:05:02:01
    ip -n kp-ds-client addr add 10.5.1.10/24 dev eth0
    ip -n kp-ds-client addr add 10.5.2.10/24 dev eth1
    ip -n kp-ds-web addr add 10.5.1.1/24 dev eth0
    ip -n kp-ds-dns addr add 10.5.2.1/24 dev eth0
    cat >"$W/dnsmasq.conf" <<EOF
no-resolv
no-hosts
no-poll
bind-interfaces
listen-address=10.5.2.1
pid-file=$W/dnsmasq.pid
log-facility=$W/dnsmasq.log
user=root
host-record=naenara.com.kp,10.5.1.1
EOF
    nginx_conf "$W/nginx.conf" \
        "server { listen 10.5.1.1:80; server_name naenara.com.kp; root $W/www/naenara.com.kp; }"
    nsbg dns "$W/dnsmasq.out" dnsmasq -k -C "$W/dnsmasq.conf"; local dnspid=$BGPID
    start_nginx web "$W"
    wait_port dns udp 10.5.2.1 53
    wait_port web tcp 10.5.1.1 80
    # one dumpcap per interface, merged in time order by mergecap: one
    # pcapng with two Ethernet interfaces (IDB 0 = eth0, IDB 1 = eth1)
    capture client "$W/dumpcap0.log" dumpcap -q -i eth0 -w "$W/eth0.pcapng"
    local c0=$CAPPID
    capture client "$W/dumpcap1.log" dumpcap -q -i eth1 -w "$W/eth1.pcapng"
    local c1=$CAPPID
    printf 'nameserver 10.5.2.1\n' >/etc/netns/kp-ds-client/resolv.conf
    {
        nsx client ping -n -c 1 10.5.1.1
        nsx client ping -n -c 1 10.5.2.1
        nsx client dig +noall +answer naenara.com.kp
        nsx client curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' http://naenara.com.kp/
    } >"$W/client.out" 2>&1
    cat "$W/client.out" >&2
    sleep 1
    stop $c0; stop $c1; stop "$NGINXPID"; stop $dnspid
    delns client web dns
    mergecap -F pcapng -w "$OUT/two-interfaces.pcapng" "$W/eth0.pcapng" "$W/eth1.pcapng"
    chmod 644 "$OUT/two-interfaces.pcapng"
}

# dhcp.pcap: dnsmasq DHCP server, ISC dhclient with host name + vendor class
step_dhcp() {
    log "dhcp: dnsmasq 10.6.0.1 serves 10.6.0.100-150 to dhclient (cafe-pc-07)"
    local W=$WORK/dhcp; mkdir -p "$W"
    mkns dhcpsrv; mkns cafepc
    veth cafepc eth0 02:6b:70:06:c0:07 dhcpsrv eth0 02:6b:70:06:00:01
    ip -n kp-ds-dhcpsrv addr add 10.6.0.1/24 dev eth0
    cat >"$W/dnsmasq.conf" <<EOF
port=0
no-resolv
no-hosts
no-poll
bind-interfaces
interface=eth0
pid-file=$W/dnsmasq.pid
log-facility=$W/dnsmasq.log
log-dhcp
user=root
dhcp-authoritative
dhcp-range=10.6.0.100,10.6.0.150,255.255.255.0,1h
dhcp-leasefile=$W/dnsmasq.leases
dhcp-option=option:router,10.6.0.1
dhcp-option=option:dns-server,10.6.0.1
domain=cafe.kp
dhcp-option=option:ntp-server,10.6.0.1
EOF
    cat >"$W/dhclient.conf" <<EOF
send host-name "cafe-pc-07";
send vendor-class-identifier "kp-tablet";
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, ntp-servers;
EOF
    nsbg dhcpsrv "$W/dnsmasq.out" dnsmasq -k -C "$W/dnsmasq.conf"; local dnspid=$BGPID
    wait_port dhcpsrv udp '0.0.0.0%eth0' 67 || wait_port dhcpsrv udp '\*%eth0' 67 || sleep 1
    capture cafepc "$W/tcpdump.log" tcpdump -Z root -n -U --immediate-mode -i eth0 -w "$W/dhcp.pcap"
    local c1=$CAPPID
    # -sf /bin/true: no script, so nothing is configured, not even in the namespace
    nsbg cafepc "$W/dhclient.out" dhclient -d -v -1 -cf "$W/dhclient.conf" -sf /bin/true \
        -lf "$W/dhclient.leases" -pf "$W/dhclient.pid" eth0
    local dhpid=$BGPID i
    for i in $(seq 1 100); do
        grep -q 'fixed-address' "$W/dhclient.leases" 2>/dev/null && break
        sleep 0.1
    done
    grep -q 'fixed-address' "$W/dhclient.leases" || { cat "$W/dhclient.out" "$W/dnsmasq.log" >&2; return 1; }
    cat "$W/dhclient.out" >&2
    sleep 0.5
    stop $dhpid; stop $c1; stop $dnspid
    delns cafepc dhcpsrv
    cp "$W/dhcp.pcap" "$OUT/"
}

# Files derived from the recorded captures (need http-dns, ipv6-ext, tls-sni)
step_derived() {
    log "derived: raw-ip, null-loop, mpls, cut-record, bad-length, not-a-capture"
    local W=$WORK/derived; mkdir -p "$W"
    local f
    for f in http-dns.pcap ipv6-ext.pcap tls-sni.pcap; do
        [ -s "$OUT/$f" ] || { echo "derived: $OUT/$f missing, run its step first" >&2; return 1; }
    done
    # frames (1-based) picked by content, so re-runs with new captures work
    frames() { tshark -r "$1" -Y "$2" -T fields -e frame.number 2>/dev/null | head -n "${3:-1000}" | paste -sd, -; }
    local dns4 http4 tcpdns4 dns6 http6 hbh6
    dns4=$(frames "$OUT/http-dns.pcap" 'udp.port==53' 4)
    http4=$(frames "$OUT/http-dns.pcap" 'tcp.stream==0')
    tcpdns4=$(frames "$OUT/http-dns.pcap" 'tcp.port==53' 10)
    dns6=$(frames "$OUT/ipv6-ext.pcap" 'udp.port==53 && !ipv6.hopopts' 2)
    http6=$(frames "$OUT/ipv6-ext.pcap" 'tcp.port==80 && tcp.stream==0')
    hbh6=$(frames "$OUT/ipv6-ext.pcap" '(ipv6.hopopts || ipv6.dstopts) && !icmpv6')
    echo "dns4=$dns4 http4=$http4 tcpdns4=$tcpdns4 dns6=$dns6 http6=$http6 hbh6=$hbh6" >"$W/selection.txt"
    # DLT_RAW and DLT_NULL: the same IPv4 and IPv6 packets, Ethernet header removed
    $CRAFT reencap raw "$OUT/raw-ip.pcap" "$OUT/http-dns.pcap:$dns4,$http4" "$OUT/ipv6-ext.pcap:$dns6,$http6,$hbh6"
    $CRAFT reencap null "$OUT/null-loop.pcap" "$OUT/http-dns.pcap:$dns4,$http4" "$OUT/ipv6-ext.pcap:$dns6,$http6,$hbh6"
    # MPLS: outer label 24001, inner (bottom of stack) label 1007
    $CRAFT mpls "$OUT/mpls.pcap" 24001 1007 "$OUT/http-dns.pcap:$dns4,$http4,$tcpdns4"
    # cut-record: http-dns.pcap cut in the middle of record 20's packet data
    local cut
    cut=$($CRAFT cut "$OUT/http-dns.pcap" 20)
    head -c "$cut" "$OUT/http-dns.pcap" >"$OUT/cut-record.pcap"
    echo "cut-record.pcap: $cut bytes" >&2
    # bad-length: first 20 records of tls-sni.pcap, record 10's caplen -> 0xFFFFFFF0
    editcap -F pcap -r "$OUT/tls-sni.pcap" "$W/tls-20.pcap" 1-20
    local off
    off=$($CRAFT corrupt "$W/tls-20.pcap" "$OUT/bad-length.pcap" 10 0xFFFFFFF0)
    echo "bad-length.pcap: record 10 header at byte $off" >&2
    # not-a-capture: an HTML page
    cat >"$OUT/not-a-capture.pcap" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Naenara - not a capture</title></head>
<body>
<h1>This file is not a packet capture</h1>
<p>It is an HTML page saved with a .pcap name. A capture reader must reject it
with a clear error instead of guessing: the first four bytes are "&lt;!DO",
which is neither a pcap magic number nor a pcapng Section Header Block.</p>
</body>
</html>
EOF
}

# facts: print the numbers README.md quotes (run after a re-capture and
# update README.md and manifest.tsv from this output)
step_facts() {
    cd "$OUT"
    echo "== capinfos (file, type, encapsulation, packets, bytes)"
    local f
    for f in *.pcap *.pcapng; do
        local o; o=$(capinfos -T -r -t -E -c -s "$f" 2>/dev/null || true)
        if [ -n "$o" ]; then echo "$o"; else echo "$f	(not readable by capinfos)"; fi
    done
    echo "== cut-record.pcap"
    wc -c <cut-record.pcap
    $CRAFT records cut-record.pcap | tail -n 1
    echo "== bad-length.pcap: first record with caplen > snaplen"
    "$PY" - <<'EOF'
import struct
b = open("bad-length.pcap", "rb").read()
off, n = 24, 0
while off + 16 <= len(b):
    _s, _u, cap, orig = struct.unpack("<IIII", b[off:off + 16])
    n += 1
    if cap > 262144:
        print(f"record {n} header at byte {off}, caplen 0x{cap:08x}, origlen {orig}")
        break
    off += 16 + cap
EOF
    echo "== banners"
    tshark -r mail-ssh.pcap -d tcp.port==2525,smtp -d tcp.port==2222,ssh \
        -Y 'smtp.response.code==220 || pop.response.indicator || (tcp.srcport==143 && tcp.payload contains "Dovecot") || ssh.protocol' \
        -T fields -e frame.number -e tcp.srcport -e tcp.dstport -e _ws.col.Info 2>/dev/null
    echo "== DHCP"
    tshark -r dhcp.pcap -Y dhcp -T fields -e frame.number -e dhcp.option.dhcp -e dhcp.option.hostname \
        -e dhcp.option.vendor_class_id -e dhcp.ip.your 2>/dev/null
    echo "== TLS hellos"
    tshark -r tls-sni.pcap -Y 'tls.handshake.type==1 || tls.handshake.type==2' -T fields -e frame.number \
        -e tls.handshake.extensions_server_name -e tls.handshake.extensions_alpn_str \
        -e tls.handshake.extensions.supported_version -e tls.handshake.ciphersuite 2>/dev/null | cut -c1-120
}

# ------------------------------------------------------------------- main --

ALL=(http-dns tls-sni mail-ssh vlan ipv6-ext two-interfaces dhcp derived facts)
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=("${ALL[@]}")
for s in "${STEPS[@]}"; do
    "step_${s//-/_}"
done
log "done"
