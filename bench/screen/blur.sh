#!/usr/bin/env bash
# Blur check on real wallpapers: builds bench/work/blur/ (git-ignored) from the wallpapers Debian packages ship, each
# brought down to at most 2048 px wide (WIDTH) (ID__orig.jpg) with Gaussian-blurred copies at sigma 2, 4 and 8 px of that
# width (ID__s2.jpg ...), then prints the precision and recall of the screen's `blurry` verdict and its false refusals
# of the originals (`blurry` and `flat`). Truth is the file name: originals are sharp as made, copies are blurred.
#
#   apt-get install -y desktop-base gnome-backgrounds mate-backgrounds lomiri-wallpapers ukui-wallpapers \
#       plasma-workspace-wallpapers sway-backgrounds
#   bench/screen/blur.sh [DIR] [--list]    # DIR default bench/work/blur; built when missing (2-5 min on 2 cores)
#                                          # --list: also every blurred copy the screen let through, with its metrics
#   WIDTH=1024 bench/screen/blur.sh bench/work/blur-1k    # the same at 1024 px, a 1K draft's width
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
DIR=${1:-bench/work/blur}
cp="$(MVN="${MVN:-mvn -q -o}" bench/gemini/classpath.sh)"
if [ ! -f "$DIR/SOURCES.txt" ]; then
  S=/usr/share
  # One file per picture, as build-eval-set.sh picks them.
  mapfile -t SOURCES < <(bench/screen/wallpaper-sources.sh)
  mkdir -p "$DIR"
  n=0
  : > "$DIR/SOURCES.tmp"
  for src in "${SOURCES[@]}"; do
    [ -f "$src" ] || continue
    n=$((n+1)); printf 'o%03d %s\n' "$n" "$src" >> "$DIR/SOURCES.tmp"
  done
  [ "$n" -gt 0 ] || { echo "no wallpapers under $S: install the packages listed at the top of $0" >&2; exit 2; }
  java -Dwidth="${WIDTH:-2048}" -cp "$cp" dev.winnow.screen.bench.BlurSet "$DIR" "$DIR/SOURCES.tmp" 2 4 8
  mv "$DIR/SOURCES.tmp" "$DIR/SOURCES.txt"
fi
exec java ${JAVA_OPTS:-} -cp "$cp" dev.winnow.screen.bench.BlurEval "$DIR" "${@:2}"
