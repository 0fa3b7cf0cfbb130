#!/usr/bin/env bash
# Cluster benchmark, one command: two Beacon nodes on one PostgreSQL on this machine. Measures,
# in one run: changing updates/s through one node alone, then spread over both nodes (the load
# generator sends each device always to the same node, as a load balancer hashing on the client
# would); and the propagation delay, acknowledged (09) at node A -> answered by node B's DNS,
# p50/p99/max, with the cluster idle and under the two-node load.
#
#   bench/cluster-bench.sh [--devices 20000] [--connections 256] [--duration 10] [--samples 300]
#                          [--pg jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres]
#
# It creates (and drops at the end) the database beacon_cluster_bench on that server.
# Not a test: numbers depend on the machine. docs/SCALING.md keeps the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."

devices=20000 connections=256 duration=10 warmup=3 samples=300
pg="jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"
while (( $# )); do
  case "$1" in
    --devices) devices=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --samples) samples=$2; shift 2 ;;
    --pg) pg=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v psql >/dev/null || { echo "psql missing (Debian postgresql-client)" >&2; exit 1; }

mvn -B -q -DskipTests package >&2

BENCH_NAME=cluster-bench
. bench/lib.sh

hostport=$(sed -E 's#^jdbc:postgresql://([^/]+)/.*#\1#' <<< "$pg")
host=${hostport%:*} port=${hostport#*:}
user=$(sed -nE 's#.*[?&]user=([^&]+).*#\1#p' <<< "$pg")
psql -q -h "$host" -p "$port" -U "$user" -d postgres -c "DROP DATABASE IF EXISTS beacon_cluster_bench" \
  -c "CREATE DATABASE beacon_cluster_bench"
dropdb() { psql -q -h "$host" -p "$port" -U "$user" -d postgres -c "DROP DATABASE IF EXISTS beacon_cluster_bench" || true; }
trap 'cleanup; dropdb' EXIT
db="jdbc:postgresql://$host:$port/beacon_cluster_bench?user=$user"

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1)"
echo "database: PostgreSQL $(psql -h "$host" -p "$port" -U "$user" -d postgres -Atc 'SHOW server_version'), synchronous commit"

key=$(java -jar server/target/beacon.jar keygen)
start_node() {  # name
  bench_config "$work/$1.yaml" "$work/$1" "$key" "$db"
  java ${BEACON_JAVA_OPTS:-} -jar server/target/beacon.jar serve --config "$work/$1.yaml" > "$work/$1.out" 2>&1 &
  pids+=("$!")
  beacon_url "$!" "$work/$1.out" > "$work/$1.url"
  grep -oE 'DNS +[0-9.]+:[0-9]+' "$work/$1.out" | awk '{print $2}' > "$work/$1.dns"
}
start_node a
start_node b
a=$(cat "$work/a.url") b=$(cat "$work/b.url")
echo "nodes:   A $a (DNS $(cat "$work/a.dns")), B $b (DNS $(cat "$work/b.dns"))"

load() {  # urls scenarios
  java -jar bench/target/beacon-bench.jar --url "$1" --key "$key" --devices "$devices" \
    --connections "$connections" --warmup "$warmup" --duration "$duration" --scenarios "$2"
}
propagation() {
  java -cp bench/target/beacon-bench.jar dev.beacon.bench.Propagation --write "$a" --dns "$(cat "$work/b.dns")" \
    --zone bench.test --key "$key" --samples "$samples"
}

echo
echo "== one node (A) alone"
load "$a" setup,change | tee "$work/one.txt"
echo
echo "== both nodes, each device always to the same node"
load "$a,$b" setup,change | tee "$work/two.txt"
echo
echo "== propagation, idle"
propagation | tee "$work/idle.txt"
echo
echo "== propagation, under the two-node changing load"
load "$a,$b" setup,change > "$work/busy-load.txt" &
loader=$!
pids+=("$loader")
# Measure once the changing scenario is under way (after the set-up pass and its warm-up).
until grep -q "set-up: register the devices" "$work/busy-load.txt" 2>/dev/null; do sleep 0.2; done
sleep "$warmup"
propagation | tee "$work/busy.txt"
wait "$loader" || true
grep -E "changing update" "$work/busy-load.txt" | sed 's/^/  load meanwhile: /'

one=$(awk '/changing update/ {print $(NF-6)}' "$work/one.txt")
two=$(awk '/changing update/ {print $(NF-6)}' "$work/two.txt")
echo
awk -v o="$one" -v t="$two" 'BEGIN { printf "changing updates, durable: one node %.0f/s, two nodes %.0f/s; ratio two/one = %.2f\n", o, t, t / o }'
