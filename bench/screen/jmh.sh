#!/usr/bin/env bash
# JMH: query latency of the screen's hash index over 100k entries, against a linear scan. Extra arguments go to JMH
# (for example -p radius=18 -p size=1000000, or -wi 1 -i 2 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main 'dev.winnow.screen.HashIndexBench' "$@"
