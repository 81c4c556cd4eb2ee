#!/usr/bin/env bash
# Prints the Debian wallpapers the screen benchmarks use, one path per line (build-eval-set.sh and blur.sh read it):
# one file per picture, the largest landscape rendering of each wallpaper theme; screenshots, previews and the other
# resolutions of the same artwork are left out (they would be duplicates of each other). Paths that are not installed
# are printed as given; the callers skip what is not a file.
set -euo pipefail
S=/usr/share
SOURCES=(
  $S/backgrounds/*.jpg $S/backgrounds/*.png
  $S/backgrounds/gnome/*.webp
  $S/backgrounds/mate/abstract/Arc-Colors-Transparent-Wallpaper.png $S/backgrounds/mate/abstract/Elephants.jpg
  $S/backgrounds/mate/abstract/{Flow,Gulp,Silk,Spring,Waves}.png
  $S/backgrounds/mate/desktop/*.png $S/backgrounds/mate/desktop/*.jpg
  $S/backgrounds/mate/nature/*.jpg
  $S/backgrounds/sway/Sway_Wallpaper_Blue_1920x1080.png
  $S/desktop-base/{emerald,joy,softwaves}-theme/grub/grub-16x9.png
  $S/plymouth/themes/{lines,spacefun}/background.png
  $S/plymouth/themes/homeworld/plymouth_background_homeworld.png
  $S/plymouth/themes/futureprototype/plymouth_background_future.png
)
for d in $S/wallpapers/*/contents; do
  for sub in images images_dark; do
    [ -d "$d/$sub" ] || continue
    best=$(ls "$d/$sub" | grep -E '^[0-9]+x[0-9]+\.(png|jpg)$' | awk -Fx '{split($2,a,"."); if ($1 > a[1]) print $1*a[1], $0}' | sort -n | tail -1 | cut -d" " -f2 || true)
    [ -n "$best" ] && SOURCES+=("$d/$sub/$best")
  done
done

printf '%s\n' "${SOURCES[@]}"
