#!/usr/bin/env python3
"""Write the kpcensus benchmark reference capture: lab-like intranet traffic.

    python3 bench/make_reference.py [OUT] [--packets N] [--seed S] [--duration SEC]

OUT defaults to bench/out/reference.pcap. The output is a classic pcap file
(microsecond timestamps, Ethernet link type) of exactly N Ethernet/IPv4 packets,
the same bytes for the same arguments (everything comes from one seeded
random.Random; the standard library only).

What is in it (10.0.0.0/8 only):
  * ~300 servers in 10.0.0.0/22 with names under .kp: DNS resolvers, web servers
    (HTTP/1.1 on 80 or 8080, `Server: nginx/1.22.1`), TLS servers (443), mail
    relays (SMTP on 25), and OpenSSH 9.2p1 (Debian 12) on port 22 everywhere;
  * ~4000 clients in 10.16.0.0/12 (a few are busy, most are quiet), plus servers
    talking to each other now and then;
  * DNS over UDP: A, AAAA, PTR, CNAME chains and NXDOMAIN answers in valid wire
    format with compression pointers, with and without EDNS;
  * TCP flows with a real 3-way handshake (MSS/SACK/timestamps/window scale on
    SYNs, timestamps afterwards, consistent sequence and acknowledgement numbers),
    data in 1448-byte segments acknowledged every second segment, FIN teardown;
  * HTTP/1.1 GETs with Host headers (keep-alive, 200/304/404/301, some large
    downloads), TLS 1.3 ClientHello with SNI and the server's reply, SSH banners
    and key exchange then encrypted traffic, SMTP 220 banners and whole mails;
  * ICMP echo, ICMP port-unreachable for UDP to closed ports, SYNs answered by
    RST and SYNs never answered.
Timestamps increase over about --duration seconds (default 600).
IP header checksums are right; TCP checksums are 0 and UDP checksums are 0 (none).
"""
import argparse
import heapq
import os
import random
import struct
import sys
import time

# ---------------------------------------------------------------------------
# Wire helpers
# ---------------------------------------------------------------------------

ETH_IP = struct.Struct("!6s6sHBBHHHBBH4s4s")  # 34 bytes: Ethernet + IPv4 (no options)
# Ethernet + IPv4 + TCP (20) + NOP NOP Timestamps (12): 66 bytes, data offset 8.
TCP_TS = struct.Struct("!6s6sHBBHHHBBH4s4sHHIIBBHHHBBBBII")
# Ethernet + IPv4 + TCP (20), SYN options follow (20 bytes): data offset 10.
TCP_BARE = struct.Struct("!6s6sHBBHHHBBH4s4sHHIIBBHHH")
UDP_H = struct.Struct("!HHHH")
REC = struct.Struct("<IIII")

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
MSS_PAYLOAD = 1448  # MSS 1460 minus the 12 bytes of the timestamps option
EPOCH = 1710234000  # 2024-03-12 09:00:00 UTC


def mac_of(ipb, prefix=b"\x02\x4b"):
    return prefix + ipb  # locally administered, one per host


def ip_base_sum(src, dst, ttl, proto):
    """The part of the IPv4 header checksum that stays fixed for one direction."""
    return (0x4500 + 0x4000 + ((ttl << 8) | proto)
            + (src[0] << 8 | src[1]) + (src[2] << 8 | src[3])
            + (dst[0] << 8 | dst[1]) + (dst[2] << 8 | dst[3]))


def fold(s):
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def inet_checksum(data):
    if len(data) & 1:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    return fold(s)


# ---------------------------------------------------------------------------
# The lab
# ---------------------------------------------------------------------------

class Host:
    __slots__ = ("ip", "mac", "name", "ttl", "port", "ts_base", "role", "http_port")

    def __init__(self, ipb, name, ttl, rng):
        self.ip = ipb
        self.mac = mac_of(ipb)
        self.name = name
        self.ttl = ttl
        self.port = rng.randrange(32768, 60000)  # next ephemeral port
        self.ts_base = rng.getrandbits(32)        # TCP timestamp clock offset
        self.role = None
        self.http_port = 80

    def ephemeral(self):
        p = self.port
        self.port = 32768 if p >= 60999 else p + 1
        return p


