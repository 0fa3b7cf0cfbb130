#!/usr/bin/env bash
# Tokens minted by the C library (random nonces) are accepted by a running Beacon, whatever MAC
# spelling the firmware uses; a replayed one is refused; and beacon-update registers and updates
# a device. Starts its own server on a free loopback port; needs the jar (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")"
jar=${BEACON_JAR:-../../server/target/beacon.jar}
if [[ ! -f $jar ]]; then
  echo "test_server.sh: $jar is missing: build the server first (mvn -DskipTests package)" >&2
  exit 1
fi
work=$(mktemp -d)
# Flood limits raised: this script sends a device more requests in a second than any device should.
cat > "$work/beacon.yaml" <<YAML
listen: {http: 127.0.0.1:0, dns: 127.0.0.1:0}
storage: {data-dir: $work/data}
flood: {device: {burst: 1000, per-second: 100}, nochg-per-hour: 1000}
zones:
  - name: ddns.test
    masters: [{id: 7, secret: '$(head -c 32 /dev/urandom | base64)'}]
YAML
java -jar "$jar" serve --config "$work/beacon.yaml" > "$work/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 300); do
  url=$(grep -oE 'HTTP +http://[0-9.:]+' "$work/server.out" | awk '{print $2}' || true)
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.out" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "server did not start" >&2; exit 1; }
key="$work/data/device.key"
failures=0
expect() {  # what, expected, actual
  if [[ "$2" == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'" >&2; failures=$((failures + 1)); fi
}
mint() { ./beacon-token "$key" 1 "$1"; }

expect "add with a C-minted token" "10|c-lib.ddns.test" \
  "$(curl -s "$url/add.aspx?mac=$(mint e0469ab81bfc)&dm=c-lib&myip=198.51.100.50")"

declare -A seen=()
distinct=1
for spelling in E0:46:9A:B8:1B:FC e0-46-9a-b8-1b-fc e046.9ab8.1bfc E0469AB81BFC; do
  for _ in 1 2 3 4 5; do
    token=$(mint "$spelling")
    [[ -n "${seen[$token]:-}" ]] && distinct=0
    seen[$token]=1
    expect "ipcheck with a fresh token ($spelling)" "14|198.51.100.50" "$(curl -s "$url/ipcheck.aspx?mac=$token")"
  done
done
expect "20 tokens, 20 different nonces" 1 "$distinct"
expect "a replayed token is refused" "02" "$(curl -s "$url/ipcheck.aspx?mac=$token")"

status=0
./beacon-update --server "$url" --key-file "$key" --id SN-C-CLIENT --name c-client --state "$work/state" --once \
  2> "$work/update.err" || status=$?
expect "beacon-update --once registers the name" 0 "$status"
expect "it stored the address" "address=127.0.0.1" "$(grep '^address=' "$work/state")"
expect "the server has it" "14|127.0.0.1" "$(curl -s "$url/ipcheck.aspx?mac=$(mint SN-C-CLIENT)")"
status=0
./beacon-update --server "$url" --key-file "$key" --id SN-C-CLIENT --state "$work/state" --once 2>> "$work/update.err" \
  || status=$?
expect "a second start updates again (08)" 0 "$status"

status=0
help=$(./beacon-update --help) || status=$?
expect "beacon-update --help exits 0" 0 "$status"
expect "beacon-update --help prints the usage" 1 "$(grep -c '^usage: beacon-update --server URL' <<< "$help")"

./beacon-token "$work/data/device.key" 1 x >/dev/null
head -c 32 /dev/urandom | base64 > "$work/other.key"
status=0
./beacon-update --server "$url" --key-file "$work/other.key" --id SN-C-CLIENT --state "$work/state2" --once \
  2> "$work/wrong.err" || status=$?
expect "a wrong key stops the client as misconfigured" 2 "$status"

java -jar "$jar" provision --config "$work/beacon.yaml" --id SN-C-V2 > "$work/v2.key"
status=0
./beacon-update --server "$url" --device-key-file "$work/v2.key" --name c-v2 --state "$work/state3" --once \
  2>> "$work/update.err" || status=$?
expect "beacon-update with a provisioned version 2 key registers the name" 0 "$status"
expect "the server has it" "14|127.0.0.1" "$(curl -s "$url/ipcheck.aspx?mac=$(mint SN-C-V2)")"
status=0
./beacon-update --server "$url" --device-key-file "$work/v2.key" --state "$work/state3" --once \
  2>> "$work/update.err" || status=$?
expect "a second start updates again with a newer counter (08)" 0 "$status"

if (( failures )); then
  echo "$failures check(s) failed; client output:" >&2
  cat "$work/update.err" "$work/wrong.err" >&2
  exit 1
fi
echo "all server checks passed"
