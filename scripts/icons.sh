#!/bin/sh
# Renders the PNGs in resources/ from their SVG sources (rsvg-convert: Debian's librsvg2-bin).
#   resources/icon.png              512 px app icon (window, Linux, installers)
#   resources/icons/NxN.png         16 … 1024 px (electron-builder's Linux icon set, Windows/macOS sources)
#   resources/tray/<verdict>.png    16 px tray icon, <verdict>@2x.png 32 px; -32.png / -32@2x.png 32 / 64 px
set -eu
cd "$(dirname "$0")/../resources"
command -v rsvg-convert >/dev/null || { echo "rsvg-convert missing: apt-get install librsvg2-bin" >&2; exit 1; }
rsvg-convert -w 512 -h 512 icon.svg -o icon.png
for n in 16 24 32 48 64 128 256 512 1024; do rsvg-convert -w $n -h $n icon.svg -o "icons/${n}x${n}.png"; done
for v in pass warn fail unknown; do
  rsvg-convert -w 16 -h 16 "tray/$v.svg" -o "tray/$v.png"
  rsvg-convert -w 32 -h 32 "tray/$v.svg" -o "tray/$v@2x.png"
  rsvg-convert -w 32 -h 32 "tray/$v.svg" -o "tray/$v-32.png"
  rsvg-convert -w 64 -h 64 "tray/$v.svg" -o "tray/$v-32@2x.png"
done
echo "resources: $(find . -name '*.png' | wc -l) PNGs"
