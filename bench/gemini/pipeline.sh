#!/usr/bin/env bash
# End-to-end benchmark: whole `winnow run` processes (the real CLI, pipeline, ledger and SDK) against the wire
# server, with its quota and a latency per model. Prints, per model, the calls admitted, the 429s, the images paid
# twice and the utilisation at steady state (mean admitted per full minute from WARMUP to the end of drafting, over
# the quota). Output lands in bench/work/pipeline/ (wire-server.log, requests.jsonl, stats.json, run-N.log, out/).
#
# Scenarios (knobs below override them):
#   SCENARIO=quick  240 rpm, drafts 1.5 s, finals 3 s  (the default)
#   SCENARIO=slow   120 rpm, drafts 8 s,   finals 20 s
# Knobs (environment): QUOTA DRAFT_LATENCY FINAL_LATENCY (ms, or MIN-MAX) WANT (default 5/2 x QUOTA: about three
#   minutes of drafting at quota) PROCS=1 (processes of the same job on one ledger, started 0.3 s apart) FAIL_RATE=0.05
#   BLOCK_RATE=0.05 WARMUP=20 (s) GAP (s of no drafts that end drafting; 15, or 2x the draft latency if longer)
#   TIMEOUT=900 (s; then the runs are stopped and the bench fails) PROMPT MVN
#   KILL_AFTER (s; with PROCS >= 2, process 2 gets SIGKILL that long after it started: the others must finish its
#   work, and only the calls it had in flight may be paid twice)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

SCENARIO=${SCENARIO:-quick}
case "$SCENARIO" in
  quick) quota=240 draft_latency=1500 final_latency=3000 ;;
  slow) quota=120 draft_latency=8000 final_latency=20000 ;;
  *) echo "pipeline.sh: SCENARIO must be quick or slow (got $SCENARIO)" >&2; exit 2 ;;
esac
QUOTA=${QUOTA:-$quota} DRAFT_LATENCY=${DRAFT_LATENCY:-$draft_latency} FINAL_LATENCY=${FINAL_LATENCY:-$final_latency}
KILL_AFTER=${KILL_AFTER:-}
PROCS=${PROCS:-1} FAIL_RATE=${FAIL_RATE:-0.05} BLOCK_RATE=${BLOCK_RATE:-0.05} WARMUP=${WARMUP:-20} TIMEOUT=${TIMEOUT:-900}
PROMPT=${PROMPT:-"a lighthouse at dusk"}
draft_model=gemini-3.1-flash-lite-image
final_model=gemini-3.1-flash-image

