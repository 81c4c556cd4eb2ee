#!/usr/bin/env bash
# JMH: query latency of the screen's hash index over 100k entries, against a linear scan. Extra arguments go to JMH
# (for example -p radius=18 -p size=1000000, or -wi 1 -i 2 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt > "$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main 'dev.winnow.screen.HashIndexBench' "$@"
