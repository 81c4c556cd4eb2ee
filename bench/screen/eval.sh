#!/usr/bin/env bash
# Precision and recall of the screen's near-duplicate test per variant kind, on the evaluation set.
#   bench/screen/eval.sh [DIR]        (default bench/work/eval; built by build-eval-set.sh when missing)
# -Ddistance=N and -DminContrast=X (in JAVA_OPTS) try other thresholds.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
DIR=${1:-bench/work/eval}
[ -d "$DIR" ] || bench/screen/build-eval-set.sh "$DIR"
cp="$(MVN="${MVN:-mvn -q -o}" bench/gemini/classpath.sh)"
exec java ${JAVA_OPTS:-} -cp "$cp" dev.winnow.screen.bench.NearDuplicateEval "$DIR"
