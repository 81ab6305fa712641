#!/usr/bin/env python3
"""craft.py: small pcap tools for the kpcensus regression captures (struct only).

Subcommands
  records FILE                      list every record: index, header offset,
                                    data offset, end offset, caplen, origlen
  reencap DLT OUT IN[:SEL] ...      rewrite the IPv4/IPv6 packets of Ethernet
                                    pcaps as DLT_RAW (DLT=raw, linktype 101) or
                                    DLT_NULL (DLT=null, linktype 0); SEL is a
                                    frame list like 3-14,17 (1-based)
  mpls OUT LABEL1 LABEL2 IN[:SEL] ...
                                    rewrite IPv4 Ethernet frames as MPLS
                                    (EtherType 0x8847) with a two-label stack
  corrupt IN OUT INDEX VALUE        copy IN, overwrite the caplen field of
                                    record INDEX (1-based) with VALUE; prints
                                    the record header's byte offset
  cut IN INDEX                      print a byte count that ends in the middle
                                    of record INDEX's packet data (for head -c)
  send6 IFACE SRCMAC DSTMAC SRC DST send hand-crafted IPv6 packets with
                                    hop-by-hop / destination-options headers
                                    on IFACE through an AF_PACKET socket
  vlanswitch SECONDS                user-space VLAN switch for the vlan capture
                                    (this kernel has no 8021q module): access
                                    ports a0/b0 <-> 802.1Q VLAN 100, a1/b1 <->
                                    QinQ 802.1ad S-VLAN 200 + 802.1Q C-VLAN 30,
                                    trunks t0 (a side) and t1 (b side)

Output pcaps are classic little-endian microsecond pcap (magic a1b2c3d4)
unless noted; input may be microsecond or nanosecond pcap of either byte order.
"""
import socket
import struct
import sys

LINKTYPE_NULL = 0
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101

# DLT_NULL address family values, in host (here little-endian) byte order
AF_INET = 2
# BSD AF_INET6 values seen in DLT_NULL captures: 24 (NetBSD/OpenBSD),
# 28 (FreeBSD), 30 (macOS). Rotated so a reader must accept all three.
AF_INET6_VALUES = (24, 28, 30)


def read_pcap(path):
    """Return (endian, nsec, snaplen, linktype, [(sec, frac, origlen, data)])."""
    with open(path, "rb") as f:
        blob = f.read()
    magic = blob[:4]
    table = {
        b"\xd4\xc3\xb2\xa1": ("<", False),
        b"\xa1\xb2\xc3\xd4": (">", False),
        b"\x4d\x3c\xb2\xa1": ("<", True),
        b"\xa1\xb2\x3c\x4d": (">", True),
    }
    if magic not in table:
        raise SystemExit(f"{path}: not a classic pcap file")
    e, nsec = table[magic]
    _vmaj, _vmin, _tz, _sig, snaplen, linktype = struct.unpack(e + "HHiIII", blob[4:24])
    recs = []
    off = 24
    while off + 16 <= len(blob):
        sec, frac, incl, orig = struct.unpack(e + "IIII", blob[off:off + 16])
        data = blob[off + 16:off + 16 + incl]
        if len(data) < incl:
            break
        recs.append((sec, frac, orig, data, off))
        off += 16 + incl
    return e, nsec, snaplen, linktype, recs


def write_pcap(path, linktype, recs, nsec_in, snaplen=262144):
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)]
    for sec, frac, orig, data in recs:
        usec = frac // 1000 if nsec_in else frac
        out.append(struct.pack("<IIII", sec, usec, len(data), orig))
        out.append(data)
    with open(path, "wb") as f:
        f.write(b"".join(out))


def parse_sel(sel):
    frames = set()
    for part in sel.split(","):
        if "-" in part:
            a, b = part.split("-")
            frames.update(range(int(a), int(b) + 1))
        else:
            frames.add(int(part))
    return frames


def selected(arg):
    """IN[:SEL] -> (nsec, linktype, [records])"""
    path, _, sel = arg.partition(":")
    _e, nsec, _snap, linktype, recs = read_pcap(path)
    if linktype != LINKTYPE_ETHERNET:
        raise SystemExit(f"{path}: linktype {linktype}, need Ethernet")
    if sel:
        want = parse_sel(sel)
        recs = [r for i, r in enumerate(recs, 1) if i in want]
    return nsec, recs


def eth_payload(data):
    """Return (ethertype, payload) after skipping any 802.1Q/802.1ad tags."""
    et = struct.unpack("!H", data[12:14])[0]
    off = 14
    while et in (0x8100, 0x88A8):
        et = struct.unpack("!H", data[off + 2:off + 4])[0]
        off += 4
    return et, data[off:]


