#!/usr/bin/env bash
# Web console benchmark, one command, everything on loopback: how long each console page takes
# to render with --devices devices (default 1,000,000) in one SQLite zone, against the operator
# API call the page is made from (the peer, timed the same way in the same run).
#
#  1. Imports the devices (beacon import), serves them, makes a write admin token, and sends
#     about 15 s of real device traffic (beacon-bench: registrations, no-change and changing updates
#     of 10,000 more devices), so the overview and the fleet report have something to show.
#  2. Signs in to the console (POST /console/login, as a script would) and times, over one
#     keep-alive HTTP connection, 5 warm-up then 50 requests of each page (median and p99 in ms):
#     the overview; the device list, its page 900,000 devices deep, sorted by last seen, and
#     searched by a name prefix and by a User-Agent part no device has; one device; the fleet
#     report; the token tool. Each page's time is from request to the last byte of HTML.
#  3. The peer: the operator API call (or calls) each page is built from, with the admin token.
#
#   bench/console-bench.sh [--devices 1000000]
#
# Not a test: numbers depend on the machine. docs/ADMIN.md keeps the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."

devices=1000000
while (( $# )); do
  case "$1" in
    --devices) devices=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

mvn -B -q -DskipTests -Dbeacon.skipC=true package >&2

BENCH_NAME=console-bench
. bench/lib.sh

zone=bench.test
devices_csv "$devices" "$work/devices.csv"

key=$(java -jar server/target/beacon.jar keygen)
bench_config "$work/beacon.yaml" "$work/data" "$key"
sed -i 's/^    keys: \(.*\)$/    keys: \1\n    policy: {operator-tokens: true}/' "$work/beacon.yaml"
admin_port=$(free_port)
sed -i "s/admin: 127.0.0.1:0/admin: 127.0.0.1:$admin_port/" "$work/beacon.yaml"
import_start=$(date +%s%N)
java -jar server/target/beacon.jar import --config "$work/beacon.yaml" --zone "$zone" "$work/devices.csv" \
  > "$work/import.txt" 2>&1
import_s=$(( ($(date +%s%N) - import_start) / 1000000000 ))
token=$(java -jar server/target/beacon.jar admin-token create --name bench --scope write --config "$work/beacon.yaml" | tail -1)
java ${BEACON_JAVA_OPTS:-} -jar server/target/beacon.jar serve --config "$work/beacon.yaml" > "$work/beacon.out" 2>&1 &
pids+=("$!"); beacon=$!
url=$(beacon_url "$beacon" "$work/beacon.out")
echo "devices: $devices (imported in ${import_s} s); traffic: beacon-bench against $url"
java -jar bench/target/beacon-bench.jar --url "$url" --key "$key" --devices 10000 --connections 16 \
  --warmup 1 --duration 3 --scenarios setup,no_change,change > "$work/traffic.txt"

python3 - "$admin_port" "$token" "$zone" "$devices" <<'PY'
import http.client, statistics, sys, time, urllib.parse

port, token, zone, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)

conn.request("POST", "/console/login", body=urllib.parse.urlencode({"token": token}),
             headers={"Content-Type": "application/x-www-form-urlencoded"})
r = conn.getresponse(); r.read()
cookie = r.getheader("Set-Cookie").split(";")[0]
assert r.status == 303, r.status

def fetch(path, headers):
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status} {body[:300]!r}")
    return body

def page(path):
    return lambda: fetch(path, {"Cookie": cookie})

def api(*paths):
    return lambda: [fetch(p, {"Authorization": "Bearer " + token}) for p in paths]

def timed(fn, runs=50, warm=5):
    for _ in range(warm):
        fn()
    ms = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return statistics.median(ms), ms[int(len(ms) * 0.99) - 1]

import base64
deep = base64.urlsafe_b64encode(f"{zone}\nDEV-{int(n * 0.9):07d}".encode()).decode().rstrip("=")
one = "DEV-0123456"
scenarios = [
    ("overview", "/console/", api("/api/v1/overview")),
    ("devices, first page", "/console/devices", api("/api/v1/devices?limit=50", "/api/v1/zones")),
    ("devices, 900,000 deep", f"/console/devices?cursor={deep}",
     api(f"/api/v1/devices?limit=50&cursor={deep}", "/api/v1/zones")),
    ("devices by last seen, newest first", "/console/devices?sort=-last_seen",
     api("/api/v1/devices?limit=50&sort=-last_seen", "/api/v1/zones")),
    ("search: name prefix host12345", "/console/devices?q=host12345",
     api("/api/v1/devices?limit=50&q=host12345", "/api/v1/zones")),
    ("search: a User-Agent part no device has", "/console/devices?q=nomatch",
     api("/api/v1/devices?limit=50&q=nomatch", "/api/v1/zones")),
    ("one device", f"/console/devices/{one}", api(f"/api/v1/devices/{one}")),
    ("fleet report", "/console/report", api("/api/v1/reports/fleet", "/api/v1/zones")),
    ("token tool", "/console/tokens", api("/api/v1/zones")),
]
print(f"console pages vs the operator API calls they are made from (ms, one keep-alive connection, 5 warm-up + 50 runs):")
print(f"  {'page':<40} {'console median':>15} {'p99':>8} {'API median':>11} {'p99':>8} {'ratio':>6}")
worst = 0
for name, path, peer in scenarios:
    c = timed(page(path))
    a = timed(peer)
    worst = max(worst, c[1])
    print(f"  {name:<40} {c[0]:15.2f} {c[1]:8.2f} {a[0]:11.2f} {a[1]:8.2f} {c[0] / a[0]:6.2f}")
print(f"slowest page p99: {worst:.1f} ms")
PY
