#!/usr/bin/env bash
# Near-duplicate precision and recall on bench/work/eval (built first if missing), per variant kind, for all IDs,
# the odd IDs (tuning) and the even IDs (held out); then the false matches, the missed copies and the screen's cost.
#   bench/screen/eval.sh [RADIUS]      # RADIUS: a hash radius other than the screen's default, to compare
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d bench/work/eval ] && ls bench/work/eval | grep -q '__orig' || bench/screen/build-eval-set.sh
log=$(mktemp)
mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt > "$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" dev.winnow.screen.bench.NearDuplicateEval bench/work/eval "$@"
