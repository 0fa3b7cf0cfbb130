#!/usr/bin/env bash
# Restart benchmark, one command: how long Beacon takes from launch to its first answer with a
# large zone in its store, and the memory it then holds, with Knot DNS loading the same zone from a
# zone file beside it in the same run.
#
#   bench/restart-bench.sh [--names 100000,1000000] [--starts 3] [--jar BEACON_JAR] [--no-cds]
#                          [--sources own]
#
# For each size: the devices are imported once (`beacon import`), then Beacon is started --starts
# times on that store and Knot as often on the zone file. Beacon runs as the Debian package runs
# it: through the package's /usr/bin/beacon (from server/src/deb, beside the jar in a tree of its
# own) with the unit's BEACON_CDS_ARCHIVE, so the first start writes the class-data archive at its
# stop and later ones map it; --no-cds runs `java -jar` instead. Each stop is a clean one (SIGTERM),
# which writes the registry's checkpoint; the import writes one too, so every start is from a
# checkpoint, and the first has no class-data archive yet. A start is timed from the launch to the
# first answer for an existing name: DNS (dig, every 20 ms) for both servers, and for Beacon also
# HTTP (/ipcheck.aspx). After the last start the script reports each server's resident set (VmRSS
# from /proc) and, for Beacon, the heap in use after a full GC (jcmd GC.run, then GC.heap_info)
# and that heap per name (read from the first "used" figure, the whole heap with G1, the default
# collector). The JVM options are the package unit's BEACON_JAVA_OPTS, or BEACON_JAVA_OPTS's.
# An imported record's source is the word "import", the same for every name; --sources own makes
# the store look like a live fleet's instead, where each device last updated from the address it
# now has (one distinct source per name): the script sets each row's source to its IPv4 address
# (sqlite3) and removes the import's checkpoint, so the first start loads from the store.
#
# Not a test: numbers depend on the machine. bench/README.md keeps the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=100000,1000000 starts=3 jar="" cds=1 sources=import
while (( $# )); do
  case "$1" in
    --names) sizes=$2; shift 2 ;;
    --starts) starts=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --no-cds) cds=0; shift ;;
    --sources) sources=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$sources" in
  import|own) ;;
  *) echo "--sources is import or own, not $sources" >&2; exit 2 ;;
esac

