#!/usr/bin/env bash
# Lighthouse (mobile preset) on each language's home page of a built guide
# served over HTTP, and on its heaviest page, RUNS times each (default 3),
# in the system Chromium; prints each run's scores and CLS, then the median
# performance per page.
# Usage: tools/audit/lighthouse.sh http://127.0.0.1:8000/ [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${1:?usage: lighthouse.sh http://HOST:PORT/ [RUNS]}"
runs="${2:-3}"
export CHROME_PATH="${CHROME:-/usr/bin/chromium}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for page in en fr es zh ar ar/placement-agreement; do
    for run in $(seq "$runs"); do
        "$here/node_modules/.bin/lighthouse" "$base$page/" --quiet \
            --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
            --only-categories=performance,accessibility,best-practices,seo \
            --output=json --output-path="$out/${page//\//-}-$run.json"
    done
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
for lang in ["en", "fr", "es", "zh", "ar", "ar/placement-agreement"]:
    perf = []
    for run in range(1, runs + 1):
        d = json.load(open(f"{out}/{lang.replace('/', '-')}-{run}.json"))
        s = {k: round(v["score"] * 100) for k, v in d["categories"].items()}
        perf.append(s["performance"])
        cls = d["audits"]["cumulative-layout-shift"]["numericValue"]
        print(f"/{lang}/ run {run}: performance {s['performance']}, accessibility {s['accessibility']}, "
              f"best practices {s['best-practices']}, SEO {s['seo']}, CLS {cls:.3f}")
    print(f"/{lang}/: median performance {statistics.median(perf)} over {runs} runs")
PY
