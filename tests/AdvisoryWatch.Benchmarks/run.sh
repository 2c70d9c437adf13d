#!/usr/bin/env bash
# Runs the benchmarks on one core and prints Markdown tables with ratios against references timed
# in the same run: our feed parser vs a bare XmlReader pass, Python feedparser and gofeed; our
# HTML list and page extraction vs a bare AngleSharp parse; 50-item digest rendering vs a
# string.Concat floor and the 1,000 digests/s goal; the whole `advisorywatch parse --json` process on
# a 20,000-item feed vs gofeed's and feedparser's processes; a fan-out of one change to 10,000
# recipients into Postfix's smtp-sink vs Postfix's smtp-source on the same sink (not pinned: the
# host, the sink and smtp-source each need a core).
#
#   tests/AdvisoryWatch.Benchmarks/run.sh [--repetitions N] [--core N]
#
# Installs the references with apt if missing (python3-feedparser; postfix for smtp-sink and
# smtp-source, its tools only, no mail server is started; golang-go with Debian's gofeed
# source, built in GOPATH mode because no Go modules can be downloaded). The feed corpus is the
# gofeed conformance set (the repo's fixture copy if there is one, else Debian's copy) plus a
# deterministic generated corpus of realistic RSS 2.0 and Atom feeds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repetitions=5
core=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repetitions) repetitions="$2"; shift 2 ;;
    --core) core="$2"; shift 2 ;;
    *) echo "usage: $0 [--repetitions N] [--core N]" >&2; exit 2 ;;
  esac
done

missing=()
for p in python3-feedparser golang-go golang-github-mmcdole-gofeed-dev postfix; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

out="$here/bin/run"
mkdir -p "$out"

echo "building the gofeed reference" >&2
(cd "$here/reference/gofeed" && GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$out/gofeedbench" .)
(cd "$here/reference/gofeedjson" && GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$out/gofeedjson" .)

echo "building the harness" >&2
dotnet build "$here" -c Release -nologo -v quiet -o "$out/harness" >&2
harness=(taskset -c "$core" dotnet "$out/harness/AdvisoryWatch.Benchmarks.dll")

rm -rf "$out/corpus"
"${harness[@]}" generate --out "$out/corpus" --seed 2026 --feeds 40 --pages 40

gofeed_corpus="$(find "$root/tests" -type d -name gofeed -path '*Fixtures*' -not -path '*/bin/*' 2>/dev/null | head -n 1)"
[ -n "$gofeed_corpus" ] || gofeed_corpus=/usr/share/gocode/src/github.com/mmcdole/gofeed/testdata

echo "timing feeds on core $core ($repetitions repetitions, median)" >&2
"${harness[@]}" feeds --corpus "$gofeed_corpus" --corpus "$out/corpus/feeds" --repetitions "$repetitions" \
  --python "$here/reference/feedparser_bench.py" --go "$out/gofeedbench"
echo
echo "timing HTML extraction on core $core" >&2
"${harness[@]}" html --corpus "$out/corpus/html" --repetitions "$repetitions"
echo
echo "timing digest rendering on core $core" >&2
"${harness[@]}" digest --repetitions "$repetitions"
echo
echo "timing the whole parse --json process on core $core" >&2
"${harness[@]}" process --advisorywatch "$out/harness/advisorywatch" --go "$out/gofeedjson" \
  --python "$here/reference/feedparser_json.py" --repetitions "$repetitions" --out "$out/process"
echo "timing the fan-out into smtp-sink beside smtp-source (all cores)" >&2
dotnet "$out/harness/AdvisoryWatch.Benchmarks.dll" mail
