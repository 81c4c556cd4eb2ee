#!/usr/bin/env bash
# Starts the Gemini wire-format server in the foreground; flags go to WireServer (--help lists them).
#   bench/gemini/wire-server.sh --port 8787 --rpm 120 --latency 1000-3000 --fail-rate 0.05 --block-rate 0.05
set -euo pipefail
cp="$("$(dirname "$0")/classpath.sh")"
exec java -cp "$cp" dev.winnow.generate.gemini.WireServer "$@"
