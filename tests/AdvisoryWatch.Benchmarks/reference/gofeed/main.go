// Command gofeedbench times gofeed over the files a manifest lists, for the benchmark harness.
//
//	gofeedbench MANIFEST REPETITIONS
//
// Prints one JSON object: files, bytes, errors and the seconds of each timed pass (after one
// warm-up pass). Built against Debian's golang-github-mmcdole-gofeed-dev source (GOPATH mode,
// no module downloads); the harness pins it to one core and sets GOMAXPROCS=1.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/mmcdole/gofeed"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gofeedbench MANIFEST REPETITIONS")
		os.Exit(2)
	}
	repetitions, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	manifest, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var documents [][]byte
	total := 0
	scanner := bufio.NewScanner(manifest)
	for scanner.Scan() {
		if scanner.Text() == "" {
			continue
		}
		data, err := os.ReadFile(scanner.Text())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		documents = append(documents, data)
		total += len(data)
	}
	manifest.Close()

	parser := gofeed.NewParser()
	onePass := func() int {
		errors := 0
		for _, document := range documents {
			if _, err := parser.Parse(bytes.NewReader(document)); err != nil {
				errors++
			}
		}
		return errors
	}

	errors := onePass()
	seconds := make([]float64, 0, repetitions)
	for i := 0; i < repetitions; i++ {
		start := time.Now()
		onePass()
		seconds = append(seconds, time.Since(start).Seconds())
	}
	out, _ := json.Marshal(map[string]interface{}{
		"files": len(documents), "bytes": total, "errors": errors, "seconds": seconds,
	})
	fmt.Println(string(out))
}
