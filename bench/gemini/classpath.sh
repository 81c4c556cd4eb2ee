#!/usr/bin/env bash
# Compiles main and test classes and prints the classpath the wire server and the benchmark run on.
# MVN overrides the Maven command (e.g. MVN="mvn -q -o" on a machine without network).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mkdir -p bench/work
${MVN:-mvn -q} test-compile >&2
${MVN:-mvn -q} dependency:build-classpath -Dmdep.outputFile=bench/work/cp.txt >&2
echo "$root/target/test-classes:$root/target/classes:$(cat bench/work/cp.txt)"