need=()
tools=(knotd dig jcmd)
[[ $sources == own ]] && tools+=(sqlite3)
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if (( ${#need[@]} )); then
  echo "missing ${need[*]}: apt-get install knot bind9-dnsutils sqlite3 and a JDK" >&2
  exit 1
fi
if [[ -z "$jar" ]]; then
  mvn -B -q -DskipTests package >&2
  jar=server/target/beacon.jar
fi
# The JVM options the package's unit gives Beacon, unless BEACON_JAVA_OPTS says otherwise.
unit_opts=$(sed -n 's/^Environment="\{0,1\}BEACON_JAVA_OPTS=\([^"]*\)"\{0,1\}$/\1/p' server/src/deb/systemd/beacon.service)
java_opts=${BEACON_JAVA_OPTS:-$unit_opts}

BENCH_NAME=restart-bench
. bench/lib.sh

now_ms() { date +%s%3N; }

# The package's command beside the jar, as dpkg installs them.
mkdir -p "$work/pkg/usr/bin" "$work/pkg/usr/share/beacon"
cp server/src/deb/bin/beacon "$work/pkg/usr/bin/beacon"
cp "$jar" "$work/pkg/usr/share/beacon/beacon.jar"
serve() {  # config archive; run in the background, it becomes the server's java process (exec)
  if (( cds )); then
    BEACON_JAVA_OPTS="$java_opts" BEACON_CDS_ARCHIVE="$2" exec "$work/pkg/usr/bin/beacon" serve --config "$1"
  else
    exec java $java_opts -jar "$jar" serve --config "$1"
  fi
}

# Waits until host0.bench.test A is answered on PORT (the process PID must stay alive); prints
# the milliseconds since START.
first_dns() {  # port pid start
  for _ in $(seq 1 3000); do
    # dig +short prints its errors (connection refused, timed out) to stdout too: look for the address.
    if dig +time=1 +tries=1 @127.0.0.1 -p "$1" host0.bench.test A +short 2>/dev/null | grep -qx '10\.0\.0\.0'; then
      echo $(( $(now_ms) - $3 )); return 0
    fi
    kill -0 "$2" 2>/dev/null || { echo "server $2 ended before answering" >&2; return 1; }
    sleep 0.02
  done
  echo "no answer on port $1 within 60 s" >&2
  return 1
}

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

zone_file() {  # names file
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as zone:
    zone.write("$ORIGIN bench.test.\n$TTL 60\n"
               "@ 3600 SOA ns1.bench.test. hostmaster.bench.test. 1 3600 600 1209600 60\n"
               "@ 3600 NS ns1.bench.test.\nns1 3600 A 127.0.0.1\n")
    for d in range(n):
        zone.write(f"host{d} A 10.{d >> 16 & 255}.{d >> 8 & 255}.{d & 255}\n")
PY
}

rows=()
key=$(java -jar "$jar" keygen)
for names in ${sizes//,/ }; do
  dir="$work/n$names"
  mkdir -p "$dir"
  devices_csv "$names" "$dir/devices.csv"
  zone_file "$names" "$dir/bench.test.zone"
  dport=$(free_port) hport=$(free_port)
  cat > "$dir/beacon.yaml" <<YAML
listen: {http: 127.0.0.1:$hport, dns: 127.0.0.1:$dport, admin: off}
storage: {data-dir: $dir/data}
zones:
  - name: bench.test
    keys: [{id: 1, secret: '$key'}]
    ns: [{name: ns1.bench.test, a: 127.0.0.1}]
YAML
  java -jar "$jar" import --config "$dir/beacon.yaml" --zone bench.test "$dir/devices.csv" > "$dir/import.txt" 2>&1
  echo "$names names: $(tail -1 "$dir/import.txt")" >&2
  if [[ $sources == own ]]; then
    sqlite3 "$dir/data/beacon.db" "UPDATE records SET source_addr = ipv4"
    rm -f "$dir/data/registry.checkpoint"
  fi

  dns_times=() http_times=()
  for s in $(seq 1 "$starts"); do
    start=$(now_ms)
    serve "$dir/beacon.yaml" "$dir/beacon-serve.jsa" > "$dir/beacon-$s.out" 2>&1 &
    beacon=$!; pids+=("$beacon")
    dns_times+=("$(first_dns "$dport" "$beacon" "$start")")
    until curl -sf "http://127.0.0.1:$hport/ipcheck.aspx" >/dev/null 2>&1; do
      kill -0 "$beacon" 2>/dev/null || { cat "$dir/beacon-$s.out" >&2; exit 1; }
      sleep 0.02
    done
    http_times+=("$(( $(now_ms) - start ))")
    if (( s == starts )); then
      sleep 2
      beacon_rss=$(rss_mb "$beacon")
      jcmd "$beacon" GC.run >/dev/null
      heap_kb=$(jcmd "$beacon" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); print v; exit}}')
      beacon_rss_gc=$(rss_mb "$beacon")
    fi
    kill "$beacon"; wait "$beacon" 2>/dev/null || true
  done

  kport=$(free_port)
  mkdir -p "$dir/knot/db" "$dir/knot/run"
  cat > "$dir/knot/knot.conf" <<CONF
server:
    rundir: "$dir/knot/run"
    user: $(id -un)
    listen: 127.0.0.1@$kport
database:
    storage: "$dir/knot/db"
log:
  - target: stderr
    any: warning
template:
  - id: default
    storage: "$dir"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: bench.test
    file: bench.test.zone
CONF
  knot_times=()
  for s in $(seq 1 "$starts"); do
    start=$(now_ms)
    knotd -c "$dir/knot/knot.conf" > "$dir/knot/knot-$s.log" 2>&1 &
    knot=$!; pids+=("$knot")
    knot_times+=("$(first_dns "$kport" "$knot" "$start")")
    if (( s == starts )); then
      sleep 2
      knot_rss=$(rss_mb "$knot")
    fi
    kill "$knot"; wait "$knot" 2>/dev/null || true
  done
  rows+=("$(printf '%-9s %-26s %-26s %-26s %9s %13s %9s %14s %8s' "$names" "${dns_times[*]}" "${http_times[*]}" \
    "${knot_times[*]}" "$beacon_rss" "$beacon_rss_gc" "$(awk -v k="$heap_kb" 'BEGIN {printf "%.0f", k / 1024}')" \
    "$(awk -v k="$heap_kb" -v n="$names" 'BEGIN {printf "%.3f", k / n}')" "$knot_rss")")
  rm -rf "$dir"
done

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1); Beacon: java $java_opts$( (( cds )) && echo ", the package's command with its class-data archive"); Knot $(knotd --version 2>&1 | awk '{print $NF}'); sources: $sources"
echo "first answer: ms from launch, one figure per start (the first without a class-data archive yet); memory after the last start (Beacon's heap after a full GC)"
printf '%-9s %-26s %-26s %-26s %9s %13s %9s %14s %8s\n' "names" "Beacon DNS ms" "Beacon HTTP ms" "Knot DNS ms" \
  "RSS MB" "RSS after GC" "heap MB" "heap KB/name" "Knot MB"
printf '%s\n' "${rows[@]}"
