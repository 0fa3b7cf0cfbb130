#!/usr/bin/env bash
# Fuzzing, one command: each Jazzer target (the HTTP form decoder, the version 1 and version 2
# token codecs, the DNS query path, the RFC 2136 update reader, the config loader) for RUNS executions in a JVM of its own,
# starting from its seed corpus in server/src/test/resources/.../*FuzzTestInputs. Prints the
# executions, seconds and executions per second of each; a finding fails the run and is saved
# beside the seeds (crash-...), where the unit tests replay it from then on.
#
#   bench/fuzz.sh [--runs N] [--seed S]        (defaults: 10,000,000 runs each, seed 1)
#
# mvn verify runs the same targets for 50,000 executions each (the fuzz execution in server/pom.xml).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10000000 seed=1
while (( $# )); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

offline=()
[[ -d "${HOME}/.m2/repository/com/code-intelligence/jazzer-junit" ]] && offline=(-o)
mvn -B -q "${offline[@]}" install -DskipTests -Dbeacon.skipC=true -Dfuzz.skip=true >/dev/null
status=0
log=server/target/fuzz.log
mkdir -p server/target
# libFuzzer writes its progress to the JVM's own stderr, not to the test's output file: keep it all.
mvn -B -q "${offline[@]}" -pl server surefire:test@fuzz -Dfuzz.runs="$runs" -Dfuzz.seed="$seed" \
  -Dbeacon.skipC=true >"$log" 2>&1 || status=$?

printf '%-22s %12s %9s %12s\n' TARGET EXECUTIONS SECONDS EXEC/S
# Each run names its corpus (.cifuzz-corpus/CLASS/METHOD) before it starts and ends with "Done N runs in S second(s)".
awk '
  match($0, /cifuzz-corpus\/[^\/]+/) { split(substr($0, RSTART, RLENGTH), p, "/"); n = split(p[2], c, "."); target = c[n] }
  /^Done [0-9]+ runs in [0-9]+ second/ {
    rate = $5 > 0 ? int($2 / $5) : "-"
    printf "%-22s %12d %9d %12s\n", target, $2, $5, rate
  }' "$log"
if (( status )); then
  echo "a target failed: its finding is in $log and server/target/fuzz-reports/, its input saved beside the seeds (crash-...)" >&2
fi
exit "$status"
