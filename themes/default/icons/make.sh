#!/usr/bin/env bash
# Redraws the theme's icons from the two drawings beside this script:
#   icon.svg       -> static/favicon.ico (32 px, the tab's icon)
#   touch-icon.svg -> static/apple-touch-icon.png (180 px, square: phones
#                     round its corners themselves); the installed guide's
#                     icons (assets/icon-192.png and icon-512.png) `build`
#                     renders from this drawing itself, without a browser
# with headless Chromium ($CHROME, else chromium). Edit a drawing, run
# this script, and rebuild the guide.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
static="$here/../static"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chrome="${CHROME:-chromium}"
draw() { # drawing size output.png
    printf '<body style="margin:0"><img src="%s" width="%s" height="%s" style="display:block">' \
        "file://$here/$1" "$2" "$2" > "$work/page.html"
    "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --hide-scrollbars --default-background-color=00000000 \
        --window-size="$2,$2" --screenshot="$3" "file://$work/page.html" 2>/dev/null
}
draw icon.svg 32 "$work/icon32.png"
draw touch-icon.svg 180 "$static/apple-touch-icon.png"
# An .ico file holding one PNG picture: a 6-byte header and a 16-byte entry.
python3 - "$work/icon32.png" "$static/favicon.ico" <<'PY'
import struct, sys
png = open(sys.argv[1], "rb").read()
head = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(png), 22)
open(sys.argv[2], "wb").write(head + png)
PY
echo "icons: $static/favicon.ico, $static/apple-touch-icon.png"
