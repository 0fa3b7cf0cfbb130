#!/usr/bin/env bash
# Update benchmark, one command: starts Beacon on loopback (SQLite, durable commits, flood limits
# raised), drives it with the load generator, then with TSIG-signed RFC 2136 updates of the names
# the set-up registered (dnsperf -u -y), then measures the peer in the same run: Knot DNS accepting
# the same RFC 2136 updates, unsigned, into its durable journal. Prints requests/s and latency
# percentiles per scenario, and the ratios Beacon / Knot for changing updates (device API) and for
# RFC 2136 updates.
#
#   bench/update-bench.sh [--devices N] [--connections C] [--duration S] [--db JDBC_URL] [--no-peer]
#                         [--scenarios setup,register,ipdetect,no_change,change] [--jar BEACON_JAR]
#
# --jar serves another build of beacon.jar (an earlier commit's, for a before/after pair in one
# sitting); --scenarios runs a subset (setup is needed before the update scenarios).
# BEACON_JAVA_OPTS and BENCH_JAVA_OPTS pass JVM options to the server and the load generator (a JFR
# recording, say). Not a test: numbers depend on the machine. bench/README.md keeps the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."

devices=20000 connections=256 duration=10 warmup=3 threads=1 db="" peer=1
scenarios=setup,register,ipdetect,no_change,change jar=server/target/beacon.jar
while (( $# )); do
  case "$1" in
    --devices) devices=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if (( peer )) && ! { command -v knotd && command -v dnsperf && command -v dig; } >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]]; then
    echo "installing the peer (Debian packages knot, dnsperf, bind9-dnsutils)..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq knot dnsperf bind9-dnsutils >/dev/null
  else
    echo "knotd/dnsperf/dig missing: sudo apt-get install knot dnsperf bind9-dnsutils, or pass --no-peer" >&2
    exit 1
  fi
fi

mvn -B -q -DskipTests package >&2

BENCH_NAME=update-bench
. bench/lib.sh

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1)"

# --- Beacon -----------------------------------------------------------------------------------
key=$(java -jar "$jar" keygen)
bench_config "$work/beacon.yaml" "$work/data" "$key" "$db"
# A key that may update every name's address, for the RFC 2136 run (the zone is the file's last entry).
tsig=$(head -c 32 /dev/urandom | base64)
rfc2136=0
# (An earlier build given with --jar may predate RFC 2136: then the run is left out.)
if [[ ",$scenarios," == *,setup,* ]] && command -v dnsperf >/dev/null \
    && jar tf "$jar" 2>/dev/null | grep -q 'dev/beacon/update/DnsUpdates.class'; then
  rfc2136=1
  cat >> "$work/beacon.yaml" <<YAML
    allow-update: [{key: bench-key, name: '*', types: [A]}]
tsig-keys: [{name: bench-key, algorithm: hmac-sha256, secret: '$tsig'}]
YAML
fi
# RFC 2136 updates of N names (LABEL PREFIX, ZONE, N, FILE): each name's A deleted and added, at
# two addresses in turn, so every update is a change however many times dnsperf goes round. dnsperf
# takes the names relative to the zone line above them.
rfc2136_updates() {
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import sys
prefix, zone, n, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(path, "w") as f:
    for d in range(n):
        for first in (11, 10):
            ip = f"{first}.{d >> 16 & 255}.{d >> 8 & 255}.{d & 255}"
            f.write(f"{zone}\ndelete {prefix}{d} A\nadd {prefix}{d} 60 A {ip}\nsend\n")
PY
}
java ${BEACON_JAVA_OPTS:-} -jar "$jar" serve --config "$work/beacon.yaml" > "$work/server.out" 2>&1 &
server=$!
pids+=("$server")
url=$(beacon_url "$server" "$work/server.out")
echo "beacon:  $url, storage ${db:-SQLite (WAL, synchronous=FULL)}"
java ${BENCH_JAVA_OPTS:-} -jar bench/target/beacon-bench.jar --url "$url" --key "$key" --devices "$devices" \
  --connections "$connections" --threads "$threads" --warmup "$warmup" --duration "$duration" \
  --scenarios "$scenarios" | tee "$work/beacon.txt"
# The writer's own figures over the whole run, set-up included: commit time per journal entry is
# what bounds changing updates, and is steadier on a noisy machine than requests/s.
admin=$(grep -oE 'admin +http://[0-9.:]+' "$work/server.out" | awk '{print $2}' || true)
if [[ -n "$admin" ]]; then
  curl -sf "$admin/metrics" | awk '
    /^beacon_commit_duration_seconds_sum/ { secs = $2 } /^beacon_commit_duration_seconds_count/ { commits = $2 }
    /^beacon_journal_entries_total/ { entries = $2 }
    END { if (commits > 0 && entries > 0) printf "writer: %d commits, %.0f entries, %.1f entries a commit, %.1f us of commit per entry\n", commits, entries, entries / commits, secs * 1e6 / entries }' || true
