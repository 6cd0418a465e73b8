package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs loopdesk in-process against db as agent "as", for the tests
// a script cannot express (see testdata/script for the rest).
func cli(t *testing.T, db, as string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	full := append(args, "--db", db)
	if as != "" {
		full = append(full, "--as", as)
	}
	err := run(context.Background(), full, &out, &errb)
	return out.String() + errb.String(), err
}

func mustCLI(t *testing.T, db, as string, args ...string) string {
	t.Helper()
	out, err := cli(t, db, as, args...)
	if err != nil {
		t.Fatalf("loopdesk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TestEscapesNeverReachTheTerminal is a Go test because a script cannot
// spell the control characters it passes as arguments.
func TestEscapesNeverReachTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	evil := "pay\x1b]8;;http://evil\x07link\x1b]8;;\x07 \x1bP+q\x1b\\ \u009b31m red \u202eevil\r\b\a"
	mustCLI(t, db, "ada", "ticket", "new", "--title", evil, "--body", evil, "--customer", evil[:3])
	for _, args := range [][]string{{"ticket", "list"}, {"ticket", "show", "FB-1001"}, {"ticket", "list", "--json"}, {"ticket", "show", "FB-1001", "--json"}} {
		out := mustCLI(t, db, "ada", args...)
		for _, bad := range []string{"\x1b", "\u009b", "\u202e", "\r", "\b", "\a"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v printed %q", args, bad)
			}
		}
	}
}
