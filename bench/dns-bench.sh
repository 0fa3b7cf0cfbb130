#!/usr/bin/env bash
# DNS benchmark, one command: one zone of 100,000 device names served on loopback by Beacon
# (loaded with `beacon import`), NSD and Knot DNS in the same run, each driven by dnsperf for a
# fixed duration with the same queries. Prints queries/s and latency for each, and the ratio
# Beacon / best peer.
#
#   bench/dns-bench.sh [--names 100000] [--duration 10] [--clients 8] [--outstanding 500] [--pin]
#                      [--rates 20000,50000]
#
# --rates offers each server a fixed load instead (dnsperf -Q, once per rate, after the same warm-up)
# and reports, per server and rate, the CPU it spent per query (from /proc, a server's child
# processes summed, as NSD's), the average and the p99 latency (dnsperf -v, every answer's time).
#
# --pin runs every server on CPU 1 and dnsperf on CPU 0 (taskset), so each server has exactly one
# core and the load generator never competes with it for one.
#
# Not a test: numbers depend on the machine. bench/README.md keeps the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."

names=100000 duration=10 clients=8 outstanding=500 pin=0 rates=""
while (( $# )); do
  case "$1" in
    --pin) pin=1; shift ;;
    --names) names=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --outstanding) outstanding=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

