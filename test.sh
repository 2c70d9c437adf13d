#!/usr/bin/env bash
# Runs every test of AdvisoryWatch: builds, runs each test project and ends with one plain line
# "N passed, N failed[, N skipped]". Later steps install (apt) and start the services the tests
# talk to on loopback (RabbitMQ, PostgreSQL, an SMTP server, Chromium).
set -uo pipefail
cd "$(dirname "$0")"

results=".test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build AdvisoryWatch.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

status=0
dotnet test AdvisoryWatch.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" || status=$?

# Sum the counters of every TRX file into the closing line.
read -r passed failed skipped < <(
  python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for c in ET.parse(path).getroot().iter():
        if c.tag.endswith("Counters"):
            p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
            s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
