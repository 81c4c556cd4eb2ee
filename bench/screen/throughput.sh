#!/usr/bin/env bash
# Screening throughput against decoding alone and against findimagedupes, on the same folder.
#   bench/screen/throughput.sh [DIR] [THREADS]      (default DIR: bench/work/eval, built by build-eval-set.sh)
# Prints images/s for: decode only (whole pictures, the floor; and only the pixels the screen reads), winnow screen
# (decode + every check + hash + duplicate lookup),
# and findimagedupes (Debian's perceptual duplicate finder, if installed: apt-get install -y findimagedupes).
# Each is run twice and the second run counted, so the page cache is warm for all three. Besides wall time each line
# gives the CPU seconds (user + sys, JIT and GC threads included): on a shared machine wall time follows the neighbours'
# load, and findimagedupes (one process) suffers less from it than two busy threads do.
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
cpu() { /usr/bin/time -f "cpu %U %S" "$@" 2>&1 | awk '/^cpu /{printf "  cpu %.1f s (user + sys)\n", $2 + $3; next} {print}'; }
java -Xmx512m -cp "$cp" dev.winnow.screen.DecodeOnlyBench "$DIR" "$THREADS" >/dev/null
cpu java -Xmx512m -cp "$cp" dev.winnow.screen.DecodeOnlyBench "$DIR" "$THREADS"
cpu java -Xmx512m -cp "$cp" dev.winnow.screen.DecodeOnlyBench "$DIR" "$THREADS" --sampled

# The screen's own timer (like decode-only's) leaves out JVM start-up; /usr/bin/time adds the peak RSS.
screen_once() { /usr/bin/time -f "rss %M cpu %U %S" java -Xmx512m -cp "$cp" dev.winnow.cli.Main screen --json --threads "$THREADS" "$DIR" 2>&1 >/dev/null; }
screen_once >/dev/null
out=$(screen_once)
echo "$out" | grep '^winnow: screened' | sed 's/^winnow: /winnow screen: /'
ssecs=$(echo "$out" | sed -n 's/^winnow: screened .* in \([0-9.]*\) s.*/\1/p')
scpu=$(echo "$out" | awk '/^rss/{printf "%.1f", $4 + $5}')
echo "  cpu $scpu s (user + sys, JVM start-up included)"
echo "  peak RSS $(( $(echo "$out" | awk '/^rss/{print $2}') / 1024 )) MB with -Xmx512m"

if command -v findimagedupes >/dev/null; then
  # findimagedupes does not follow a symbolic link given as the folder.
  fid_once() { /usr/bin/time -f "%e %U %S" findimagedupes -q -t 90% "$(readlink -f "$DIR")" 2>&1 >/dev/null | tail -1; }
  fid_once >/dev/null || true
  read -r fsecs fuser fsys < <(fid_once)
  fcpu=$(awk -v u="$fuser" -v s="$fsys" 'BEGIN{printf "%.1f", u + s}')
  echo "findimagedupes: $n images, $fsecs s, $(awk -v n="$n" -v s="$fsecs" 'BEGIN{printf "%.1f", n/s}') images/s (one process, no fingerprint cache)"
  echo "  cpu $fcpu s (user + sys)"
  # The issue's yardstick (#16): how many times findimagedupes' speed the screen runs at on the same folder.
  echo "winnow screen / findimagedupes: $(awk -v f="$fsecs" -v s="$ssecs" 'BEGIN{printf "%.2fx", f/s}') the speed by wall time, $(awk -v f="$fcpu" -v s="$scpu" 'BEGIN{printf "%.2fx", f/s}') by CPU time"
else
  echo "findimagedupes: not installed (apt-get install -y findimagedupes)"
fi