def cmd_records(path):
    _e, nsec, snaplen, linktype, recs = read_pcap(path)
    print(f"# linktype={linktype} snaplen={snaplen} nsec={nsec} records={len(recs)}")
    print("index\theader_offset\tdata_offset\tend_offset\tcaplen\toriglen")
    for i, (_s, _f, orig, data, off) in enumerate(recs, 1):
        print(f"{i}\t{off}\t{off + 16}\t{off + 16 + len(data)}\t{len(data)}\t{orig}")


def cmd_reencap(dlt, out, inputs):
    recs = []
    v6 = 0
    nsec_any = None
    for arg in inputs:
        nsec, rs = selected(arg)
        for sec, frac, orig, data, _off in rs:
            et, payload = eth_payload(data)
            if et not in (0x0800, 0x86DD):
                continue  # ARP and the like have no place in DLT_RAW/DLT_NULL
            if dlt == "raw":
                hdr = b""
            elif et == 0x0800:
                hdr = struct.pack("<I", AF_INET)
            else:
                hdr = struct.pack("<I", AF_INET6_VALUES[v6 % len(AF_INET6_VALUES)])
                v6 += 1
            cut = len(data) - len(payload)
            usec = frac // 1000 if nsec else frac
            recs.append((sec, usec, orig - cut + len(hdr), hdr + payload))
    linktype = LINKTYPE_RAW if dlt == "raw" else LINKTYPE_NULL
    write_pcap(out, linktype, recs, nsec_in=False)
    print(f"{out}: {len(recs)} packets, linktype {linktype}")


def cmd_mpls(out, label1, label2, inputs):
    recs = []
    for arg in inputs:
        nsec, rs = selected(arg)
        for sec, frac, orig, data, _off in rs:
            et, payload = eth_payload(data)
            if et != 0x0800:
                continue
            ttl = 64
            # label(20) | TC(3) | S(1) | TTL(8)
            l1 = struct.pack("!I", (label1 << 12) | (0 << 9) | (0 << 8) | ttl)
            l2 = struct.pack("!I", (label2 << 12) | (0 << 9) | (1 << 8) | ttl)
            frame = data[:12] + b"\x88\x47" + l1 + l2 + payload
            usec = frac // 1000 if nsec else frac
            recs.append((sec, usec, orig + 8, frame))
    write_pcap(out, LINKTYPE_ETHERNET, recs, nsec_in=False)
    print(f"{out}: {len(recs)} packets, labels {label1}/{label2}")


def cmd_corrupt(src, dst, index, value):
    e, _nsec, _snap, _lt, recs = read_pcap(src)
    with open(src, "rb") as f:
        blob = bytearray(f.read())
    off = recs[index - 1][4]
    struct.pack_into(e + "I", blob, off + 8, value)
    with open(dst, "wb") as f:
        f.write(blob)
    print(off)


def cmd_cut(path, index):
    _e, _nsec, _snap, _lt, recs = read_pcap(path)
    _s, _f, _o, data, off = recs[index - 1]
    print(off + 16 + len(data) // 2)


# ------------------------------------------------------------ IPv6 crafting --

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def l4_csum(src, dst, proto, seg):
    pseudo = src + dst + struct.pack("!IxxxB", len(seg), proto)
    c = csum(pseudo + seg)
    return c or 0xFFFF


def ext_hdr(next_hdr, options):
    """Hop-by-hop or destination options header padded to 8 bytes."""
    body = options
    pad = (-(2 + len(body))) % 8
    if pad == 1:
        body += b"\x00"            # Pad1
    elif pad > 1:
        body += bytes([1, pad - 2]) + b"\0" * (pad - 2)   # PadN
    hdr_ext_len = (2 + len(body)) // 8 - 1
    return bytes([next_hdr, hdr_ext_len]) + body


def udp(src, dst, sport, dport, payload):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    c = l4_csum(src, dst, 17, seg)
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def tcp_syn(src, dst, sport, dport, seq):
    opts = struct.pack("!BBH", 2, 4, 1440) + b"\x01\x01\x04\x02"  # MSS, NOP NOP SACK-permitted
    off = (20 + len(opts)) // 4
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, off << 4, 0x02, 64800, 0, 0) + opts
    c = l4_csum(src, dst, 6, seg)
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def dns_query(qid, name, qtype):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q + struct.pack("!HH", qtype, 1)


def ipv6(src, dst, first_next, payload, hop=64, flow=0):
    return struct.pack("!IHBB", (6 << 28) | flow, len(payload), first_next, hop) + src + dst + payload


