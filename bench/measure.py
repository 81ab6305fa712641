#!/usr/bin/env python3
"""Run one command once; report its wall time (monotonic clock) and peak RSS.

    measure.py --out PATH --err PATH -- COMMAND [ARG...]

The command runs under `/usr/bin/time -v` (GNU time), which reports the peak
resident set size of the command ("Maximum resident set size", KiB). Its stdout
goes to --out (e.g. /dev/null), its stderr to --err. The clock starts after this
script has started and stops when the command has exited, so Python's own start-up
is not counted; what is counted beyond the command is one fork/exec of GNU time.

Prints one line: `seconds max_rss_kib exit_code`.
"""
import argparse
import re
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/dev/null")
    ap.add_argument("--err", default="/dev/null")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("no command")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, \
            open(a.out, "wb") as out, open(a.err, "wb") as err:
        t0 = time.monotonic()
        rc = subprocess.call(["/usr/bin/time", "-v", "-o", tf.name, "--"] + cmd, stdout=out, stderr=err)
        seconds = time.monotonic() - t0
        report = tf.read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    rss = int(m.group(1)) if m else -1
    # GNU time exits with the command's status (or 126/127 if it could not run it).
    print("%.6f %d %d" % (seconds, rss, rc))


if __name__ == "__main__":
    sys.exit(main())
