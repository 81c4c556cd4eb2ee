#!/usr/bin/env bash
# Runs the screen's JMH microbenchmarks (src/test/java/dev/winnow/screen/bench/); arguments go to JMH.
#   bench/screen/jmh.sh HashIndexBench            # duplicate lookups, 1k and 100k kept hashes
#   bench/screen/jmh.sh HashIndexBench -p size=100000 -f 1
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp="$(MVN="${MVN:-mvn -q -o}" bench/gemini/classpath.sh)"
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
