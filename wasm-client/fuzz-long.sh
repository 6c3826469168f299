#!/usr/bin/env bash
# Long fuzzing run (README "Fuzzing"): each fuzz test in turn, in its own JVM, until it has executed
# FUZZ_EXECUTIONS inputs (default 10 million) or FUZZ_DURATION has passed (default 3h), at low CPU
# priority. Usage: wasm-client/fuzz-long.sh [TestClass...]   (default: every *FuzzTest in wasm-client)
# An input running longer than FUZZ_TIMEOUT seconds (default 60) of wall-clock time is a hang finding:
# at nice 19 on a busy machine the fuzzer can be starved for seconds, which the CI default of 10 s
# reported as hangs for inputs that run in milliseconds.
# Per-test logs go to wasm-client/target/fuzz-long/; a summary line per test is printed at the end.
# Findings are written into src/test/resources/<package>/<TestClass>Inputs/<method>/crash-* and the
# run stops with a failure; the growing corpus is kept in wasm-client/.cifuzz-corpus/ across runs.
set -uo pipefail
cd "$(dirname "$0")"
executions=${FUZZ_EXECUTIONS:-10000000}
duration=${FUZZ_DURATION:-3h}
timeout=${FUZZ_TIMEOUT:-60}
mvn_offline=${MVN_OFFLINE:--o}
if (($# == 0)); then
  set -- $(find src/test/java -name '*FuzzTest.java' -printf '%f\n' | sed 's/\.java$//' | sort)
fi
mkdir -p target/fuzz-long
summary=()
for t in "$@"; do
  log=target/fuzz-long/$t.log
  echo "== $t: up to $executions inputs or $duration ($log)"
  nice -n 19 mvn -B $mvn_offline test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfuzz.mode=1 -Dfuzz.duration="$duration" -Dfuzz.executions="$executions" -Dfuzz.timeout="$timeout" >"$log" 2>&1
  rc=$?
  runs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
  cov=$(grep -a -E '^#[0-9]+.*DONE' "$log" | tail -1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*/\1/')
  result=$([ $rc = 0 ] && echo "no finding" || echo "FAILED (rc=$rc; see $log)")
  summary+=("$t: ${runs:-?} inputs, ${cov:-?}, $result")
done
printf '%s\n' "${summary[@]}"
