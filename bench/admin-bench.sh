#!/usr/bin/env bash
# Operator API benchmark, one command, everything on loopback: how long a page of the device list
# takes with --devices devices (default 1,000,000) in one SQLite zone, however deep the page.
#
#  1. Imports the devices (beacon import), serves them, makes an admin token.
#  2. Times, over one keep-alive HTTP connection, 20 warm-up then 200 requests of each scenario
#     (median and p99 in ms): the first page; a page 900,000 devices deep (its cursor); 200
#     consecutive pages from the middle, each from the previous page's "next"; one device with
#     its history; a search for a name prefix that 11 devices match, for an address one device
#     holds, and for a User-Agent part no device has (the worst case: a walk of the whole zone); the
#     fleet report.
#  3. The peer, in the same run, on the same database file: the page 900,000 deep read the way
#     OFFSET pagination reads it (SELECT ... ORDER BY device_id LIMIT 50 OFFSET 900000) against
#     the keyset query the API runs, each timed the same way in one sqlite3 connection.
#
#   bench/admin-bench.sh [--devices 1000000]
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

mvn -B -q -DskipTests -Dbeacon.skipC=true -pl server -am package >&2

BENCH_NAME=admin-bench
. bench/lib.sh

zone=ddns.test
devices_csv "$devices" "$work/devices.csv"

admin_port=$(free_port)
key=$(java -jar server/target/beacon.jar keygen)
cat > "$work/beacon.yaml" <<YAML
listen: {http: 127.0.0.1:0, dns: off, admin: 127.0.0.1:$admin_port}
storage: {data-dir: $work/data}
zones:
  - name: $zone
    keys: [{id: 1, secret: '$key'}]
YAML
import_start=$(date +%s%N)
java -jar server/target/beacon.jar import --config "$work/beacon.yaml" --zone "$zone" "$work/devices.csv" \
  > "$work/import.txt" 2>&1
import_s=$(( ($(date +%s%N) - import_start) / 1000000000 ))
token=$(java -jar server/target/beacon.jar admin-token create --name bench --scope read --config "$work/beacon.yaml" | tail -1)
java ${BEACON_JAVA_OPTS:-} -jar server/target/beacon.jar serve --config "$work/beacon.yaml" > "$work/beacon.out" 2>&1 &
pids+=("$!"); beacon=$!
beacon_url "$beacon" "$work/beacon.out" > /dev/null

echo "devices: $devices (imported in ${import_s} s)"
python3 - "$admin_port" "$token" "$zone" "$work/data/beacon.db" "$devices" <<'PY'
import base64, http.client, json, sqlite3, statistics, sys, time

port, token, zone, db, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": "Bearer " + token}

def get(path):
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status} {body[:200]!r}")
    return json.loads(body)

def cursor(device):
    return base64.urlsafe_b64encode(f"{zone}\n{device}".encode()).decode().rstrip("=")

def timed(fn, runs=200, warm=20):
    for _ in range(warm):
        fn()
    ms = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return statistics.median(ms), ms[int(len(ms) * 0.99) - 1]

def row(name, result, check=""):
    print(f"  {name:<44} median {result[0]:8.2f} ms   p99 {result[1]:8.2f} ms  {check}")

deep = f"DEV-{int(n * 0.9):07d}"
first = get("/api/v1/devices?limit=50")
assert len(first["items"]) == 50 and first["next"]
deep_page = get(f"/api/v1/devices?limit=50&cursor={cursor(deep)}")
assert deep_page["items"][0]["device_id"] > deep
print("operator API (HTTP, JSON, one keep-alive connection):")
row("first page of 50", timed(lambda: get("/api/v1/devices?limit=50")))
row(f"page of 50 after {deep}", timed(lambda: get(f"/api/v1/devices?limit=50&cursor={cursor(deep)}")))
state = {"next": cursor(f"DEV-{n // 2:07d}")}
def walk():
    page = get(f"/api/v1/devices?limit=50&cursor={state['next']}")
    state["next"] = page["next"]
row("consecutive pages of 50 from the middle", timed(walk))
row("one device with its history", timed(lambda: get(f"/api/v1/devices/{deep}")))
hits = len(get("/api/v1/devices?limit=50&q=host12345")["items"])
row("search: name prefix host12345", timed(lambda: get("/api/v1/devices?limit=50&q=host12345"), runs=20, warm=2),
    f"({hits} devices)")
row("search: address 10.1.2.3", timed(lambda: get("/api/v1/devices?limit=50&q=10.1.2.3"), runs=20, warm=2))
row("search: a User-Agent part no device has", timed(lambda: get("/api/v1/devices?limit=50&q=nomatch"), runs=5, warm=1))
row("fleet report (counts every device's firmware)", timed(lambda: get("/api/v1/reports/fleet"), runs=20, warm=2))

print("peer, same database file (sqlite3, one connection): the page after", deep)
db = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
offset = int(n * 0.9)
def by_offset():
    db.execute("SELECT DISTINCT device_id FROM records WHERE zone = ? ORDER BY device_id LIMIT 50 OFFSET ?",
               (zone, offset)).fetchall()
def by_keyset():
    db.execute("SELECT DISTINCT device_id FROM records WHERE zone = ? AND device_id > ? ORDER BY device_id LIMIT 50",
               (zone, deep)).fetchall()
o = timed(by_offset, runs=20, warm=2)
k = timed(by_keyset)
row("OFFSET pagination (LIMIT 50 OFFSET 900000)", o)
row("keyset pagination (the API's query)", k)
print(f"  keyset / OFFSET: {k[0] / o[0]:.4f}")
PY
