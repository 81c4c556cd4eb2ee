#!/usr/bin/env bash
# Builds the near-duplicate evaluation set from wallpapers that Debian packages ship (nobody here made them) and
# ImageMagick variants of each. Output: bench/work/eval/ (git-ignored), one file per image named ID__KIND.EXT;
# files sharing an ID are copies of one picture, different IDs are different pictures.
#
#   apt-get install -y imagemagick gnome-backgrounds mate-backgrounds lomiri-wallpapers ukui-wallpapers \
#       plasma-workspace-wallpapers desktop-base sway-backgrounds
#   bench/screen/build-eval-set.sh            # about 1,500 images, 2-3 minutes on 2 cores
#
# Kinds (each applied to the 1024-px original "orig"):
#   resize50     half size                       jpeg60       JPEG quality 60
#   crop_center  3% cut from every side          crop_corner  5% cut from the left and top
#   bright_up    +10% brightness                 bright_down  -10% brightness
#   rotate1      rotated 1 deg, black corners    rotate2      rotated -2 deg, black corners
#   watermark    translucent text across the middle and a line of small text at the bottom
# Negatives beyond the photographs themselves: solid colours, gradients, darkened and low-contrast photographs (each a
# different picture) under IDs f*, g*, d*, l*; d* also get a "dark_jpeg60" copy, which must still match.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-bench/work/eval}
# /usr/local/bin/convert may be a stand-in on some machines: use ImageMagick's own.
IM=${IM:-/usr/bin/convert}
"$IM" -version | grep -q ImageMagick || { echo "need ImageMagick (apt-get install -y imagemagick)" >&2; exit 1; }
S=/usr/share
# One file per picture (wallpaper-sources.sh, which blur.sh reads too).
mapfile -t SOURCES < <(bench/screen/wallpaper-sources.sh)

rm -rf "$OUT"; mkdir -p "$OUT"
: > "$OUT/SOURCES.txt"
n=0
for src in "${SOURCES[@]}"; do
  [ -f "$src" ] || continue
  n=$((n+1)); id=$(printf 'o%03d' "$n")
  echo "$id ${src#$S/}" >> "$OUT/SOURCES.txt"
done

variants() { # id orig.png
  local id=$1 o=$2 w h
  read -r w h < <("$IM" identify -format '%w %h' "$o" 2>/dev/null || identify -format '%w %h' "$o")
  "$IM" "$o" -resize 50% "$OUT/${id}__resize50.png"
  "$IM" "$o" -quality 60 "$OUT/${id}__jpeg60.jpg"
  "$IM" "$o" -gravity center -crop 94%x94%+0+0 +repage "$OUT/${id}__crop_center.png"
  "$IM" "$o" -gravity southeast -crop 95%x95%+0+0 +repage "$OUT/${id}__crop_corner.png"
  "$IM" "$o" -modulate 110 "$OUT/${id}__bright_up.png"
  "$IM" "$o" -modulate 90 "$OUT/${id}__bright_down.png"
  "$IM" "$o" -background black -rotate 1 -gravity center -crop "${w}x${h}+0+0" +repage "$OUT/${id}__rotate1.png"
  "$IM" "$o" -background black -rotate -2 -gravity center -crop "${w}x${h}+0+0" +repage "$OUT/${id}__rotate2.png"
  "$IM" "$o" -gravity center -font DejaVu-Sans-Bold -pointsize $((h / 8)) -fill 'rgba(255,255,255,0.45)' -annotate +0+0 'SAMPLE' \
      -gravity south -pointsize $((h / 30)) -fill 'rgba(255,255,255,0.8)' -annotate +0+$((h / 40)) '(c) 2024 example.com - all rights reserved' \
      "$OUT/${id}__watermark.png"
}
export -f variants; export IM OUT

# Originals: 1024 px on the long side, like a 1K draft.
while read -r id rel; do
  echo "$id $S/$rel"
done < "$OUT/SOURCES.txt" | xargs -P 2 -n 2 sh -c '"$IM" "$1" -flatten -resize 1024x1024 -strip "$OUT/$0__orig.png"'
ls "$OUT"/o*__orig.png | sed -E 's|.*/(o[0-9]+)__orig.png|\1|' | xargs -P 2 -I{} bash -c 'variants {} "$OUT/{}__orig.png"'

# Flat and dark negatives: every one a different picture.
i=0
for c in '#000000' '#0a0a0a' '#202020' '#ffffff' '#f0f0f0' '#808080' '#c03030' '#3050c0' '#30a040' '#e0c020' '#102030' '#301010'; do
  i=$((i+1)); "$IM" -size 1024x640 "xc:$c" "$OUT/$(printf 'f%03d' $i)__orig.png"
done
i=0
for g in 'black-white' 'white-black' 'navy-skyblue' 'orange-purple' 'gray20-gray40' 'darkgreen-black' '#101010-#303030' 'red-yellow'; do
  i=$((i+1)); "$IM" -size 1024x640 "gradient:$g" "$OUT/$(printf 'g%03d' $i)__orig.png"
done
for rot in 90 45; do
  i=$((i+1)); "$IM" -size 1024x1024 gradient:black-white -rotate $rot -gravity center -crop 1024x640+0+0 +repage "$OUT/$(printf 'g%03d' $i)__orig.png"
done
i=$((i+1)); "$IM" -size 1024x640 radial-gradient:white-black "$OUT/$(printf 'g%03d' $i)__orig.png"
i=$((i+1)); "$IM" -size 1024x640 radial-gradient:gray30-black "$OUT/$(printf 'g%03d' $i)__orig.png"
# Darkened (mean luma around 10-25) and low-contrast photographs, from 12 different originals each.
for k in $(seq 1 12); do
  o=$(printf 'o%03d' $((k * 7))); [ -f "$OUT/${o}__orig.png" ] || continue
  d=$(printf 'd%03d' $k); l=$(printf 'l%03d' $k)
  "$IM" "$OUT/${o}__orig.png" -modulate 15 "$OUT/${d}__orig.png"
  "$IM" "$OUT/${d}__orig.png" -quality 60 "$OUT/${d}__dark_jpeg60.jpg"
  o2=$(printf 'o%03d' $((k * 7 + 3))); [ -f "$OUT/${o2}__orig.png" ] || continue
  "$IM" "$OUT/${o2}__orig.png" +level 42%,58% "$OUT/${l}__orig.png"
done
echo "$(ls "$OUT" | grep -vc SOURCES) images from $n originals in $OUT"
