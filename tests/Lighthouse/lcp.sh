#!/bin/sh
# Lighthouse's mobile run (the default form factor, simulated throttling) on pages of a running
# local host, three runs a page: prints FCP, LCP, CLS, the requests and the hosts they went to.
# A measurement, not a test: its figures depend on the machine. docs/benchmarks.md has the results.
#
#   dotnet run --project src/Hub.LocalHost        # in another terminal: the site on 127.0.0.1:7072
#   sh tests/Lighthouse/lcp.sh /entries/amazon-rekognition/ /entries/amazon-federal-authorizations/
#
# Nothing leaves the machine: Chromium resolves no name but 127.0.0.1 (--host-resolver-rules), its
# background networking is off (Lighthouse's own launch flags), and Lighthouse's error reporting is off.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
site=${HUB_SITE:-http://127.0.0.1:7072}
chromium=${HUB_CHROMIUM:-/usr/bin/chromium}
runs=${RUNS:-3}
report=$(mktemp --suffix=.json)
trap 'rm -f "$report"' EXIT
for path in "$@"; do
  run=1
  while [ "$run" -le "$runs" ]; do
    node "$root/node_modules/lighthouse/cli/index.js" "$site$path" \
      --chrome-path="$chromium" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'" \
      --form-factor=mobile --only-categories=performance --no-enable-error-reporting \
      --output=json --output-path="$report" --quiet
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const a = r.audits;
      const requests = a["network-requests"].details.items;
      const hosts = [...new Set(requests.map((item) => new URL(item.url).host))].join(" ");
      const blocking = ((a["render-blocking-resources"].details || {}).items || []).length;
      console.log(`${process.argv[2]}  FCP ${Math.round(a["first-contentful-paint"].numericValue)} ms  LCP ${Math.round(a["largest-contentful-paint"].numericValue)} ms  CLS ${a["cumulative-layout-shift"].numericValue.toFixed(3)}  ${requests.length} requests (${blocking} render-blocking) to ${hosts}  Lighthouse ${r.lighthouseVersion}`);
    ' "$report" "$path"
    run=$((run + 1))
  done
done
