#!/usr/bin/env bash
# Screening throughput against decoding alone and against findimagedupes, on the same folder.
#   bench/screen/throughput.sh [DIR] [THREADS]      (default DIR: bench/work/eval, built by build-eval-set.sh)
# Prints images/s for: decode only (whole pictures, the floor; and only the pixels the screen reads), winnow screen
# (decode + every check + hash + duplicate lookup),
# and findimagedupes (Debian's perceptual duplicate finder, if installed: apt-get install -y findimagedupes).
# Each is run twice and the second run counted, so the page cache is warm for all three.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
DIR=${1:-bench/work/eval}
THREADS=${2:-$(nproc)}
[ -d "$DIR" ] || { echo "no folder $DIR: build it with bench/screen/build-eval-set.sh or pass one" >&2; exit 2; }
cp="$(MVN="${MVN:-mvn -q -o}" bench/gemini/classpath.sh)"
n=$(find -L "$DIR" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.webp' \) | wc -l)
echo "folder $DIR: $n images, $THREADS threads, $(nproc) cores"

# Decoding whole pictures is the floor any tool that looks at them pays. The screen decodes only the pixels it reads
# (Decoder.sample), so the --sampled line is its own floor: the screen's work is the difference from that one.
java -Xmx512m -cp "$cp" dev.winnow.screen.DecodeOnlyBench "$DIR" "$THREADS" >/dev/null
java -Xmx512m -cp "$cp" dev.winnow.screen.DecodeOnlyBench "$DIR" "$THREADS"
java -Xmx512m -cp "$cp" dev.winnow.screen.DecodeOnlyBench "$DIR" "$THREADS" --sampled

# The screen's own timer (like decode-only's) leaves out JVM start-up; /usr/bin/time adds the peak RSS.
screen_once() { /usr/bin/time -f "rss %M" java -Xmx512m -cp "$cp" dev.winnow.cli.Main screen --json --threads "$THREADS" "$DIR" 2>&1 >/dev/null; }
screen_once >/dev/null
out=$(screen_once)
echo "$out" | grep '^winnow: screened' | sed 's/^winnow: /winnow screen: /'
ssecs=$(echo "$out" | sed -n 's/^winnow: screened .* in \([0-9.]*\) s.*/\1/p')
echo "  peak RSS $(( $(echo "$out" | awk '/^rss/{print $2}') / 1024 )) MB with -Xmx512m"

if command -v findimagedupes >/dev/null; then
  # findimagedupes does not follow a symbolic link given as the folder.
  fid_once() { /usr/bin/time -f "%e" findimagedupes -q -t 90% "$(readlink -f "$DIR")" 2>&1 >/dev/null | tail -1; }
  fid_once >/dev/null || true
  fsecs=$(fid_once)
  echo "findimagedupes: $n images, $fsecs s, $(awk -v n="$n" -v s="$fsecs" 'BEGIN{printf "%.1f", n/s}') images/s (one process, no fingerprint cache)"
  # The issue's yardstick (#16): how many times findimagedupes' speed the screen runs at on the same folder.
  echo "winnow screen / findimagedupes speed: $(awk -v f="$fsecs" -v s="$ssecs" 'BEGIN{printf "%.2fx", f/s}')"
else
  echo "findimagedupes: not installed (apt-get install -y findimagedupes)"
fi
