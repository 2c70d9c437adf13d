// Command gofeedjson parses one feed file with gofeed and prints the whole result as JSON, for the
// harness's whole-process benchmark (the work `advisorywatch parse FILE --json` does).
//
//	gofeedjson FILE
//
// Built against Debian's golang-github-mmcdole-gofeed-dev source (GOPATH mode, no module
// downloads); the harness pins it to one core and sets GOMAXPROCS=1.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/mmcdole/gofeed"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gofeedjson FILE")
		os.Exit(2)
	}
	file, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer file.Close()
	feed, err := gofeed.NewParser().Parse(bufio.NewReader(file))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	if err := json.NewEncoder(out).Encode(feed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out.Flush()
}
