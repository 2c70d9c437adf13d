"""Times Python feedparser over the files a manifest lists, for the benchmark harness.

Run with Debian's interpreter (python3-feedparser imports only there):
    /usr/bin/python3 feedparser_bench.py MANIFEST REPETITIONS
Prints one JSON object: files, bytes, errors and the seconds of each timed pass (after one
warm-up pass). The harness pins it to one core.
"""

import json
import sys
import time

import feedparser


def main():
    manifest, repetitions = sys.argv[1], int(sys.argv[2])
    with open(manifest, encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    documents = []
    for path in paths:
        with open(path, "rb") as f:
            documents.append(f.read())

    def one_pass():
        errors = 0
        for document in documents:
            result = feedparser.parse(document)
            if not result.get("version") and not result.entries:
                errors += 1
        return errors

    errors = one_pass()
    seconds = []
    for _ in range(repetitions):
        start = time.perf_counter()
        one_pass()
        seconds.append(time.perf_counter() - start)
    print(json.dumps({
        "files": len(documents),
        "bytes": sum(len(d) for d in documents),
        "errors": errors,
        "seconds": seconds,
    }))


if __name__ == "__main__":
    main()
