#!/usr/bin/env bash
# Rebuilds the screen's near-duplicate fixtures from wallpapers that Debian packages ship (see README.md for their
# authors and licences) with ImageMagick. Run from anywhere:
#   apt-get install -y imagemagick webp mate-backgrounds && src/test/resources/screen/make-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")"
IM=${IM:-/usr/bin/convert}
"$IM" -version | grep -q ImageMagick || { echo "need ImageMagick (apt-get install -y imagemagick)" >&2; exit 1; }
N=/usr/share/backgrounds/mate/nature
D=/usr/share/backgrounds/mate/desktop
small() { "$IM" "$1" -flatten -resize 400x250^ -gravity center -extent 400x250 -strip "${@:3}" "$2"; }

# One photograph and its copies.
small "$N/Garden.jpg" garden.png
"$IM" garden.png -quality 85 garden.jpg
"$IM" garden.png -resize 70% -quality 85 garden-resized.jpg
"$IM" garden.png -quality 60 garden-q60.jpg
"$IM" garden.png -gravity southeast -crop 95%x95%+0+0 +repage -quality 85 garden-crop.jpg
"$IM" garden.png -background black -rotate -2 -gravity center -crop 400x250+0+0 +repage -quality 85 garden-rotate2.jpg
"$IM" garden.png -modulate 110 -quality 85 garden-bright.jpg
"$IM" garden.png -gravity center -font DejaVu-Sans-Bold -pointsize 31 -fill 'rgba(255,255,255,0.45)' -annotate +0+0 'SAMPLE' \
    -gravity south -pointsize 9 -fill 'rgba(255,255,255,0.8)' -annotate +0+6 '(c) 2024 example.com' -quality 85 garden-watermark.jpg
# A lossy WebP of it at four times the size, from the reference encoder: large enough that the screen reads it
# subsampled, and a file that TwelveMonkeys' WebP reader before 3.15 decoded a third as bright (its issue #734).
"$IM" garden.png -resize 1600x1000 garden-large.png
cwebp -quiet -q 80 -metadata none garden-large.png -o garden-large.webp
rm garden.png garden-large.png
# A different photograph.
small "$N/LadyBird.jpg" ladybird.jpg -quality 85
# Two different photographs darkened to a mean luma of about 15, and a JPEG copy of one.
small "$N/Storm.jpg" storm-dark.jpg -modulate 15 -quality 92
"$IM" storm-dark.jpg -quality 60 storm-dark-q60.jpg
small "$N/Dune.jpg" dune-dark.jpg -modulate 15 -quality 92
# One design in two colourings.
small "$D/Ubuntu-Mate-Cold-no-logo.png" mate-cold.jpg -quality 85
small "$D/Ubuntu-Mate-Warm-no-logo.png" mate-warm.jpg -quality 85
# Flat fills and gradients: every one a different picture.
"$IM" -size 400x250 xc:'#c03030' flat-red.png
"$IM" -size 400x250 xc:'#3050c0' flat-blue.png
"$IM" -size 400x250 gradient:black-white gradient-full.png
"$IM" -size 400x250 gradient:gray20-gray40 gradient-dim.png
"$IM" -size 400x250 gradient:navy-skyblue gradient-blue.png
du -ch ./*.jpg ./*.png | tail -1