def cmd_send6(iface, srcmac, dstmac, src_s, dst_s):
    src = socket.inet_pton(socket.AF_INET6, src_s)
    dst = socket.inet_pton(socket.AF_INET6, dst_s)
    smac = bytes.fromhex(srcmac.replace(":", ""))
    dmac = bytes.fromhex(dstmac.replace(":", ""))
    pkts = []
    # 1. Hop-by-hop (Router Alert, MLD value 0) + UDP DNS AAAA query to port 53
    u = udp(src, dst, 40053, 53, dns_query(0x6B70, "kcna.kp", 28))
    hbh = ext_hdr(17, bytes([5, 2, 0, 0]))
    pkts.append(ipv6(src, dst, 0, hbh + u, flow=0x6B701))
    # 2. Destination options (PadN only) + TCP SYN to port 80
    t = tcp_syn(src, dst, 40080, 80, 0x6B700001)
    dopt = ext_hdr(6, b"")
    pkts.append(ipv6(src, dst, 60, dopt + t, flow=0x6B702))
    # 3. Hop-by-hop (PadN) -> destination options (unknown option type 0x1e,
    #    "skip" action, 4 data bytes "kp\0\1") -> UDP to closed port 7777
    u = udp(src, dst, 40777, 7777, b"kpcensus ext-hdr chain\n")
    dopt = ext_hdr(17, bytes([0x1E, 4]) + b"kp\x00\x01")
    hbh = ext_hdr(60, b"")
    pkts.append(ipv6(src, dst, 0, hbh + dopt + u, flow=0x6B703))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    import time
    for p in pkts:
        s.send(dmac + smac + b"\x86\xdd" + p)
        time.sleep(0.2)
    print(f"sent {len(pkts)} crafted IPv6 packets on {iface}")


# ------------------------------------------------------ user-space VLAN switch --

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40

PORT_TAGS = {  # access port -> tag stack pushed on the trunk (outer first)
    "a0": ((0x8100, 100),), "b0": ((0x8100, 100),),
    "a1": ((0x88A8, 200), (0x8100, 30)), "b1": ((0x88A8, 200), (0x8100, 30)),
}
TRUNK_OF = {"a0": "t0", "a1": "t0", "b0": "t1", "b1": "t1"}


def push_tags(frame, tags):
    mid = b"".join(struct.pack("!HH", tpid, vid) for tpid, vid in tags)
    return frame[:12] + mid + frame[12:]


def pop_tags(frame):
    tags = []
    off = 12
    while struct.unpack("!H", frame[off:off + 2])[0] in (0x8100, 0x88A8):
        tpid, tci = struct.unpack("!HH", frame[off:off + 4])
        tags.append((tpid, tci & 0x0FFF))
        off += 4
    return tuple(tags), frame[:12] + frame[off:]


def cmd_vlanswitch(seconds):
    import select
    import time
    socks = {}
    for name in ("a0", "a1", "b0", "b1", "t0", "t1"):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        s.bind((name, 0))
        socks[name] = s
    by_fd = {s.fileno(): n for n, s in socks.items()}
    end = time.time() + seconds
    print("vlanswitch ready", flush=True)
    while time.time() < end:
        r, _, _ = select.select(list(socks.values()), [], [], 0.5)
        for s in r:
            name = by_fd[s.fileno()]
            data, anc, _flags, addr = s.recvmsg(65535, socket.CMSG_SPACE(20))
            if addr[2] == PACKET_OUTGOING:
                continue
            for level, typ, cdata in anc:
                if level == SOL_PACKET and typ == PACKET_AUXDATA and len(cdata) >= 20:
                    status, _l, _sl, _mac, _net, tci, tpid = struct.unpack("IIIHHHH", cdata[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
            if name in PORT_TAGS:
                socks[TRUNK_OF[name]].send(push_tags(data, PORT_TAGS[name]))
            else:
                tags, inner = pop_tags(data)
                side = "a" if name == "t0" else "b"
                for port, want in PORT_TAGS.items():
                    if port[0] == side and want == tags:
                        socks[port].send(inner)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "records":
        cmd_records(args[0])
    elif cmd == "reencap":
        cmd_reencap(args[0], args[1], args[2:])
    elif cmd == "mpls":
        cmd_mpls(args[0], int(args[1]), int(args[2]), args[3:])
    elif cmd == "corrupt":
        cmd_corrupt(args[0], args[1], int(args[2]), int(args[3], 0))
    elif cmd == "cut":
        cmd_cut(args[0], int(args[1]))
    elif cmd == "vlanswitch":
        cmd_vlanswitch(float(args[0]))
    elif cmd == "send6":
        cmd_send6(*args)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
