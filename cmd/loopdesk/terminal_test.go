package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// rawControls are bytes a terminal acts on that no command may print.
var rawControls = []string{"\x1b", "\u009b", "\u0085", "\u202e", "\u2066", "\u200e", "\u061c", "\x7f", "\r", "\b", "\a"}

func TestExportNeverWritesControlsToATerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	evil := "pay\x1b]8;;http://evil\x07link \u009b31m\u0085 \u202eevil\u2066\u200e\u061c\x7f\r\b\a"
	mustCLI(t, db, "ada", "ticket", "new", "--title", evil, "--body", evil)
	mustCLI(t, db, "ada", "agent", "add", "bob", "--display", evil)

	for _, args := range [][]string{{"export", "--format", "jsonl"}, {"agent", "list", "--json"}} {
		out := mustCLI(t, db, "ada", args...)
		for _, bad := range rawControls {
			if strings.Contains(out, bad) {
				t.Errorf("%v printed %q raw", args, bad)
			}
		}
	}

	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	var stderr bytes.Buffer
	err = run(context.Background(), []string{"export", "--format", "csv", "--db", db, "--as", "ada"}, tty, &stderr)
	if err == nil || !strings.Contains(err.Error(), "--out FILE") {
		t.Fatalf("CSV export to a terminal: %v, want a refusal naming --out", err)
	}
}

func TestErrorMessagesAreTerminalSafe(t *testing.T) {
	got := oneLine("ticket \"\x1b]52;c;cm0=\x07FB-1\u202e\" not\n found\r")
	if got != "ticket \"FB-1\" not found" {
		t.Fatalf("oneLine = %q", got)
	}
}
