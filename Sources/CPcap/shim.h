// libpcap, as the system installs it (Debian: libpcap-dev).
#ifndef KPCENSUS_CPCAP_SHIM_H
#define KPCENSUS_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <stdio.h>
#endif
