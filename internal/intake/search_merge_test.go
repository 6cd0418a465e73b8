package intake

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// TestImportLeavesMergingToTheUpkeep: an import's batches run with the
// search index's merging put off (store.BeginImport), and when it ends
// FTS5 merges a little at each write again, the level it merges at once
// still the import's until the upkeep merges the index; a dry run
// touches none of it.
func TestImportLeavesMergingToTheUpkeep(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.db")
	s, _ := newStoreAt(t, path)
	in := newIntake(t, s, Config{})
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	settings := func() (automerge, crisis int) {
		t.Helper()
		err := db.QueryRow(`SELECT (SELECT v FROM ticket_search_config WHERE k = 'automerge'),
			coalesce((SELECT v FROM ticket_search_config WHERE k = 'crisismerge'), 16)`).Scan(&automerge, &crisis)
		if err != nil {
			t.Fatal(err)
		}
		return automerge, crisis
	}
	if _, err := in.DryRun(ctx, strings.NewReader(csvFile), interchange.CSV); err != nil {
		t.Fatal(err)
	}
	if a, c := settings(); a != 8 || c != 16 {
		t.Fatalf("after a dry run automerge %d, crisismerge %d", a, c)
	}
	if _, err := in.Import(ctx, "ada", strings.NewReader(csvFile), interchange.CSV, nil); err != nil {
		t.Fatal(err)
	}
	if a, c := settings(); a != 8 || c != store.ImportCrisisMerge {
		t.Fatalf("after an import automerge %d, crisismerge %d; want 8, %d", a, c, store.ImportCrisisMerge)
	}
	if _, err := s.MergeSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if a, c := settings(); a != 8 || c != 16 {
		t.Fatalf("after the upkeep's merge automerge %d, crisismerge %d", a, c)
	}
}