class Lab:
    def __init__(self, rng):
        self.rng = rng
        servers = []
        # Address plan: 10.0.0.0/24 infrastructure, 10.0.1.0/24 and 10.0.2.0/24 services.
        def add(ipb, name, role, ttl=64):
            h = Host(ipb, name, ttl, rng)
            h.role = role
            servers.append(h)
            return h
        self.dns = [add(bytes((10, 0, 0, 53 + i)), "ns%d.lab.kp" % (i + 1), "dns") for i in range(3)]
        self.mail = [add(bytes((10, 0, 0, 25 + i)), "mail-%02d.corp.kp" % (i + 1), "smtp") for i in range(6)]
        named_web = ["git.kp", "wiki.kp", "intranet.kp", "jenkins.lab.kp", "grafana.lab.kp",
                     "mirror.lab.kp", "apt.lab.kp", "docs.kp", "registry.lab.kp", "nexus.lab.kp"]
        named_tls = ["portal.kp", "auth.kp", "vault.lab.kp", "chat.kp", "mail.kp",
                     "files.kp", "cloud.kp", "tickets.kp", "monitor.lab.kp", "sso.corp.kp"]
        self.web, self.tls, self.other = [], [], []
        n = 0
        for i in range(110):
            name = named_web[i] if i < len(named_web) else "web-%03d.lab.kp" % i
            h = add(bytes((10, 0, 1 + n // 200, 10 + n % 200)), name, "http"); n += 1
            if name in ("jenkins.lab.kp", "nexus.lab.kp") or rng.random() < 0.08:
                h.http_port = 8080
            self.web.append(h)
        for i in range(95):
            name = named_tls[i] if i < len(named_tls) else "app-%03d.lab.kp" % i
            self.tls.append(add(bytes((10, 0, 1 + n // 200, 10 + n % 200)), name, "tls")); n += 1
        kinds = ["db", "build", "nas", "vm", "k8s-node", "backup", "ci-runner", "lab"]
        for i in range(86):
            name = "%s-%02d.lab.kp" % (kinds[i % len(kinds)], i // len(kinds) + 1)
            self.other.append(add(bytes((10, 0, 1 + n // 200, 10 + n % 200)), name, "ssh")); n += 1
        self.servers = servers
        # Some services have aliases (CNAME in DNS).
        self.aliases = {}
        for h in rng.sample(self.web + self.tls, 40):
            alias = "www." + h.name if h.name.count(".") == 1 else h.name.split(".")[0] + "-svc.kp"
            self.aliases[alias] = h
        # Clients: 4000 workstations in 10.16.0.0/12, Linux (TTL 64) or Windows (TTL 128).
        seen = set()
        clients = []
        while len(clients) < 4000:
            ipb = bytes((10, rng.randrange(16, 32), rng.randrange(0, 256), rng.randrange(2, 255)))
            if ipb in seen:
                continue
            seen.add(ipb)
            kind = "ws" if rng.random() < 0.7 else "lt"
            clients.append(Host(ipb, "%s-%04d.lab.kp" % (kind, len(clients) + 1),
                                64 if rng.random() < 0.6 else 128, rng))
        self.clients = clients
        # Activity: Zipf-like, a few busy machines and a long quiet tail.
        acc, cw = 0.0, []
        for i in range(len(clients)):
            acc += 1.0 / (i + 10) ** 0.9
            cw.append(acc)
        self.client_cw = cw
        # Names that do not exist (typos, stale configs): NXDOMAIN.
        self.bogus = ["old-%03d.lab.kp" % i for i in range(60)] + \
                     ["printer-%02d.corp.kp" % i for i in range(20)] + ["wpad.kp", "isatap.kp"]
        self.by_ip = {h.ip: h for h in servers + clients}

    def client(self):
        if self.rng.random() < 0.05:
            return self.rng.choice(self.servers)
        return self.rng.choices(self.clients, cum_weights=self.client_cw)[0]


# ---------------------------------------------------------------------------
# Random material, made once
# ---------------------------------------------------------------------------

class Blobs:
    def __init__(self, rng):
        self.rng = rng
        self.rand = rng.randbytes(1 << 22)
        words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
                 "tempor incididunt ut labore et dolore magna aliqua build pipeline status "
                 "green red deploy staging release notes kernel package mirror index").split()
        parts = ["<!DOCTYPE html>\n<html><head><title>lab</title></head><body>\n"]
        while sum(map(len, parts)) < (1 << 20):
            parts.append("<p>" + " ".join(rng.choice(words) for _ in range(rng.randrange(8, 40))) + "</p>\n")
        self.text = "".join(parts).encode()

    def _slice(self, src, n):
        if n <= len(src) - 1:
            o = self.rng.randrange(0, len(src) - n)
            return src[o:o + n]
        reps = n // len(src) + 1
        return (src * reps)[:n]

    def random(self, n):
        return self._slice(self.rand, n)

    def html(self, n):
        return self._slice(self.text, n)


# ---------------------------------------------------------------------------
# Packet builders
# ---------------------------------------------------------------------------

class TcpFlow:
    """One TCP connection; pkt() returns (delay_us, frame) and keeps seq/ack/ts right.
    Direction 0 is client -> server, 1 is server -> client."""
    __slots__ = ("mac", "ip", "ttl", "port", "base", "ipid", "seq", "tsb", "lastts", "win", "t")

    def __init__(self, c, s, cport, sport, rng, t0):
        self.mac = (c.mac, s.mac)
        self.ip = (c.ip, s.ip)
        self.ttl = (c.ttl, s.ttl)
        self.port = (cport, sport)
        self.base = (ip_base_sum(c.ip, s.ip, c.ttl, 6), ip_base_sum(s.ip, c.ip, s.ttl, 6))
        self.ipid = [rng.getrandbits(16), rng.getrandbits(16)]
        self.seq = [rng.getrandbits(32), rng.getrandbits(32)]
        self.tsb = (c.ts_base, s.ts_base)
        self.lastts = [0, 0]
        self.win = (rng.choice((502, 501, 512)), rng.choice((509, 510, 227)))
        self.t = t0  # session clock (us), for TCP timestamps

    def pkt(self, d, flags, payload=b"", delay=0):
        self.t += delay
        e = 1 - d
        n = len(payload)
        tot = 52 + n
        ipid = self.ipid[d] = (self.ipid[d] + 1) & 0xFFFF
        seq = self.seq[d]
        ack = self.seq[e] if flags & ACK else 0
        tsval = (self.tsb[d] + self.t // 1000) & 0xFFFFFFFF
        self.lastts[d] = tsval
        hdr = TCP_TS.pack(self.mac[e], self.mac[d], 0x0800,
                          0x45, 0, tot, ipid, 0x4000, self.ttl[d], 6,
                          fold(self.base[d] + tot + ipid), self.ip[d], self.ip[e],
                          self.port[d], self.port[e], seq, ack, 0x80, flags, self.win[d], 0, 0,
                          1, 1, 8, 10, tsval, self.lastts[e])
        self.seq[d] = (seq + n + (1 if flags & (SYN | FIN) else 0)) & 0xFFFFFFFF
        return delay, hdr + payload if n else hdr

    def syn(self, d, flags, delay=0, again=False):
        """SYN or SYN/ACK with Linux options: MSS, SACK permitted, timestamps, wscale 7.
        again: a retransmission, same initial sequence number."""
        self.t += delay
        e = 1 - d
        tot = 60
        ipid = self.ipid[d] = (self.ipid[d] + 1) & 0xFFFF
        seq = (self.seq[d] - 1) & 0xFFFFFFFF if again else self.seq[d]
        ack = self.seq[e] if flags & ACK else 0
        tsval = (self.tsb[d] + self.t // 1000) & 0xFFFFFFFF
        self.lastts[d] = tsval
        hdr = TCP_BARE.pack(self.mac[e], self.mac[d], 0x0800,
                            0x45, 0, tot, ipid, 0x4000, self.ttl[d], 6,
                            fold(self.base[d] + tot + ipid), self.ip[d], self.ip[e],
                            self.port[d], self.port[e], seq, ack, 0xA0, flags,
                            64240 if d == 0 else 65160, 0, 0)
        opts = struct.pack("!BBHBBBBIIBBBB", 2, 4, 1460, 4, 2, 8, 10, tsval,
                           self.lastts[e] if flags & ACK else 0, 1, 3, 3, 7)
        self.seq[d] = (seq + 1) & 0xFFFFFFFF
        return delay, hdr + opts

    def rst(self, d, delay=0):
        """RST/ACK answering a SYN to a closed port (no options, window 0)."""
        self.t += delay
        e = 1 - d
        tot = 40
        ipid = 0
        hdr = TCP_BARE.pack(self.mac[e], self.mac[d], 0x0800,
                            0x45, 0, tot, ipid, 0x4000, self.ttl[d], 6,
                            fold(self.base[d] + tot + ipid), self.ip[d], self.ip[e],
                            self.port[d], self.port[e], 0, self.seq[e], 0x50, RST | ACK, 0, 0, 0)
        return delay, hdr


def rtt_us(rng):
    return rng.randrange(120, 900)


def handshake(f, rng):
    r = rtt_us(rng)
    yield f.syn(0, SYN, 0)
    yield f.syn(1, SYN | ACK, r // 2)
    yield f.pkt(0, ACK, b"", r // 2)


def send(f, d, data, rng, first_delay, last_push=True):
    """data from side d in full segments; the receiver ACKs every second segment."""
    n = len(data)
    off = 0
    segs = 0
    delay = first_delay
    e = 1 - d
    while off < n:
        chunk = data[off:off + MSS_PAYLOAD]
        off += len(chunk)
        flags = ACK | PSH if (off >= n and last_push) else ACK
        yield f.pkt(d, flags, chunk, delay)
        segs += 1
        delay = 12 if len(chunk) == MSS_PAYLOAD else 8  # ~1 Gbit/s line rate
        if segs % 2 == 0 and off < n:
            yield f.pkt(e, ACK, b"", rng.randrange(20, 80))
            delay = rng.randrange(5, 30)
    # The last segment gets its ACK (delayed ACK).
    if segs:
        yield f.pkt(e, ACK, b"", rng.randrange(40, 400))


def teardown(f, rng, closer=0):
    r = rtt_us(rng)
    o = 1 - closer
    yield f.pkt(closer, FIN | ACK, b"", rng.randrange(50, 3000))
    yield f.pkt(o, FIN | ACK, b"", r // 2)
    yield f.pkt(closer, ACK, b"", r // 2)


# ---------------------------------------------------------------------------
# DNS
# ---------------------------------------------------------------------------

def dns_name(name, msg, comp):
    """Append name to msg (a bytearray), compressing against comp {suffix: offset}."""
    labels = name.rstrip(".").split(".")
    for i in range(len(labels)):
        suffix = ".".join(labels[i:]).lower()
        if suffix in comp:
            msg += struct.pack("!H", 0xC000 | comp[suffix])
            return
        if len(msg) < 0x3FFF:
            comp[suffix] = len(msg)
        lab = labels[i].encode()
        msg.append(len(lab))
        msg += lab
    msg.append(0)


OPT_RR = b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00"  # root, OPT, 1232 bytes, no options


class Dns:
    QTYPE = {"A": 1, "CNAME": 5, "SOA": 6, "PTR": 12, "AAAA": 28}

    def __init__(self, lab):
        self.lab = lab
        self.cache = {}

    def messages(self, qname, qtype, edns):
        """(query, response) without their 2-byte IDs, cached per question."""
        key = (qname, qtype, edns)
        m = self.cache.get(key)
        if m:
            return m
        lab = self.lab
        qt = self.QTYPE[qtype]
        q = bytearray(struct.pack("!HHHHH", 0x0100, 1, 0, 0, 1 if edns else 0))
        dns_name(qname, q, {})
        q += struct.pack("!HH", qt, 1)
        if edns:
            q += OPT_RR
        # Response: header (ID included so offsets count from 0), echoed question,
        # then the records, names compressed against everything before them.
        comp = {}
        body = bytearray(12)
        dns_name(qname, body, comp)
        body += struct.pack("!HH", qt, 1)
        an = ns = rcode = 0
        if qtype == "PTR":
            ipb = bytes(int(x) for x in reversed(qname.split(".")[:4]))
            host = lab.by_ip.get(ipb)
            if host is not None:
                body += struct.pack("!HHHIH", 0xC00C, 12, 1, 3600, 0)
                at = len(body)
                dns_name(host.name, body, comp)
                struct.pack_into("!H", body, at - 2, len(body) - at)
                an = 1
            else:
                rcode = 3
        else:
            host = lab.aliases.get(qname)
            owner = 12
            if host is not None:  # CNAME to the canonical name, then its address
                body += struct.pack("!HHHIH", 0xC000 | owner, 5, 1, 300, 0)
                at = len(body)
                dns_name(host.name, body, comp)
                struct.pack_into("!H", body, at - 2, len(body) - at)
                owner = at
                an += 1
            else:
                host = lab.name_map.get(qname)
            if host is None:
                rcode = 3
            elif qtype == "A":
                body += struct.pack("!HHHIH", 0xC000 | owner, 1, 1, 300, 4) + host.ip
                an += 1
        if rcode == 3 or qtype == "AAAA":
            # NXDOMAIN, or NODATA (IPv4-only lab): the zone's SOA in the authority section.
            zone = "kp" if qname.endswith(".kp") else "10.in-addr.arpa"
            body += struct.pack("!HHHIH", 0xC000 | comp.get(zone, 12), 6, 1, 900, 0)
            at = len(body)
            dns_name("ns1.lab.kp", body, comp)
            dns_name("hostmaster.kp", body, comp)
            body += struct.pack("!IIIII", 2024031201, 3600, 600, 604800, 900)
            struct.pack_into("!H", body, at - 2, len(body) - at)
            ns = 1
        if edns:
            body += OPT_RR
        struct.pack_into("!HHHHH", body, 2, 0x8180 | rcode, 1, an, ns, 1 if edns else 0)
        m = (bytes(q), bytes(body[2:]))
        self.cache[key] = m
        return m


def udp_frame(src, dst, sport, dport, payload, ipid):
    n = len(payload)
    tot = 28 + n
    hdr = ETH_IP.pack(dst.mac, src.mac, 0x0800, 0x45, 0, tot, ipid, 0, src.ttl, 17,
                      fold(ip_base_sum(src.ip, dst.ip, src.ttl, 17) - 0x4000 + tot + ipid),
                      src.ip, dst.ip)
    return hdr + UDP_H.pack(sport, dport, 8 + n, 0) + payload


def dns_exchange(ctx, client, qname, qtype, delay=0):
    rng = ctx.rng
    srv = rng.choice(ctx.lab.dns[:2]) if rng.random() < 0.9 else ctx.lab.dns[2]
    edns = rng.random() < 0.6
    q, r = ctx.dns.messages(qname, qtype, edns)
    qid = struct.pack("!H", rng.getrandbits(16))
    sport = client.ephemeral()
    yield delay, udp_frame(client, srv, sport, 53, qid + q, rng.getrandbits(16))
    yield rng.randrange(80, 2500), udp_frame(srv, client, 53, sport, qid + r, rng.getrandbits(16))


def lookup(ctx, client, host):
    """A client resolves a server's name (or an alias of it) before connecting."""
    name = host.name
    if ctx.rng.random() < 0.25:
        for a, h in ctx.alias_of.get(host.ip, ()):
            name = a
            break
    yield from dns_exchange(ctx, client, name, "A")
    if ctx.rng.random() < 0.3:  # dual-stack resolvers ask AAAA too
        yield from dns_exchange(ctx, client, name, "AAAA", ctx.rng.randrange(10, 200))


# ---------------------------------------------------------------------------
# Sessions: generators of (delay_us since previous packet, frame)
# ---------------------------------------------------------------------------

def s_dns(ctx, t0):
    rng, lab = ctx.rng, ctx.lab
    c = lab.client()
    for i in range(rng.choice((1, 1, 1, 2, 3))):
        x = rng.random()
        if x < 0.55:
            h = rng.choice(lab.servers)
            name, qtype = h.name, rng.choice(("A", "A", "A", "AAAA"))
        elif x < 0.70:
            name, qtype = rng.choice(ctx.alias_names), "A"
        elif x < 0.85:
            h = rng.choice(lab.servers + lab.clients[:500])
            name, qtype = "%d.%d.%d.%d.in-addr.arpa" % tuple(reversed(h.ip)), "PTR"
        elif x < 0.95:
            name, qtype = rng.choice(lab.bogus), rng.choice(("A", "AAAA"))
        else:
            h = rng.choice(lab.clients[:800])
            name, qtype = h.name, "A"
        yield from dns_exchange(ctx, c, name, qtype, 0 if i == 0 else rng.randrange(100, 50000))


def http_response(ctx, host, status, now_us):
    rng = ctx.rng
    if status == 200:
        x = rng.random()
        if x < 0.88:
            n = int(min(rng.lognormvariate(8.0, 1.1), 100000))
        elif x < 0.995:
            n = rng.randrange(20000, 150000)
        else:
            n = rng.randrange(500000, 3000000)  # packages, images, artifacts
        ctype = "text/html" if n < 200000 else "application/octet-stream"
        body = ctx.blobs.html(n) if n < 200000 else ctx.blobs.random(n)
        reason = "OK"
    elif status == 304:
        body, ctype, reason = b"", None, "Not Modified"
    elif status == 404:
        body = (b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                b"<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n"
                b"</body>\r\n</html>\r\n")
        ctype, reason = "text/html", "Not Found"
    else:
        body = (b"<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n"
                b"<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx/1.22.1"
                b"</center>\r\n</body>\r\n</html>\r\n")
        ctype, reason = "text/html", "Moved Permanently"
    date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(EPOCH + now_us // 1000000))
    h = ["HTTP/1.1 %d %s" % (status, reason), "Server: nginx/1.22.1", "Date: " + date]
    if ctype:
        h.append("Content-Type: " + ctype)
    if status != 304:
        h.append("Content-Length: %d" % len(body))
    h.append("Connection: keep-alive")
    if status == 301:
        h.append("Location: https://%s/" % host.name)
    if status in (200, 304):
        h.append('ETag: "%08x-%x"' % (rng.getrandbits(32), len(body)))
    return ("\r\n".join(h) + "\r\n\r\n").encode() + body


PATHS = ["/", "/index.html", "/api/v1/status", "/api/v1/jobs", "/static/app.js", "/static/style.css",
         "/favicon.ico", "/dists/bookworm/InRelease", "/pool/main/l/linux/linux-image.deb",
         "/job/build/lastBuild/api/json", "/d/overview", "/wiki/Main_Page", "/artifacts/build.tar.gz"]
AGENTS = ["curl/7.88.1", "Wget/1.21.3", "Debian APT-HTTP/1.3 (2.6.1)",
          "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/122.0.0.0 Safari/537.36", "python-requests/2.28.1", "Prometheus/2.42.0"]


def s_http(ctx, t0):
    rng, lab = ctx.rng, ctx.lab
    c = lab.client()
    s = rng.choice(lab.web)
    if rng.random() < 0.4:
        yield from lookup(ctx, c, s)
    f = TcpFlow(c, s, c.ephemeral(), s.http_port, rng, t0)
    yield from handshake(f, rng)
    hosthdr = s.name if s.http_port == 80 else "%s:%d" % (s.name, s.http_port)
    agent = rng.choice(AGENTS)
    for i in range(rng.choice((1, 1, 1, 2, 2, 3, 5))):
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n\r\n"
               % (rng.choice(PATHS), hosthdr, agent)).encode()
        yield f.pkt(0, ACK | PSH, req, rng.randrange(20, 200) if i == 0 else rng.randrange(1000, 400000))
        x = rng.random()
        status = 200 if x < 0.82 else 304 if x < 0.92 else 404 if x < 0.97 else 301
        yield f.pkt(1, ACK, b"", rng.randrange(30, 200))
        yield from send(f, 1, http_response(ctx, s, status, f.t), rng, rng.randrange(100, 5000))
    yield from teardown(f, rng, 0)


def tls_client_hello(ctx, sni):
    rng = ctx.rng
    name = sni.encode()
    exts = bytearray()
    def ext(t, data):
        exts.extend(struct.pack("!HH", t, len(data)))
        exts.extend(data)
    ext(0x0000, struct.pack("!HBH", len(name) + 3, 0, len(name)) + name)   # server_name
    ext(0x0017, b"")                                                         # extended_master_secret
    ext(0xFF01, b"\x00")                                                     # renegotiation_info
    ext(0x000A, b"\x00\x06\x00\x1d\x00\x17\x00\x18")                         # supported_groups
    ext(0x000B, b"\x01\x00")                                                 # ec_point_formats
    ext(0x0023, b"")                                                         # session_ticket
    ext(0x0010, b"\x00\x0c\x02h2\x08http/1.1")                               # ALPN
    ext(0x0005, b"\x01\x00\x00\x00\x00")                                     # status_request
    ext(0x000D, b"\x00\x10\x04\x03\x08\x04\x04\x01\x05\x03\x08\x05\x05\x01\x08\x06\x06\x01")
    ext(0x0033, b"\x00\x24\x00\x1d\x00\x20" + ctx.blobs.random(32))         # key_share x25519
    ext(0x002D, b"\x01\x01")                                                 # psk_key_exchange_modes
    ext(0x002B, b"\x04\x03\x04\x03\x03")                                     # supported_versions
    ciphers = bytes.fromhex("130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035")
    body = (b"\x03\x03" + ctx.blobs.random(32) + b"\x20" + ctx.blobs.random(32)
            + struct.pack("!H", len(ciphers)) + ciphers + b"\x01\x00"
            + struct.pack("!H", len(exts)) + bytes(exts))
    hs = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x01" + struct.pack("!H", len(hs)) + hs, body[35:67]


def tls_records(ctx, n, ctype=23, maxrec=16384 + 22):
    """n bytes of application data as encrypted TLS 1.3 records."""
    out = bytearray()
    while n > 0:
        k = min(n, maxrec)
        out += struct.pack("!BHH", ctype, 0x0303, k) + ctx.blobs.random(k)
        n -= k
    return bytes(out)


def s_tls(ctx, t0):
    rng, lab = ctx.rng, ctx.lab
    c = lab.client()
    s = rng.choice(lab.tls)
    sni = s.name
    aliases = ctx.alias_of.get(s.ip)
    if aliases and rng.random() < 0.3:
        sni = aliases[0][0]
    if rng.random() < 0.4:
        yield from lookup(ctx, c, s)
    f = TcpFlow(c, s, c.ephemeral(), 443, rng, t0)
    yield from handshake(f, rng)
    ch, sid = tls_client_hello(ctx, sni)
    yield f.pkt(0, ACK | PSH, ch, rng.randrange(30, 300))
    yield f.pkt(1, ACK, b"", rng.randrange(30, 200))
    sh_body = (b"\x03\x03" + ctx.blobs.random(32) + b"\x20" + sid + b"\x13\x01\x00"
               + b"\x00\x2e" + b"\x00\x2b\x00\x02\x03\x04"
               + b"\x00\x33\x00\x24\x00\x1d\x00\x20" + ctx.blobs.random(32))
    sh = b"\x02" + len(sh_body).to_bytes(3, "big") + sh_body
    flight = (b"\x16\x03\x03" + struct.pack("!H", len(sh)) + sh + b"\x14\x03\x03\x00\x01\x01"
              + tls_records(ctx, rng.randrange(2200, 4800)))
    yield from send(f, 1, flight, rng, rng.randrange(200, 1500))
    fin = b"\x14\x03\x03\x00\x01\x01" + tls_records(ctx, 53)
    yield f.pkt(0, ACK | PSH, fin, rng.randrange(100, 600))
    yield from send(f, 1, tls_records(ctx, 2 * 255), rng, rng.randrange(100, 600))  # tickets
    for i in range(rng.choice((1, 1, 2, 3, 4, 8))):
        yield f.pkt(0, ACK | PSH, tls_records(ctx, rng.randrange(90, 700)),
                    rng.randrange(100, 2000) if i == 0 else rng.randrange(5000, 2000000))
        x = rng.random()
        if x < 0.9:
            n = int(min(rng.lognormvariate(7.5, 1.3), 100000))
        elif x < 0.996:
            n = rng.randrange(20000, 150000)
        else:
            n = rng.randrange(500000, 3000000)
        yield from send(f, 1, tls_records(ctx, n + 17), rng, rng.randrange(300, 20000))
    yield f.pkt(0, ACK | PSH, tls_records(ctx, 19, 21), rng.randrange(1000, 50000))  # close_notify
    yield from teardown(f, rng, 0)


SSH_SERVER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"
SSH_CLIENTS = [b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n",
               b"SSH-2.0-OpenSSH_9.6\r\n", b"SSH-2.0-PuTTY_Release_0.78\r\n", b"SSH-2.0-paramiko_3.4.0\r\n",
               b"SSH-2.0-Go\r\n"]
KEX_CLIENT = [
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
    "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,ext-info-c,kex-strict-c-v00@openssh.com",
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256",
] + ["chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
     "aes256-gcm@openssh.com"] * 2 + [
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
    "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,"
    "hmac-sha2-256,hmac-sha2-512,hmac-sha1"] * 2 + ["none,zlib@openssh.com"] * 2 + [""] * 2
KEX_SERVER = [
    "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
    "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,"
    "kex-strict-s-v00@openssh.com",
    "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
] + KEX_CLIENT[2:10]


def ssh_packet(payload, rng):
    pad = 8 - (5 + len(payload)) % 8
    if pad < 4:
        pad += 8
    return struct.pack("!IB", 1 + len(payload) + pad, pad) + payload + bytes(pad)


def ssh_string(b):
    return struct.pack("!I", len(b)) + b


def ssh_kexinit(ctx, lists):
    p = b"\x14" + ctx.blobs.random(16) + b"".join(ssh_string(x.encode()) for x in lists) + b"\x00" + bytes(4)
    return ssh_packet(p, ctx.rng)


def ssh_encrypted(ctx, n):
    """chacha20-poly1305 packet: 4-byte encrypted length, payload padded to 8, 16-byte tag.
    A packet never ends in a segment of under 4 bytes (Wireshark, which cannot read an
    encrypted length, would call that segment malformed; OpenSSH rarely sends one)."""
    size = 4 + ((n + 5 + 7) // 8) * 8 + 16
    if 0 < size % MSS_PAYLOAD < 4:
        size += 8
    return ctx.blobs.random(size)


def ssh_stream(ctx, f, d, total, rng, first_delay):
    """total bytes of channel data from side d, as OpenSSH sends it: packets of up to 32 KiB."""
    delay = first_delay
    while total > 0:
        n = min(total, 32768)
        yield from send(f, d, ssh_encrypted(ctx, n), rng, delay)
        total -= n
        delay = rng.randrange(5, 60)


def s_ssh(ctx, t0):
    rng, lab = ctx.rng, ctx.lab
    c = lab.client()
    s = rng.choice(lab.servers)
    if rng.random() < 0.3:
        yield from lookup(ctx, c, s)
    f = TcpFlow(c, s, c.ephemeral(), 22, rng, t0)
    yield from handshake(f, rng)
    yield f.pkt(1, ACK | PSH, SSH_SERVER, rng.randrange(1000, 6000))
    mode = rng.random()
    if mode < 0.3:  # monitoring: read the banner and leave
        yield f.pkt(0, ACK, b"", rng.randrange(30, 200))
        yield from teardown(f, rng, 0)
        return
    yield f.pkt(0, ACK | PSH, rng.choice(SSH_CLIENTS), rng.randrange(100, 800))
    yield f.pkt(1, ACK, b"", rng.randrange(30, 200))
    yield from send(f, 0, ssh_kexinit(ctx, KEX_CLIENT), rng, rng.randrange(20, 200))
    yield from send(f, 1, ssh_kexinit(ctx, KEX_SERVER), rng, rng.randrange(20, 300))
    init = ssh_packet(b"\x1e" + ssh_string(ctx.blobs.random(32)), rng)
    yield f.pkt(0, ACK | PSH, init, rng.randrange(50, 300))
    hostkey = ssh_string(b"ssh-ed25519") + ssh_string(ctx.blobs.random(32))
    sig = ssh_string(b"ssh-ed25519") + ssh_string(ctx.blobs.random(64))
    reply = ssh_packet(b"\x1f" + ssh_string(hostkey) + ssh_string(ctx.blobs.random(32)) + ssh_string(sig), rng)
    yield f.pkt(1, ACK | PSH, reply + ssh_packet(b"\x15", rng), rng.randrange(300, 2000))
    yield f.pkt(0, ACK | PSH, ssh_packet(b"\x15", rng), rng.randrange(50, 300))
    # Authentication round trips, encrypted.
    for n in (18, 18, 250, 30, 600, 20):
        yield f.pkt(0, ACK | PSH, ssh_encrypted(ctx, n), rng.randrange(50, 3000))
        yield f.pkt(1, ACK | PSH, ssh_encrypted(ctx, rng.randrange(20, 60)), rng.randrange(100, 3000))
    if mode < 0.95:  # interactive: keystrokes and echoes, some bursts of output
        for _ in range(rng.randrange(4, 60)):
            yield f.pkt(0, ACK | PSH, ssh_encrypted(ctx, 8), rng.randrange(50000, 800000))
            yield f.pkt(1, ACK | PSH, ssh_encrypted(ctx, 8), rng.randrange(200, 2000))
            r = rng.random()
            if r < 0.1:
                yield from ssh_stream(ctx, f, 1, rng.randrange(200, 12000), rng, rng.randrange(200, 5000))
            elif r < 0.5:
                yield f.pkt(0, ACK, b"", rng.randrange(20, 40000))
    else:  # scp / rsync / git over ssh: bulk one way
        d = rng.choice((0, 1))
        yield from ssh_stream(ctx, f, d, rng.randrange(100000, 2000000), rng, rng.randrange(100, 5000))
    yield from teardown(f, rng, rng.choice((0, 1)))


def s_smtp(ctx, t0):
    rng, lab = ctx.rng, ctx.lab
    c = lab.client() if rng.random() < 0.5 else rng.choice(lab.servers)
    s = rng.choice(lab.mail)
    f = TcpFlow(c, s, c.ephemeral(), 25, rng, t0)
    yield from handshake(f, rng)
    yield f.pkt(1, ACK | PSH, ("220 %s ESMTP Postfix (Debian/GNU)\r\n" % s.name).encode(),
                rng.randrange(500, 20000))
    def cmd(line, reply):
        yield f.pkt(0, ACK | PSH, line, rng.randrange(50, 2000))
        yield f.pkt(1, ACK | PSH, reply, rng.randrange(100, 3000))
    yield from cmd(("EHLO %s\r\n" % c.name).encode(),
                   ("250-%s\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n"
                    "250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n"
                    "250-SMTPUTF8\r\n250 CHUNKING\r\n" % s.name).encode())
    if rng.random() < 0.6:
        user = "user%03d" % rng.randrange(1000)
        yield from cmd(("MAIL FROM:<%s@%s>\r\n" % (user, c.name.split(".", 1)[1])).encode(),
                       b"250 2.1.0 Ok\r\n")
        yield from cmd(b"RCPT TO:<ops@corp.kp>\r\n", b"250 2.1.5 Ok\r\n")
        yield from cmd(b"DATA\r\n", b"354 End data with <CR><LF>.<CR><LF>\r\n")
        msg = ("From: %s@%s\r\nTo: ops@corp.kp\r\nSubject: cron report\r\n\r\n" % (user, c.name)).encode()
        msg += ctx.blobs.html(int(min(rng.lognormvariate(8.0, 1.0), 60000))).replace(b"\n.", b"\n,")
        msg += b"\r\n.\r\n"
        yield from send(f, 0, msg, rng, rng.randrange(50, 500))
        yield f.pkt(1, ACK | PSH, ("250 2.0.0 Ok: queued as %010X\r\n" % rng.getrandbits(40)).encode(),
                    rng.randrange(500, 5000))
    yield from cmd(b"QUIT\r\n", b"221 2.0.0 Bye\r\n")
    yield from teardown(f, rng, 1)


def icmp_frame(src, dst, typ, code, rest, payload, ipid):
    body = struct.pack("!BBH", typ, code, 0) + rest + payload
    csum = inet_checksum(body)
    body = body[:2] + struct.pack("!H", csum) + body[4:]
    tot = 20 + len(body)
    hdr = ETH_IP.pack(dst.mac, src.mac, 0x0800, 0x45, 0, tot, ipid, 0x4000, src.ttl, 1,
                      fold(ip_base_sum(src.ip, dst.ip, src.ttl, 1) + tot + ipid), src.ip, dst.ip)
    return hdr + body


def s_icmp(ctx, t0):
    rng, lab = ctx.rng, ctx.lab
    c = lab.client()
    x = rng.random()
    if x < 0.75:  # ping, answered or not
        if rng.random() < 0.85:
            s, alive = rng.choice(lab.servers + lab.clients[:300]), True
        else:
            s = Host(bytes((10, 0, rng.randrange(1, 4), rng.randrange(200, 255))), "", 64, rng)
            alive = False
        ident = rng.getrandbits(16)
        pay = struct.pack("!II", EPOCH + t0 // 1000000, 0) + bytes(range(16, 64))
        for seq in range(1, rng.choice((1, 3, 4, 4, 10)) + 1):
            rest = struct.pack("!HH", ident, seq)
            yield (0 if seq == 1 else rng.randrange(999000, 1001000),
                   icmp_frame(c, s, 8, 0, rest, pay, rng.getrandbits(16)))
            if alive:
                yield rtt_us(rng), icmp_frame(s, c, 0, 0, rest, pay, rng.getrandbits(16))
    else:  # UDP to a closed port: ICMP port unreachable quoting the datagram
        s = rng.choice(lab.servers)
        sport, dport = c.ephemeral(), rng.choice((123, 514, 33434, 33435, 33436))
        if dport == 123:  # NTP client request (version 4, mode 3), transmit time only
            payload = b"\x23" + bytes(39) + struct.pack("!II", EPOCH + 2208988800 + t0 // 1000000, 0)
        elif dport == 514:
            payload = b"<13>Mar 12 09:00:00 %s logger: heartbeat" % c.name.encode()
        else:  # traceroute probe (Linux traceroute's payload)
            payload = bytes(range(0x40, 0x60))
        dgram = udp_frame(c, s, sport, dport, payload, rng.getrandbits(16))
        yield 0, dgram
        quoted = dgram[14:14 + 28]
        yield rtt_us(rng), icmp_frame(s, c, 3, 3, bytes(4), quoted, rng.getrandbits(16))


def s_tcp_refused(ctx, t0):
    rng, lab = ctx.rng, ctx.lab
    c = lab.client()
    s = rng.choice(lab.servers)
    f = TcpFlow(c, s, c.ephemeral(), rng.choice((23, 3389, 5432, 3306, 8443, 9090, 6379)), rng, t0)
    if rng.random() < 0.7:
        yield f.syn(0, SYN, 0)
        yield f.rst(1, rtt_us(rng))
    else:  # filtered: SYN retransmitted, never answered
        yield f.syn(0, SYN, 0)
        yield f.syn(0, SYN, 1000000, again=True)
        yield f.syn(0, SYN, 2000000, again=True)


SESSIONS = [(s_dns, 30), (s_http, 22), (s_tls, 24), (s_ssh, 7), (s_smtp, 3), (s_icmp, 8), (s_tcp_refused, 6)]
MEAN_PACKETS_PER_SESSION = 50.0  # measured at 200k packets; sets the session arrival rate


class Ctx:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.lab = Lab(self.rng)
        self.lab.name_map = {h.name: h for h in self.lab.servers + self.lab.clients}
        self.alias_of = {}
        for a, h in self.lab.aliases.items():
            self.alias_of.setdefault(h.ip, []).append((a, h))
        self.alias_names = sorted(self.lab.aliases)
        self.blobs = Blobs(self.rng)
        self.dns = Dns(self.lab)


def generate(out, packets, seed, duration_s, stats):
    ctx = Ctx(seed)
    rng = ctx.rng
    kinds = [k for k, _ in SESSIONS]
    cum, acc = [], 0
    for _, w in SESSIONS:
        acc += w
        cum.append(acc)
    mean_gap = duration_s * 1e6 * MEAN_PACKETS_PER_SESSION / packets
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    heap = []
    serial = 0
    next_start = 0.0
    written = 0
    nbytes = 0
    buf = []
    pack_rec = REC.pack
    heappush, heappop = heapq.heappush, heapq.heappop
    per_kind = {k.__name__: 0 for k in kinds}
    while written < packets:
        if not heap or next_start <= heap[0][0]:
            kind = rng.choices(kinds, cum_weights=cum)[0]
            t0 = int(next_start)
            g = kind(ctx, t0)
            per_kind[kind.__name__] += 1
            next_start += rng.expovariate(1.0 / mean_gap)
            item = next(g, None)
            if item is not None:
                serial += 1
                heappush(heap, (t0 + item[0], serial, g, item[1]))
            continue
        t, _, g, frame = heappop(heap)
        n = len(frame)
        buf.append(pack_rec(EPOCH + t // 1000000, t % 1000000, n, n))
        buf.append(frame)
        written += 1
        nbytes += n
        if len(buf) >= 20000:
            out.write(b"".join(buf))
            buf.clear()
        item = next(g, None)
        if item is not None:
            serial += 1
            heappush(heap, (t + item[0], serial, g, item[1]))
    out.write(b"".join(buf))
    stats.update(packets=written, frame_bytes=nbytes, last_us=t, sessions=per_kind, open_sessions=len(heap))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", nargs="?", default=os.path.join(here, "out", "reference.pcap"))
    ap.add_argument("--packets", type=int, default=2000000)
    ap.add_argument("--seed", type=int, default=20240312)
    ap.add_argument("--duration", type=float, default=600.0, help="seconds of traffic (about)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if a.packets < 1:
        ap.error("--packets must be positive")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)) or ".", exist_ok=True)
    tmp = a.out + ".part"
    t = time.monotonic()
    stats = {}
    with open(tmp, "wb", buffering=1 << 20) as out:
        generate(out, a.packets, a.seed, a.duration, stats)
    os.replace(tmp, a.out)
    if not a.quiet:
        size = os.path.getsize(a.out)
        print("wrote %s: %d packets, %.1f MB, %.0f s of traffic, %d sessions (%s), %.1f s"
              % (a.out, stats["packets"], size / 1e6, stats["last_us"] / 1e6,
                 sum(stats["sessions"].values()),
                 ", ".join("%s %d" % (k[2:], v) for k, v in stats["sessions"].items()),
                 time.monotonic() - t), file=sys.stderr)


if __name__ == "__main__":
    main()
