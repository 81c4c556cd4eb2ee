#!/usr/bin/env bash
# Planner benchmark: winnow's planner vs the article's fixed 3x oversample (sequential) vs the oracle, same draws.
# Usage: bench/planner/run.sh [WANT=100] [TRIALS=200]   (writes bench/planner/RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B test-compile
mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" dev.winnow.pipeline.PlannerSimulation "${1:-100}" "${2:-200}" | tee bench/planner/RESULTS.md