need=()
for tool in nsd knotd dnsperf dig; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if (( ${#need[@]} )); then
  if [[ $(id -u) == 0 ]]; then
    echo "installing the peers and the load generator (Debian packages nsd, knot, dnsperf, bind9-dnsutils)..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nsd knot dnsperf bind9-dnsutils >/dev/null
  else
    echo "missing ${need[*]}: sudo apt-get install nsd knot dnsperf bind9-dnsutils" >&2
    exit 1
  fi
fi

mvn -B -q -DskipTests -pl server -am package >&2

server_cpu=() load_cpu=()
if (( pin )); then
  server_cpu=(taskset -c 1) load_cpu=(taskset -c 0)
fi

BENCH_NAME=dns-bench
. bench/lib.sh

# One zone, three forms: CSV for Beacon, a zone file for NSD and Knot, and the dnsperf queries.
python3 - "$names" "$work" <<'PY'
import random, sys
n, work = int(sys.argv[1]), sys.argv[2]
with open(f"{work}/devices.csv", "w") as csv, open(f"{work}/bench.test.zone", "w") as zone:
    csv.write("device_id,name,ipv4,ipv6\n")
    zone.write("$ORIGIN bench.test.\n$TTL 60\n"
               "@ 3600 SOA ns1.bench.test. hostmaster.bench.test. 1 3600 600 1209600 60\n"
               "@ 3600 NS ns1.bench.test.\nns1 3600 A 127.0.0.1\n")
    for d in range(n):
        ip = f"10.{d >> 16 & 255}.{d >> 8 & 255}.{d & 255}"
        csv.write(f"DEV-{d:07d},host{d},{ip},\n")
        zone.write(f"host{d} A {ip}\n")
rng = random.Random(1)
with open(f"{work}/queries.txt", "w") as q:
    for _ in range(200000):
        q.write(f"host{rng.randrange(n)}.bench.test A\n")
PY

hz=$(getconf CLK_TCK)

results=()
rows=()
run_dnsperf() {  # name port pid
  local out="$work/dnsperf-$1.txt" before after
  # Warm up first (the JIT, the peers' caches), as a long-running server would be.
  "${load_cpu[@]}" dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries.txt" -l 3 -c "$clients" -q "$outstanding" \
    >/dev/null 2>&1 || true
  if [[ -n "$rates" ]]; then
    run_rates "$@"
    return
  fi
  before=$(cpu_ticks "$3")
  "${load_cpu[@]}" dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries.txt" -l "$duration" -c "$clients" -q "$outstanding" \
    > "$out" 2>&1 || true
  after=$(cpu_ticks "$3")
  local qps lat lost done
  qps=$(awk '/Queries per second/ {print $4}' "$out")
  lat=$(awk '/Average Latency/ {print $4}' "$out")
  lost=$(awk '/Queries lost/ {print $3}' "$out")
  done=$(awk '/Queries completed/ {print $3}' "$out")
  rows+=("$(printf '%-16s %12.0f %11.3f ms %12.2f %8s' "$1" "${qps:-0}" "$(awk -v l="${lat:-0}" 'BEGIN {print l * 1000}')" \
    "$(awk -v t=$((after - before)) -v hz="$hz" -v n="${done:-1}" 'BEGIN {print t * 1e6 / hz / n}')" "${lost:-?}")")
  results+=("$1=${qps:-0}")
}

fixed=()
run_rates() {  # name port pid: each rate of --rates in turn, the CPU per query and the latencies
  local rate out before after
  for rate in ${rates//,/ }; do
    out="$work/dnsperf-$1-$rate.txt"
    before=$(cpu_ticks "$3")
    "${load_cpu[@]}" dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries.txt" -l "$duration" -c "$clients" \
      -q "$outstanding" -Q "$rate" -v > "$out" 2>&1 || true
    after=$(cpu_ticks "$3")
    # With -v, dnsperf prints one line per answer ending in its latency in seconds.
    local p99 done qps lat lost
    p99=$(awk '$1 == ">" {print $NF}' "$out" | sort -g | awk '{v[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; print v[i] * 1000}')
    qps=$(awk '/Queries per second/ {print $4}' "$out")
    lat=$(awk '/Average Latency/ {print $4}' "$out")
    lost=$(awk '/Queries lost/ {print $3}' "$out")
    done=$(awk '/Queries completed/ {print $3}' "$out")
    fixed+=("$(printf '%-16s %9s %10.0f %12.2f %10.3f %9.3f %8s' "$1" "$rate" "${qps:-0}" \
      "$(awk -v t=$((after - before)) -v hz="$hz" -v n="${done:-1}" 'BEGIN {print t * 1e6 / hz / n}')" \
      "$(awk -v l="${lat:-0}" 'BEGIN {print l * 1000}')" "${p99:-0}" "${lost:-?}")")
  done
}

# --- Beacon ------------------------------------------------------------------------------------
key=$(java -jar server/target/beacon.jar keygen)
bport=$(free_port)
cat > "$work/beacon.yaml" <<YAML
listen: {http: 127.0.0.1:0, dns: 127.0.0.1:$bport, admin: off}
storage: {data-dir: $work/beacon-data}
zones:
  - name: bench.test
    keys: [{id: 1, secret: '$key'}]
    ns: [{name: ns1.bench.test, a: 127.0.0.1}]
YAML
java -jar server/target/beacon.jar import --config "$work/beacon.yaml" --zone bench.test "$work/devices.csv" \
  > "$work/import.txt" 2>&1
import_line=$(tail -1 "$work/import.txt")
"${server_cpu[@]}" java ${BEACON_JAVA_OPTS:-} -jar server/target/beacon.jar serve --config "$work/beacon.yaml" \
  > "$work/beacon.out" 2>&1 &
pids+=("$!"); beacon=$!
wait_dns "$bport"
run_dnsperf "Beacon $(java -jar server/target/beacon.jar --version | awk '{print $2}')" "$bport" "$beacon"
kill "$beacon"; wait "$beacon" 2>/dev/null || true

# --- NSD ---------------------------------------------------------------------------------------
nport=$(free_port)
mkdir -p "$work/nsd"
cat > "$work/nsd/nsd.conf" <<CONF
server:
    ip-address: 127.0.0.1
    port: $nport
    server-count: 2
    username: ""
    zonesdir: "$work"
    database: ""
    pidfile: "$work/nsd/nsd.pid"
    xfrdfile: "$work/nsd/xfrd.state"
    zonelistfile: "$work/nsd/zone.list"
    verbosity: 0
remote-control:
    control-enable: no
zone:
    name: bench.test
    zonefile: bench.test.zone
CONF
"${server_cpu[@]}" nsd -d -c "$work/nsd/nsd.conf" > "$work/nsd/nsd.log" 2>&1 &
pids+=("$!"); nsd=$!
wait_dns "$nport"
run_dnsperf "NSD $(nsd -v 2>&1 | head -1 | awk '{print $3}')" "$nport" "$nsd"
kill "$nsd"; wait "$nsd" 2>/dev/null || true

# --- Knot DNS ----------------------------------------------------------------------------------
kport=$(free_port)
mkdir -p "$work/knot/db" "$work/knot/run"
cat > "$work/knot/knot.conf" <<CONF
server:
    rundir: "$work/knot/run"
    user: $(id -un)
    listen: 127.0.0.1@$kport
database:
    storage: "$work/knot/db"
log:
  - target: stderr
    any: warning
template:
  - id: default
    storage: "$work"
    zonefile-sync: -1
zone:
  - domain: bench.test
    file: bench.test.zone
CONF
"${server_cpu[@]}" knotd -c "$work/knot/knot.conf" > "$work/knot/knot.log" 2>&1 &
pids+=("$!"); knot=$!
wait_dns "$kport"
run_dnsperf "Knot $(knotd --version 2>&1 | awk '{print $NF}')" "$kport" "$knot"
kill "$knot"; wait "$knot" 2>/dev/null || true

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1)"
echo "zone:    bench.test, $names A records (Beacon loaded it with beacon import: $import_line)"
echo "queries: random existing names, type A, UDP; dnsperf -c $clients -q $outstanding -l $duration after a 3 s warm-up"
if (( pin )); then echo "pinned:  servers on CPU 1, dnsperf on CPU 0"; fi
if [[ -n "$rates" ]]; then
  echo "fixed load: dnsperf -Q RATE -l $duration -c $clients -q $outstanding -v, after a 3 s warm-up at full speed"
  printf '%-16s %9s %10s %12s %10s %9s %8s\n' "server" "offered" "answered/s" "CPU us/query" "avg ms" "p99 ms" "lost"
  printf '%s\n' "${fixed[@]}"
  exit 0
fi
printf '%-16s %12s %14s %12s %8s\n' "server" "queries/s" "avg latency" "CPU us/query" "lost"
printf '%s\n' "${rows[@]}"
printf '%s\n' "${results[@]}" | awk -F= '
  NR == 1 { beacon = $2; next }
  $2 > best { best = $2; name = $1 }
  END { if (best > 0) printf "ratio Beacon / best peer (%s) = %.2f\n", name, beacon / best }'
