#!/usr/bin/env bash
# Runs every test of AdvisoryWatch: installs (apt, only what is missing) and starts the services the
# integration tests talk to on loopback (tests/services.sh), builds, runs each test project, stops
# the services, and ends with one plain line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

results=".test-results"
rm -rf "$results"
mkdir -p "$results"

finish() { # passed failed [skipped]
  aw_services_stop
  if [ "${3:-0}" -gt 0 ]; then echo "$1 passed, $2 failed, $3 skipped"; else echo "$1 passed, $2 failed"; fi
  [ "$2" -eq 0 ] && [ "$1" -gt 0 ] && exit 0
  exit 1
}

# shellcheck source=tests/services.sh
source tests/services.sh
# Services stop on every exit, also on failure or Ctrl-C; the function is silent and idempotent.
trap aw_services_stop EXIT
trap 'exit 130' INT TERM

aw_services_install || { echo "services: installing the test services failed" >&2; finish 0 1; }
aw_services_launch || { echo "services: a test service failed to start (see above)" >&2; finish 0 1; }

dotnet build AdvisoryWatch.sln -c Release -nologo -v quiet || finish 0 1

# RabbitMQ has been booting during the build.
aw_services_ready || { echo "services: a test service failed to start (see above)" >&2; finish 0 1; }

status=0
dotnet test AdvisoryWatch.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" || status=$?

# Sum the counters of every TRX file into the closing line.
read -r passed failed skipped < <(
  /usr/bin/python3 - "$results" <<'PY'
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
finish "$passed" "$failed" "$skipped"
