# Shared by the bench scripts (sourced, not run): a scratch directory removed on exit together
# with every process started into it, loopback ports, and readiness checks.

work=$(mktemp -d "/tmp/beacon-${BENCH_NAME:-bench}.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Writes a Beacon config for load tests (FILE, DATA_DIR, KEY, [JDBC_URL]): ephemeral loopback
# ports, flood limits and the replay cache raised so the generator is not throttled, one zone.
bench_config() {
  cat > "$1" <<YAML
listen: {http: 127.0.0.1:0, dns: 127.0.0.1:0, admin: 127.0.0.1:0}
storage: {data-dir: $2${4:+, db: '$4'}}
tokens: {replay-cache: 100000000}
flood:
  device: {burst: 1000000, per-second: 1000000}
  address: {burst: 100000000, per-second: 100000000}
  network: {burst: 100000000, per-second: 100000000}
  nochg-per-hour: 1000000
zones:
  - name: bench.test
    keys: [{id: 1, secret: '$3'}]
YAML
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until a server on 127.0.0.1:PORT answers bench.test SOA; fails after 30 s.
wait_dns() {
  for _ in $(seq 1 300); do
    dig +time=1 +tries=1 @127.0.0.1 -p "$1" bench.test SOA +short >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server on port $1 did not answer" >&2
  return 1
}

# Prints the HTTP base URL Beacon's banner names once it is up (PID, its output file); fails
# with that output if the process ends or 30 s pass first.
beacon_url() {
  local url
  for _ in $(seq 1 300); do
    url=$(grep -oE 'HTTP +http://[0-9.:]+' "$2" | awk '{print $2}' || true)
    [[ -n "$url" ]] && { echo "$url"; return 0; }
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  echo "beacon did not start:" >&2
  cat "$2" >&2
  return 1
}

# CPU time (user + system, clock ticks) of a process and all its descendants (NSD forks its
# serving processes two levels down).
descendants() {
  local c
  for c in $(pgrep -P "$1" || true); do echo "$c"; descendants "$c"; done
}
cpu_ticks() {
  local total=0 p stat
  for p in "$1" $(descendants "$1"); do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    set -- $stat
    total=$(( total + ${12} + ${13} ))
  done
  echo "$total"
}

# Writes N devices as a beacon import CSV (FILE): DEV-0000000,host0,10.0.0.0 and on.
devices_csv() {
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as csv:
    csv.write("device_id,name,ipv4,ipv6\n")
    for d in range(n):
        csv.write(f"DEV-{d:07d},host{d},10.{d >> 16 & 255}.{d >> 8 & 255}.{d & 255},\n")
PY
}
