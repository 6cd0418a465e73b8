package store

import (
	"context"
	"sync"
)

// An import writes a segment of the search index per batch, and FTS5
// merged them as it went (automerge, migration 0027): at a million rows
// the merging was half the index's cost in the import's one writer, 14 s
// of it, and rewrote each document about three times before the desk's
// upkeep (MergeSearch) merged all into one anyway. So while an import
// runs its batches leave their segments unmerged, up to ImportCrisisMerge
// of a level (FTS5 then merges that level in one commit, a few seconds at
// most): a search meanwhile seeks its tokens in more segments (a few ms
// more each on this machine), and the upkeep's full merge after the
// import reads them all once.
const (
	// searchAutomerge is the level FTS5 merges at otherwise (migration
	// 0027), searchCrisisMerge its default for a level merged at once.
	searchAutomerge   = 8
	searchCrisisMerge = 16
	// ImportCrisisMerge is the segments of a level at which FTS5 merges
	// it during an import: 256 batches, half a million documents.
	ImportCrisisMerge = 256
)

// imports counts the imports of this process under way (BeginImport).
type imports struct {
	mu      sync.Mutex
	running int
}

func (im *imports) busy() bool {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.running > 0
}

// BeginImport says an import runs until end is called: its batches
// (IngestPrepared) leave the search index's segments unmerged. end lets
// FTS5 merge again as it writes, a little at each write; the level
// FTS5 would merge at once stays high until the upkeep's MergeSearch has
// merged the index, so the next write after an import is not the one
// to merge its hundreds of segments. Imports at once end when the last
// does.
func (s *Store) BeginImport() (end func(context.Context) error) {
	s.imports.mu.Lock()
	s.imports.running++
	s.imports.mu.Unlock()
	return func(ctx context.Context) error {
		s.imports.mu.Lock()
		defer s.imports.mu.Unlock()
		if s.imports.running--; s.imports.running > 0 || s.eng != engineSQLite {
			return nil
		}
		return s.write(ctx, func(tx *wtx) error { return setSearch(ctx, tx, "automerge", searchAutomerge) })
	}
}

// importSearch sets the search index's merging for an import batch in
// tx, when an import runs.
func (s *Store) importSearch(ctx context.Context, tx *wtx) error {
	if !s.imports.busy() {
		return nil
	}
	if err := setSearch(ctx, tx, "automerge", 0); err != nil {
		return err
	}
	return setSearch(ctx, tx, "crisismerge", ImportCrisisMerge)
}

// settleSearch puts the search index's merging back as it is outside
// imports, once MergeSearch has merged it, unless an import of this
// process runs (one of another process sets its own at each batch).
func (s *Store) settleSearch(ctx context.Context) error {
	if s.imports.busy() {
		return nil
	}
	var automerge, crisis int
	err := s.queryRow(ctx, `SELECT coalesce((SELECT v FROM ticket_search_config WHERE k = 'automerge'), -1),
		coalesce((SELECT v FROM ticket_search_config WHERE k = 'crisismerge'), ?)`, searchCrisisMerge).Scan(&automerge, &crisis)
	if err != nil || (automerge == searchAutomerge && crisis == searchCrisisMerge) {
		return err
	}
	return s.write(ctx, func(tx *wtx) error {
		if err := setSearch(ctx, tx, "automerge", searchAutomerge); err != nil {
			return err
		}
		return setSearch(ctx, tx, "crisismerge", searchCrisisMerge)
	})
}

// setSearch sets one of FTS5's settings of the search index.
func setSearch(ctx context.Context, tx *wtx, name string, v int) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO ticket_search (ticket_search, rank) VALUES (?, ?)", name, v)
	return err
}
