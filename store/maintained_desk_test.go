package store

import (
	"context"
	"os"
	"testing"
)

// TestDeskMaintained checks a real desk, not a generated one: every table
// the store maintains (column counts, agent load, duplicate counts, the
// search index's keys and filter tags, the received-day rollups) equals
// its recount from the tickets. Point LOOPDESK_CHECK_DESK at a copy of the
// desk's file (it writes the recounted rollups), e.g. after a 1M import:
//
//	loopdesk import big.csv --db /tmp/big.db --as root
//	LOOPDESK_CHECK_DESK=/tmp/big.db go test ./store -run TestDeskMaintained -v -timeout 30m
func TestDeskMaintained(t *testing.T) {
	path := os.Getenv("LOOPDESK_CHECK_DESK")
	if path == "" {
		t.Skip("LOOPDESK_CHECK_DESK not set: no desk to check")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkRecounts(t, s)
	if err := s.CheckSearchTags(ctx); err != nil {
		t.Error(err)
	}
}
