#!/usr/bin/env bash
# Ledger throughput: paid calls accounted for per second (claim + reserve, then record + settle + release) by 1, 3
# and 6 workers sharing one ledger, on SQLite and on a throwaway PostgreSQL 15 cluster (Debian's postgresql-15).
# Usage: bench/ledger/claims.sh [CALLS=2000]   (prints a Markdown table; copy it into bench/ledger/RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B test-compile
mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" dev.winnow.ledger.ClaimBench "${1:-2000}"
