#!/usr/bin/env bash
# Near-duplicate precision and recall of the screen per variant kind on the evaluation set, for all IDs, the odd IDs
# (tuning) and the even IDs (held out); then the false matches, the missed copies and the screen's cost per image.
#   bench/screen/eval.sh [DIR] [RADIUS]   DIR: default bench/work/eval, built by build-eval-set.sh when missing;
#                                         RADIUS: a hash radius other than the screen's default, to compare
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
DIR=${1:-bench/work/eval}
[ -d "$DIR" ] || bench/screen/build-eval-set.sh "$DIR"
cp="$(MVN="${MVN:-mvn -q -o}" bench/gemini/classpath.sh)"
exec java ${JAVA_OPTS:-} -cp "$cp" dev.winnow.screen.bench.NearDuplicateEval "$DIR" "${@:2}"
