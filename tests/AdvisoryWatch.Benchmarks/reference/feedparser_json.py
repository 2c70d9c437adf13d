"""Parses one feed file with Python feedparser and prints every entry's core fields as JSON, for
the harness's whole-process benchmark (the work `advisorywatch parse FILE --json` does).

Run with Debian's interpreter (python3-feedparser imports only there):
    /usr/bin/python3 feedparser_json.py FILE
"""

import json
import sys

import feedparser


def main():
    result = feedparser.parse(sys.argv[1])
    feed = result.feed
    entries = [
        {
            "id": e.get("id"),
            "title": e.get("title"),
            "link": e.get("link"),
            "published": e.get("published"),
            "updated": e.get("updated"),
            "summary": e.get("summary"),
            "content": [c.get("value") for c in e.get("content", [])],
            "authors": [a.get("name") for a in e.get("authors", [])],
            "categories": [t.get("term") for t in e.get("tags", [])],
        }
        for e in result.entries
    ]
    json.dump({
        "version": result.get("version"),
        "title": feed.get("title"),
        "link": feed.get("link"),
        "description": feed.get("subtitle"),
        "language": feed.get("language"),
        "updated": feed.get("updated"),
        "warnings": [str(result.bozo_exception)] if result.get("bozo") else [],
        "items": entries,
    }, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
