// PCRE2 with 8-bit code units, as the system installs it (Debian: libpcre2-dev).
// nmap's service fingerprints are byte regexes; the width must be chosen before pcre2.h.
#ifndef KPCENSUS_CPCRE2_SHIM_H
#define KPCENSUS_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
