// Command go-oracle renders one confd template the way confd does, for confetti's differential tests.
//
// stdin: a JSON request (see request.go); stdout: the rendered bytes, exit 0. A template parse or execution error
// goes to stderr, exit 1 (nothing on stdout, as confd keeps nothing of a failed render). A malformed request: exit 2.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(2, "go-oracle: cannot read stdin: %v", err)
	}
	req, err := parseRequest(input)
	if err != nil {
		fail(2, "go-oracle: bad request: %v", err)
	}
	var out bytes.Buffer
	if err := render(req, &out); err != nil {
		fail(1, "%v", err)
	}
	if _, err := os.Stdout.Write(out.Bytes()); err != nil {
		fail(2, "go-oracle: cannot write stdout: %v", err)
	}
}

func fail(code int, format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(code)
}
