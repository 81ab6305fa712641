/*
 * pcap_readloop: the floor for any libpcap-based reader. Opens a capture file
 * (pcap or pcapng) with pcap_open_offline, reads every record with pcap_next_ex,
 * counts packets and captured bytes, and prints "packets bytes".
 *
 * Used by bench/run.sh as the "raw libpcap" row: kpcensus cannot be faster than
 * this on the same file, so the ratio kpcensus / readloop tells how much the
 * decoding and the census cost on top of reading.
 *
 * Build: cc -O2 -o pcap_readloop pcap_readloop.c -lpcap
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(argv[1], errbuf);
    if (p == NULL) {
        fprintf(stderr, "pcap_open_offline: %s\n", errbuf);
        return 1;
    }
    struct pcap_pkthdr *h;
    const u_char *data;
    unsigned long long packets = 0, bytes = 0;
    /* Touch one byte per packet so the loop cannot be reduced to header walking. */
    unsigned int sink = 0;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
        packets++;
        bytes += h->caplen;
        if (h->caplen > 0) sink += data[h->caplen - 1];
    }
    if (rc == PCAP_ERROR) {
        fprintf(stderr, "pcap_next_ex: %s\n", pcap_geterr(p));
        pcap_close(p);
        return 1;
    }
    pcap_close(p);
    printf("%llu %llu\n", packets, bytes);
    if (getenv("PCAP_READLOOP_SINK")) fprintf(stderr, "sink %u\n", sink);
    return 0;
}
