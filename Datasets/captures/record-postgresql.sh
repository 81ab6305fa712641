#!/usr/bin/env bash
# record-postgresql.sh: records PostgreSQL 15 (Debian postgresql-15: initdb, pg_ctl,
# postgres listening on 10.9.0.1:5432 in namespace kp-detect-srv, trust auth) and psql
# in kp-detect-cli (sslmode=prefer: SSLRequest refused with N, then a StartupMessage;
# then two sessions without TLS), on the client veth with tcpdump -U --immediate-mode.
# Only the two namespaces it makes (removed on exit) carry traffic. Usage (as root):
#   ./record-postgresql.sh [OUT.pcap]   (default: postgresql.pcap beside this script)
set -u
B=/usr/lib/postgresql/15/bin
D=$(mktemp -d /tmp/kp-detect-pg.XXXXXX)
OUT=${1:-$(cd "$(dirname "$0")" && pwd)/postgresql.pcap}
cleanup() {
  [ -n "${TD:-}" ] && kill "$TD" 2>/dev/null
  [ -f $D/data/postmaster.pid ] && su postgres -c "$B/pg_ctl -D $D/data stop -m fast" >/dev/null 2>&1
  ip netns del kp-detect-srv 2>/dev/null
  ip netns del kp-detect-cli 2>/dev/null
}
trap cleanup EXIT
chown postgres $D
ip netns add kp-detect-srv; ip netns add kp-detect-cli
ip link add kpdet-s netns kp-detect-srv type veth peer name kpdet-c netns kp-detect-cli
ip -n kp-detect-srv addr add 10.9.0.1/24 dev kpdet-s; ip -n kp-detect-srv link set kpdet-s up; ip -n kp-detect-srv link set lo up
ip -n kp-detect-cli addr add 10.9.0.2/24 dev kpdet-c; ip -n kp-detect-cli link set kpdet-c up; ip -n kp-detect-cli link set lo up
su postgres -c "$B/initdb -D $D/data -A trust -U census" >/dev/null
echo "host all all 10.9.0.0/24 trust" >> $D/data/pg_hba.conf
ip netns exec kp-detect-srv su postgres -c "$B/pg_ctl -D $D/data -o '-c listen_addresses=10.9.0.1 -c port=5432 -k $D' -l $D/log start -w" >/dev/null
ip netns exec kp-detect-cli tcpdump -U --immediate-mode -i kpdet-c -w $D/db.pcap tcp > /dev/null 2>&1 & TD=$!
sleep 1
ip netns exec kp-detect-cli psql "host=10.9.0.1 port=5432 user=census dbname=postgres sslmode=prefer application_name=psql" -c "select 1" >/dev/null
ip netns exec kp-detect-cli psql "host=10.9.0.1 port=5432 user=census dbname=postgres sslmode=disable" -c "create database kpcensus" >/dev/null
ip netns exec kp-detect-cli psql "host=10.9.0.1 port=5432 user=census dbname=kpcensus sslmode=disable" -c "select version()" >/dev/null
sleep 1
kill $TD; wait $TD 2>/dev/null; TD=
cp $D/db.pcap "$OUT"
