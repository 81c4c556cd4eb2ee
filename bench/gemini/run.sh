#!/usr/bin/env bash
# Throughput benchmark: GeminiImageModel + RateLimiter + RetryPolicy against the wire server.
# Scenario 1 runs the limiter at the quota (what a run does with --rpm set to the quota); scenario 2 overdrives it
# at 1.5x the quota, so the server's 429s and their RetryInfo have to hold the rate.
# Knobs (environment): QUOTA=120 DURATION=75 WARMUP=15 CONCURRENCY=16 LATENCY=1000-3000 FAIL_RATE=0.05
#                      BLOCK_RATE=0.05 SCENARIOS="at-quota overdriven"
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
QUOTA=${QUOTA:-120} DURATION=${DURATION:-75} WARMUP=${WARMUP:-15} CONCURRENCY=${CONCURRENCY:-16}
LATENCY=${LATENCY:-1000-3000} FAIL_RATE=${FAIL_RATE:-0.05} BLOCK_RATE=${BLOCK_RATE:-0.05}
SCENARIOS=${SCENARIOS:-"at-quota overdriven"}
cp="$("$here/classpath.sh")"
mkdir -p "$root/bench/work"

for scenario in $SCENARIOS; do
  case "$scenario" in
    at-quota) rpm=$QUOTA ;;
    overdriven) rpm=$((QUOTA * 3 / 2)) ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
  log="$root/bench/work/wire-server-$scenario.log"
  java -cp "$cp" dev.winnow.generate.gemini.WireServer --port 0 --rpm "$QUOTA" --latency "$LATENCY" \
    --fail-rate "$FAIL_RATE" --block-rate "$BLOCK_RATE" --quiet >"$log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
  base=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -1)
  echo "== scenario $scenario: server $base"
  java -cp "$cp" dev.winnow.generate.gemini.WireBench --base "$base" --quota "$QUOTA" --rpm "$rpm" \
    --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" | tee "$root/bench/work/bench-$scenario.txt"
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  trap - EXIT
done
