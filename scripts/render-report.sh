#!/usr/bin/env bash
# Renders the HTML report of a demo run in headless Chromium and saves a screenshot, to check by eye
# that the page shows as meant (facts, chart, table). Run by hand; the Maven build does not need
# Chromium. Installs Debian's chromium when it is missing (needs root) and builds the jar when it is
# missing. Leaves the page and the screenshot side by side.
#
#   scripts/render-report.sh                 # -> target/report-screenshot.png and .html
#   scripts/render-report.sh /tmp/shot.png   # -> /tmp/shot.png and /tmp/shot.html
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/tms-provisioner.jar
SHOT=$(realpath -m "${1:-target/report-screenshot.png}")
PAGE=${SHOT%.png}.html

if ! command -v chromium >/dev/null; then
    [[ $(id -u) == 0 ]] || { echo "chromium is missing: install it (apt-get install chromium) or run as root" >&2; exit 2; }
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
[[ -f $JAR ]] || ./mvnw -B -q package -DskipTests

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$SHOT")"
# the demo deletes its own repository; one given with --repository-url is kept for `report`
repository="jdbc:h2:file:$tmp/repository"
java -jar "$JAR" demo --repository-url "$repository" > "$tmp/demo.log"
execution=$(sed -nE 's/^Execution ([0-9]+) \(job instance.*/\1/p' "$tmp/demo.log" | head -1)
[[ -n $execution ]] || { cat "$tmp/demo.log" >&2; echo "no execution id in the demo's output" >&2; exit 1; }
java -jar "$JAR" report "$execution" --format html --output "$PAGE" --repository-url "$repository"

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$tmp/chromium" \
    --screenshot="$SHOT" --window-size=1200,1600 "file://$PAGE" > "$tmp/chromium.log" 2>&1 \
    || { cat "$tmp/chromium.log" >&2; exit 1; }
[[ -s $SHOT ]] || { cat "$tmp/chromium.log" >&2; echo "chromium wrote no screenshot" >&2; exit 1; }
echo "Page: $PAGE"
echo "Screenshot: $SHOT"
