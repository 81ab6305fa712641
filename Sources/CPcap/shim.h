// libpcap, as the system installs it (Debian: libpcap-dev).
#ifndef KPCENSUS_CPCAP_SHIM_H
#define KPCENSUS_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <stdio.h>

// A read hint for the mapped capture file (MappedCaptureFile.PacketView.prefetch): Swift has no
// prefetch of its own. Never faults, whatever the address.
static inline void kpcensus_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
#endif