whole() { [[ "$2" =~ ^[0-9]+$ ]] && (( $2 >= $3 )) || { echo "pipeline.sh: $1 must be a whole number >= $3 (got $2)" >&2; exit 2; }; }
latency() { [[ "$2" =~ ^[0-9]+(-[0-9]+)?$ ]] || { echo "pipeline.sh: $1 must be MS or MIN-MAX ms (got $2)" >&2; exit 2; }; }
whole QUOTA "$QUOTA" 1
latency DRAFT_LATENCY "$DRAFT_LATENCY"
latency FINAL_LATENCY "$FINAL_LATENCY"
WANT=${WANT:-$((QUOTA * 5 / 2))}
whole WANT "$WANT" 1
whole PROCS "$PROCS" 1
whole WARMUP "$WARMUP" 0
whole TIMEOUT "$TIMEOUT" 1
# Drafting has ended once no draft arrived for GAP s: 15 s, or twice the longest draft latency if that is longer
# (a pipeline that waits for its drafts to come back before it sends more goes quiet for a latency at a time).
GAP=${GAP:-$(( ${DRAFT_LATENCY##*-} * 2 / 1000 > 15 ? ${DRAFT_LATENCY##*-} * 2 / 1000 : 15 ))}
whole GAP "$GAP" 1

work="$root/bench/work/pipeline"
rm -rf "$work"
mkdir -p "$work"
echo "pipeline.sh: building target/winnow.jar and the test classes" >&2
(cd "$root" && ${MVN:-mvn -B -q} -DskipTests package >&2)
cp="$("$here/classpath.sh")"

pids=()
wrappers=()
server=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
}
trap cleanup EXIT

java -cp "$cp" dev.winnow.generate.gemini.WireServer --port 0 --rpm "$QUOTA" --latency "$DRAFT_LATENCY" \
  --latency-for "$draft_model=$DRAFT_LATENCY" --latency-for "$final_model=$FINAL_LATENCY" \
  --fail-rate "$FAIL_RATE" --block-rate "$BLOCK_RATE" --log "$work/requests.jsonl" >"$work/wire-server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/wire-server.log" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/wire-server.log" | head -1)
[[ -n "$base" ]] || { echo "pipeline.sh: the wire server did not start; see $work/wire-server.log" >&2; exit 1; }

echo "== pipeline bench ($SCENARIO): quota $QUOTA rpm per model, drafts $DRAFT_LATENCY ms, finals $FINAL_LATENCY ms," \
  "want $WANT, $PROCS process(es), 503 rate $FAIL_RATE, block rate $BLOCK_RATE, warm-up $WARMUP s; server $base"

# Each run is wrapped so its exit code and wall time land in run-N.rc whenever it ends; its java pid is in pids
# (the launcher execs java), so a timeout can stop exactly the processes this script started.
for i in $(seq 1 "$PROCS"); do
  (
    set +e
    t0=$(date +%s%N)
    GEMINI_API_KEY=k "$root/winnow" run --backend gemini --api-base "$base" --rpm "$QUOTA" \
      --draft-model "$draft_model" --final-model "$final_model" --prompt "$PROMPT" --want "$WANT" --size 1K \
      --out "$work/out" --db "$work/out/winnow.db" >"$work/run-$i.out" 2>"$work/run-$i.log" &
    echo $! >"$work/run-$i.pid"
    wait $!
    rc=$?
    echo "$rc $(( ($(date +%s%N) - t0) / 1000000 ))" >"$work/run-$i.rc"
  ) &
  wrappers+=($!)
  for _ in $(seq 1 50); do [[ -s "$work/run-$i.pid" ]] && break; sleep 0.02; done
  pids+=("$(cat "$work/run-$i.pid")")
  if (( i < PROCS )); then sleep 0.3; fi
done

if [[ -n "$KILL_AFTER" ]]; then
  whole KILL_AFTER "$KILL_AFTER" 1
  (( PROCS >= 2 )) || { echo "pipeline.sh: KILL_AFTER needs PROCS >= 2" >&2; exit 2; }
  ( sleep "$KILL_AFTER"; kill -KILL "${pids[1]}" 2>/dev/null && echo "pipeline.sh: process 2 killed with SIGKILL after $KILL_AFTER s" >&2 ) &
fi
timed_out=0
deadline=$((SECONDS + TIMEOUT))
while :; do
  done_count=0
  for i in $(seq 1 "$PROCS"); do [[ -s "$work/run-$i.rc" ]] && done_count=$((done_count + 1)); done
  (( done_count == PROCS )) && break
  if (( SECONDS >= deadline && !timed_out )); then
    echo "pipeline.sh: TIMEOUT: runs still going after $TIMEOUT s; stopping them" >&2
    timed_out=1
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  fi
  sleep 1
done
wait "${wrappers[@]}" 2>/dev/null || true

failed=0
for i in $(seq 1 "$PROCS"); do
  read -r rc ms <"$work/run-$i.rc"
  last=$(grep -E '^winnow: (done|stopped|error)|^winnow: .*delivered' "$work/run-$i.log" | tail -1 || true)
  printf 'process %d: exit %d in %.1f s; %s\n' "$i" "$rc" "$(awk "BEGIN { print $ms / 1000 }")" "${last:-(see $work/run-$i.log)}"
  if [[ -n "$KILL_AFTER" && $i == 2 ]]; then
    (( rc == 137 )) || { echo "pipeline.sh: process 2 was to be killed but exited $rc (finished before $KILL_AFTER s?)" >&2; failed=1; }
  else
    (( rc == 0 )) || failed=1
  fi
done

java -cp "$cp" dev.winnow.generate.gemini.PipelineReport --stats "$base/stats" --log "$work/requests.jsonl" \
  --quota "$QUOTA" --warmup "$WARMUP" --gap "$GAP" --draft-model "$draft_model" --final-model "$final_model" \
  --db "$work/out/winnow.db" --save "$work/stats.json"

manifest_lines=$(cat "$work"/out/*/manifest.jsonl 2>/dev/null | grep -c . || true)
final_files=$(ls "$work"/out/*/finals 2>/dev/null | grep -c '\.png$' || true)
echo "delivered: $manifest_lines manifest line(s), $final_files file(s) in finals/, want $WANT"
(( manifest_lines == WANT && final_files == WANT )) || { echo "pipeline.sh: FAILED: delivered other than want" >&2; failed=1; }
if (( timed_out )); then echo "pipeline.sh: FAILED: timed out after $TIMEOUT s" >&2; exit 1; fi
if (( failed )); then echo "pipeline.sh: FAILED: a winnow run exited non-zero (see $work/run-N.log)" >&2; exit 1; fi
