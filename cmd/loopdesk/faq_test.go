package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Promoting an open ticket is refused; the refusal used to be shadowed, so
// the command printed "article 0" and succeeded.
func TestFAQFromOpenTicketFails(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "ticket", "new", "--title", "App crashes", "--body", "on start")
	out, err := cli(t, db, "ada", "faq", "add", "--from", "FB-1001")
	if err == nil || !strings.Contains(err.Error(), "only a closed ticket") || strings.Contains(out, "article") {
		t.Fatalf("faq add --from an open ticket: %v\n%s", err, out)
	}
}
