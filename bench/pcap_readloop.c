/*
 * pcap_readloop: the floor for any libpcap-based reader. Opens a capture file
 * (pcap or pcapng) with pcap_open_offline, reads every record with pcap_next_ex,
 * counts packets and captured bytes, and prints "packets bytes".
 *
 * With --mapped it reads the file the way kpcensus does (Sources/KPCapture/
 * MappedCaptureFile.swift): mapped into memory, opened with fmemopen, handed to
 * pcap_fopen_offline, the next 32 KB prefetched, the 2 MB blocks already read given
 * back every 8 MB.
 *
 * Used by bench/run.sh as the "raw libpcap" rows: kpcensus cannot be faster than
 * the mapped loop on the same file, so the ratio kpcensus / readloop tells how much
 * the decoding and the census cost on top of reading.
 *
 * Build: cc -O2 -o pcap_readloop pcap_readloop.c -lpcap
 */
#include <pcap/pcap.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned char *map_base;
static size_t map_len, map_released;

/* The file as a read-only stream over a private mapping; NULL (errno set) on failure. */
static FILE *open_mapped(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) { close(fd); return NULL; }
    map_len = (size_t)st.st_size;
    void *m = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return NULL;
    madvise(m, map_len, MADV_SEQUENTIAL);
    map_base = m;
    return fmemopen(m, map_len, "rb");
}

/* Gives back the whole 2 MB blocks before the stream's position (as kpcensus does:
 * a part of a block would cost the block its huge-page mapping). */
static void release_read_pages(FILE *f) {
    const size_t block = 2u << 20;
    off_t pos = ftello(f);
    if (pos <= 0) return;
    size_t end = (size_t)pos / block * block;
    if (end > map_released && end <= map_len) {
        madvise(map_base + map_released, end - map_released, MADV_DONTNEED);
        map_released = end;
    }
}

int main(int argc, char **argv) {
    int mapped = argc == 3 && strcmp(argv[1], "--mapped") == 0;
    if (argc != 2 && !mapped) {
        fprintf(stderr, "usage: %s [--mapped] FILE\n", argv[0]);
        return 2;
    }
    const char *path = argv[argc - 1];
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p;
    if (mapped) {
        FILE *f = open_mapped(path);
        if (f == NULL) {
            perror(path);
            return 1;
        }
        p = pcap_fopen_offline(f, errbuf);
    } else {
        p = pcap_open_offline(path, errbuf);
    }
    if (p == NULL) {
        fprintf(stderr, "pcap_open_offline: %s\n", errbuf);
        return 1;
    }
    long until_release = 8L << 20;
    /* As kpcensus (MappedCaptureFile.PacketView.prefetch): the next 32 KB of the
     * mapping asked for ahead of libpcap's copies; pos is exact for pcap, an estimate
     * for pcapng. */
    size_t pos = mapped ? (size_t)ftello(pcap_file(p)) : 0, prefetched = 0;
    int is_pcap = pcap_major_version(p) != 1;
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
        if (!mapped) continue;
        pos += is_pcap ? 16 + h->caplen : 32 + ((h->caplen + 3) & ~3u);
        size_t target = pos + (32u << 10) < map_len ? pos + (32u << 10) : map_len;
        if (prefetched < pos) prefetched = pos;
        for (; prefetched < target; prefetched += 64) __builtin_prefetch(map_base + prefetched, 0, 3);
        if ((until_release -= h->caplen) <= 0) {
            until_release = 8L << 20;
            pos = (size_t)ftello(pcap_file(p));
            release_read_pages(pcap_file(p));
        }
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
