#!/usr/bin/env bash
# Zone transfer benchmark, one command, everything on loopback:
#
#  1. AXFR of a zone of --names device names (default 1,000,000) to kdig, signed with TSIG, from
#     Beacon and, in the same run, from Knot DNS serving the same zone from a zone file: seconds
#     for each (median of 3 after a warm-up) and the ratio; Beacon's heap after a full GC before
#     the transfers, and its peak during them (jstat, every 100 ms); each server's CPU time per
#     transfer (kdig's own is not counted: it runs on the same cores for both).
#  2. Knot and BIND as Beacon's secondaries (the configuration files docs/OPERATIONS.md shows,
#     which the tests run), while --rate changing updates a second (default 1,000) go through the
#     HTTP API for --duration seconds (default 30): how long the initial AXFR took each, and each
#     secondary's lag (a probe device's 09 -> the secondary answers its new address) p50/p99/max.
#
#   bench/xfr-bench.sh [--names 1000000] [--rate 1000] [--duration 30]
#
# Not a test: numbers depend on the machine. docs/DNS.md keeps the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."

names=1000000 rate=1000 duration=30
while (( $# )); do
  case "$1" in
    --names) names=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

need=()
for tool in knotd named kdig dig; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if (( ${#need[@]} )); then
  if [[ $(id -u) == 0 ]]; then
    echo "installing Knot, BIND and their tools (Debian packages knot, knot-dnsutils, bind9, bind9-dnsutils)..." >&2
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq knot knot-dnsutils bind9 bind9-dnsutils >/dev/null
    rm -f /usr/sbin/policy-rc.d
  else
    echo "missing ${need[*]}: sudo apt-get install knot knot-dnsutils bind9 bind9-dnsutils" >&2
    exit 1
  fi
fi

mvn -B -q -DskipTests -Dbeacon.skipC=true -pl server,bench -am package >&2

BENCH_NAME=xfr-bench
. bench/lib.sh

zone=ddns.test
tsig_name=xfr-key
tsig_secret=$(openssl rand -base64 32)
beacon_dns=$(free_port) knot_peer=$(free_port) knot_sec=$(free_port) bind_sec=$(free_port)

# One zone, two forms: CSV for Beacon's import, a zone file for the Knot peer.
python3 - "$names" "$work" "$zone" <<'PY'
import sys
n, work, zone = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(f"{work}/devices.csv", "w") as csv, open(f"{work}/{zone}.zone", "w") as z:
    csv.write("device_id,name,ipv4,ipv6\n")
    z.write(f"$ORIGIN {zone}.\n$TTL 60\n"
            f"@ 3600 SOA ns1.provider.example. hostmaster.{zone}. 1 3600 600 1209600 60\n"
            "@ 3600 NS ns1.provider.example.\n@ 3600 NS ns2.provider.example.\n")
    for d in range(n):
        ip = f"10.{d >> 16 & 255}.{d >> 8 & 255}.{d & 255}"
        csv.write(f"DEV-{d:07d},host{d},{ip},\n")
        z.write(f"host{d} A {ip}\n")
PY

key=$(java -jar server/target/beacon.jar keygen)
cat > "$work/beacon.yaml" <<YAML
listen: {http: 127.0.0.1:0, dns: 127.0.0.1:$beacon_dns, admin: off}
storage: {data-dir: $work/beacon-data}
tokens: {replay-cache: 100000000}
flood:
  device: {burst: 1000000, per-second: 1000000}
  address: {burst: 100000000, per-second: 100000000}
  network: {burst: 100000000, per-second: 100000000}
  nochg-per-hour: 1000000
tsig-keys: [{name: $tsig_name, algorithm: hmac-sha256, secret: '$tsig_secret'}]
zones:
  - name: $zone
    keys: [{id: 1, secret: '$key'}]
    ns: [ns1.provider.example, ns2.provider.example]
    allow-transfer: [{key: $tsig_name, from: 127.0.0.1/32}]
    notify:
      - {address: '127.0.0.1:$knot_sec', key: $tsig_name}
      - {address: '127.0.0.1:$bind_sec', key: $tsig_name}
YAML
import_start=$(date +%s%N)
java -jar server/target/beacon.jar import --config "$work/beacon.yaml" --zone "$zone" "$work/devices.csv" \
  > "$work/import.txt" 2>&1
import_ms=$(( ($(date +%s%N) - import_start) / 1000000 ))
java ${BEACON_JAVA_OPTS:-} -jar server/target/beacon.jar serve --config "$work/beacon.yaml" > "$work/beacon.out" 2>&1 &
pids+=("$!"); beacon=$!
url=$(beacon_url "$beacon" "$work/beacon.out")
wait_zone() { for _ in $(seq 1 600); do dig +time=1 +tries=1 @127.0.0.1 -p "$1" "$zone" SOA +short 2>/dev/null | grep -q . && return 0; sleep 0.1; done; return 1; }
wait_zone "$beacon_dns"

# AXFR to kdig, timed in milliseconds; records counted so a short transfer cannot pass for a fast one.
axfr_ms() {  # port
  local start end count
  start=$(date +%s%N)
  count=$(kdig @127.0.0.1 -p "$1" -y "hmac-sha256:$tsig_name:$tsig_secret" "$zone" AXFR +noall +answer | wc -l)
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $count"
}
hz=$(getconf CLK_TCK)
median_axfr() {  # port pid -> "median_ms records server_cpu_ms_per_axfr"
  axfr_ms "$1" > /dev/null   # warm-up
  local runs=() count before after
  before=$(cpu_ticks "$2")
  for _ in 1 2 3; do
    read -r ms count < <(axfr_ms "$1")
    runs+=("$ms")
  done
  after=$(cpu_ticks "$2")
  echo "$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p) $count $(( (after - before) * 1000 / hz / 3 ))"
}

heap_kb() { jstat -gc "$1" | awk 'NR == 2 {print $3 + $4 + $6 + $8}'; }
jcmd "$beacon" GC.run > /dev/null
heap_before=$(heap_kb "$beacon")
( while kill -0 "$beacon" 2>/dev/null; do heap_kb "$beacon"; sleep 0.1; done ) > "$work/heap.txt" 2>/dev/null &
pids+=("$!"); sampler=$!
read -r beacon_ms beacon_records beacon_cpu < <(median_axfr "$beacon_dns" "$beacon")
kill "$sampler" 2>/dev/null || true
heap_peak=$(sort -n "$work/heap.txt" | tail -1)

# --- the Knot peer: the same zone from a file, the same key --------------------------------------
mkdir -p "$work/knot-peer/db" "$work/knot-peer/run"
cat > "$work/knot-peer/knot.conf" <<CONF
server:
    rundir: "$work/knot-peer/run"
    listen: 127.0.0.1@$knot_peer
database:
    storage: "$work/knot-peer/db"
log:
  - target: stderr
    any: warning
key:
  - id: $tsig_name
    algorithm: hmac-sha256
    secret: $tsig_secret
acl:
  - id: transfer
    address: 127.0.0.1
    key: $tsig_name
    action: transfer
template:
  - id: default
    storage: "$work"
    zonefile-sync: -1
zone:
  - domain: $zone
    file: $zone.zone
    acl: transfer
CONF
knotd -c "$work/knot-peer/knot.conf" > "$work/knot-peer/knot.log" 2>&1 &
pids+=("$!"); knot_peer_pid=$!
wait_zone "$knot_peer"
read -r knot_ms knot_records knot_cpu < <(median_axfr "$knot_peer" "$knot_peer_pid")
kill "$knot_peer_pid"; wait "$knot_peer_pid" 2>/dev/null || true

# --- Knot and BIND following Beacon, with the configurations the tests run ---------------------
secondary() {  # kind template port -> writes the config, starts the daemon
  local dir="$work/$1"
  mkdir -p "$dir/run" "$dir/db" "$dir/zones"
  sed -e "s|{DIR}|$dir|g" -e "s|{PORT}|$3|g" -e "s|{PRIMARY_PORT}|$beacon_dns|g" \
      -e "s|{KEY}|$tsig_name|g" -e "s|{SECRET}|$tsig_secret|g" \
      "server/src/test/resources/secondaries/$2" > "$dir/$2"
}
secondary knot knot.conf "$knot_sec"
secondary bind named.conf "$bind_sec"
follow_start=$(date +%s%N)
knotd -c "$work/knot/knot.conf" > "$work/knot/daemon.log" 2>&1 &
pids+=("$!")
named -g -n 2 -c "$work/bind/named.conf" > "$work/bind/daemon.log" 2>&1 &
pids+=("$!")
serial=$(dig +short @127.0.0.1 -p "$beacon_dns" "$zone" SOA | awk '{print $3}')
for port in "$knot_sec" "$bind_sec"; do
  for _ in $(seq 1 1200); do
    [[ "$(dig +time=1 +tries=1 +short @127.0.0.1 -p "$port" "$zone" SOA 2>/dev/null | awk '{print $3}')" == "$serial" ]] && break
    sleep 0.1
  done
done
follow_ms=$(( ($(date +%s%N) - follow_start) / 1000000 ))
knot_in=$(grep -oE 'AXFR, incoming.*finished, [0-9.]+ seconds' "$work/knot/daemon.log" | grep -oE '[0-9.]+ seconds' | head -1)
bind_in=$(grep -oE 'Transfer completed: .*secs' "$work/bind/daemon.log" | grep -oE '[0-9.]+ secs' | head -1)

java -cp bench/target/beacon-bench.jar dev.beacon.bench.SecondaryLag --url "$url" --key "$key" --zone "$zone" \
  --rate "$rate" --duration "$duration" \
  --secondaries "beacon=127.0.0.1:$beacon_dns,knot=127.0.0.1:$knot_sec,bind=127.0.0.1:$bind_sec" > "$work/lag.txt"
ixfrs=$(grep -c "IXFR of zone $zone to .* names changed" "$work/beacon.out" || true)
full=$(grep -c "AXFR-style IXFR of zone $zone" "$work/beacon.out" || true)

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1)"
echo "zone:    $zone, $names A records (beacon import: ${import_ms} ms; $(tail -1 "$work/import.txt"))"
echo
echo "== AXFR to kdig, TSIG hmac-sha256, median of 3 after a warm-up"
printf '%-22s %10s %10s %16s\n' "server" "ms" "records" "server CPU ms"
printf '%-22s %10s %10s %16s\n' "Beacon" "$beacon_ms" "$beacon_records" "$beacon_cpu"
printf '%-22s %10s %10s %16s\n' "Knot $(knotd --version 2>&1 | awk '{print $NF}')" "$knot_ms" "$knot_records" "$knot_cpu"
awk -v b="$beacon_ms" -v k="$knot_ms" 'BEGIN { printf "ratio Beacon / Knot time = %.2f (lower is faster)\n", b / k }'
awk -v b="$heap_before" -v p="$heap_peak" 'BEGIN { printf "Beacon heap: %.0f MB after a full GC before, peak %.0f MB during the transfers (+%.0f MB)\n", b / 1024, p / 1024, (p - b) / 1024 }'
echo
echo "== Knot and BIND as secondaries: first transfer, then $rate changes/s for $duration s"
echo "initial AXFR of $names names: Knot ${knot_in:-?}, BIND ${bind_in:-?} (both serving within ${follow_ms} ms of start)"
cat "$work/lag.txt"
echo "Beacon served $ixfrs incremental IXFRs meanwhile, and $full IXFRs as the whole zone"