fi
# The writer thread's CPU time (user + system) per journal entry: the steadiest of these figures.
for t in /proc/$server/task/*; do
  if [[ $(cat "$t/comm" 2>/dev/null) == beacon-writer ]]; then
    stat=$(cat "$t/stat"); stat=${stat##*) }; set -- $stat
    entries=$(curl -sf "$admin/metrics" | awk '/^beacon_journal_entries_total/ { print $2 }' || true)
    awk -v ticks=$(( ${12} + ${13} )) -v hz="$(getconf CLK_TCK)" -v n="$entries" \
      'BEGIN { if (n > 0) printf "writer thread: %.2f s of CPU, %.1f us per entry\n", ticks / hz, ticks / hz * 1e6 / n }'
  fi
done
if (( rfc2136 )); then
  dns=$(grep -oE 'DNS +[0-9.]+:[0-9]+' "$work/server.out" | awk '{print $2}')
  rfc2136_updates bench bench.test "$devices" "$work/beacon-updates.txt"
  # The same warm-up as every other scenario: a run first, not counted.
  dnsperf -s "${dns%:*}" -p "${dns##*:}" -u -y "hmac-sha256:bench-key:$tsig" -d "$work/beacon-updates.txt" \
    -l "$warmup" -c 8 -q "$connections" > /dev/null 2>&1 || true
  echo "beacon:  RFC 2136 updates over UDP, TSIG hmac-sha256 (dnsperf -u, $connections outstanding)"
  dnsperf -s "${dns%:*}" -p "${dns##*:}" -u -y "hmac-sha256:bench-key:$tsig" -d "$work/beacon-updates.txt" \
    -l "$duration" -c 8 -q "$connections" > "$work/beacon-rfc2136.txt" 2>&1 || true
  grep -E "Updates (completed|lost)|Updates per second|Average Latency|Response codes" "$work/beacon-rfc2136.txt" | sed 's/^ */  /'
fi
kill "$server"; wait "$server" 2>/dev/null || true

(( peer )) || exit 0

# --- Peer: Knot DNS, RFC 2136 updates into its journal ------------------------------------------
port=$(free_port)
mkdir -p "$work/knot/db" "$work/knot/run"
cat > "$work/knot/bench.test.zone" <<ZONE
\$ORIGIN bench.test.
\$TTL 60
@ SOA ns1.bench.test. hostmaster.bench.test. 1 3600 600 86400 60
@ NS ns1.bench.test.
ns1 A 127.0.0.1
ZONE
cat > "$work/knot/knot.conf" <<CONF
server:
    rundir: "$work/knot/run"
    user: $(id -un)
    listen: 127.0.0.1@$port
database:
    storage: "$work/knot/db"
log:
  - target: stderr
    any: warning
acl:
  - id: local_update
    address: 127.0.0.1
    action: update
template:
  - id: default
    storage: "$work/knot"
    zonefile-sync: -1
    journal-content: changes
zone:
  - domain: bench.test
    file: bench.test.zone
    acl: local_update
CONF
rfc2136_updates d bench.test "$devices" "$work/knot/updates.txt"
knotd -c "$work/knot/knot.conf" > "$work/knot/knot.log" 2>&1 &
knot=$!
pids+=("$knot")
wait_dns "$port"
dnsperf -s 127.0.0.1 -p "$port" -u -d "$work/knot/updates.txt" -l "$warmup" -c 8 -q "$connections" \
  > /dev/null 2>&1 || true
echo "peer:    $(knotd --version 2>&1 | head -1), RFC 2136 updates over UDP (dnsperf -u, $connections outstanding), journal-db-mode robust"
dnsperf -s 127.0.0.1 -p "$port" -u -d "$work/knot/updates.txt" -l "$duration" -c 8 -q "$connections" \
  > "$work/knot.txt" 2>&1 || true
grep -E "Updates (completed|lost)|Updates per second|Average Latency|Response codes" "$work/knot.txt" | sed 's/^ */  /'

beacon_rate=$(awk '/changing update/ {print $(NF-6)}' "$work/beacon.txt")
knot_rate=$(awk '/Updates per second/ {print $4}' "$work/knot.txt")
if [[ -n "$beacon_rate" && -n "$knot_rate" ]]; then
  awk -v b="$beacon_rate" -v k="$knot_rate" \
    'BEGIN { printf "changing updates, durable: Beacon %.0f/s, Knot %.0f/s; ratio Beacon/Knot = %.2f\n", b, k, b / k }'
fi
# A rate counts only when every update was answered NOERROR (a refused one costs next to nothing).
beacon_rfc2136=$(awk '/Response codes:/ && !/NOERROR [0-9]+ \(100.00%\)/ {bad = 1} /Updates per second/ {rate = $4}
  END {if (!bad) print rate}' "$work/beacon-rfc2136.txt" 2>/dev/null || true)
if [[ -n "$beacon_rfc2136" && -n "$knot_rate" ]]; then
  awk -v b="$beacon_rfc2136" -v k="$knot_rate" \
    'BEGIN { printf "RFC 2136 updates, durable: Beacon %.0f/s (TSIG-signed), Knot %.0f/s (unsigned); ratio Beacon/Knot = %.2f\n", b, k, b / k }'
fi
