package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/demo"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"

	_ "github.com/jackc/pgx/v5/stdlib" // unmigrateSearch on PostgreSQL
)

// searchAlphabet is what random tickets and queries are made of: Chinese
// (the demo's words and rarer characters), both ASCII cases, digits, the
// LIKE wildcards and escape, quotes, characters LIKE does not fold (É/é,
// ß), an emoji, and U+E025, where the index files '%'.
var searchAlphabet = []rune("退款闪退物流订单发票登录支付会员鬱龘嘁ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 %_\\\"'*()-:ÉéßÀà😀\ue025")

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteRune(searchAlphabet[r.IntN(len(searchAlphabet))])
	}
	return b.String()
}

// randomQuery is one query of a mix the board sees: a piece of a ticket's
// text (1–6 characters, its ASCII case sometimes flipped), random Chinese,
// random Latin words and fragments, digits, random characters.
func randomQuery(r *rand.Rand, texts []string) string {
	switch r.IntN(6) {
	case 0, 1:
		rs := []rune(texts[r.IntN(len(texts))])
		if len(rs) == 0 {
			return "x"
		}
		i := r.IntN(len(rs))
		q := string(rs[i:min(len(rs), i+1+r.IntN(6))])
		if r.IntN(2) == 0 {
			q = strings.ToUpper(q)
		}
		return q
	case 2:
		cjk := []rune("退款闪退物流订单发票登录支付会员鬱龘嘁无法打开")
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteRune(cjk[r.IntN(len(cjk))])
		}
		return b.String()
	case 3:
		words := []string{"refund", "Crash", "login", "LOGIN", "app", "ord", "pay", "iPh", "inv", "the", "zq", "e", "a b"}
		return words[r.IntN(len(words))]
	case 4:
		const digits = "0123456789"
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteByte(digits[r.IntN(10)])
		}
		return b.String()
	default:
		return randomText(r, 1+r.IntN(4))
	}
}

// TestSearchEqualsSubstringScan: on a desk of demo and random tickets,
// some indexed by the migration from rows already there, some by the
// triggers on create and edit, the indexed search finds exactly the
// tickets the substring scan finds, for a thousand random queries. On
// both engines.
func TestSearchEqualsSubstringScan(t *testing.T) {
	store.ForEachEngine(t, testSearchEqualsSubstringScan)
}

func testSearchEqualsSubstringScan(t *testing.T) {
	ctx := context.Background()
	path := store.NewTestDB(t)
	// PostgreSQL's round trips cost more: a smaller desk, fewer queries.
	size := struct{ demo, created, ingested, edits, moves, queries, boardQueries int }{2000, 500, 300, 400, 800, 1000, 160}
	if store.IsPostgres(path) {
		size.demo, size.created, size.ingested, size.edits, size.moves, size.queries, size.boardQueries = 400, 150, 60, 100, 200, 300, 40
	}
	total := int64(size.demo + 2*size.created)
	clock := store.WithClock(func() time.Time { return demo.FixtureEpoch })
	s, err := store.Open(ctx, path, clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, s, "admin", demo.Options{N: size.demo, Seed: 7, Now: demo.FixtureEpoch}, nil); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(20, 17))
	create := func(n int) {
		for range n {
			_, err := s.CreateTicket(ctx, "admin", store.NewTicket{
				Title: randomText(r, 1+r.IntN(30)), Body: randomText(r, r.IntN(120)),
				Channel: domain.Hotline, CustomerName: randomText(r, r.IntN(4)),
				Product: randomText(r, r.IntN(8)), OrderNo: randomText(r, r.IntN(10)),
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	create(size.created)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	unmigrateSearch(t, path)
	if s, err = store.Open(ctx, path, clock); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	create(size.created)
	for range size.edits {
		id := 1 + r.Int64N(total)
		tk, err := s.Ticket(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		title, body, product, order := randomText(r, 1+r.IntN(30)), randomText(r, r.IntN(120)), randomText(r, r.IntN(8)), randomText(r, r.IntN(10))
		if _, err := s.Update(ctx, "admin", id, tk.Version, store.Patch{Title: &title, Body: &body, Product: &product, OrderNo: &order}); err != nil {
			t.Fatal(err)
		}
	}

	// An intake batch writes its tickets' documents itself, in Go.
	total += ingestRandom(t, s, r, size.ingested)

	// Moves and changes of priority take a ticket's document to its new
	// place on the board; assignments and changes of team, category and
	// channel change its filter tags.
	for range size.moves {
		id := 1 + r.Int64N(total)
		tk, err := s.Ticket(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch r.IntN(5) {
		case 0:
			p := domain.Priorities[r.IntN(len(domain.Priorities))]
			if p != tk.Priority {
				if _, err := s.Update(ctx, "admin", id, tk.Version, store.Patch{Priority: &p}); err != nil {
					t.Fatal(err)
				}
			}
			continue
		case 1:
			owner := ""
			if tk.Owner == "" || r.IntN(2) == 0 {
				owner = demo.Agents[r.IntN(len(demo.Agents))].Name
			}
			if owner != tk.Owner {
				if _, err := s.Assign(ctx, "admin", id, tk.Version, owner); err != nil {
					t.Fatal(err)
				}
			}
			continue
		case 2:
			team, cat, ch := searchTeams[r.IntN(len(searchTeams))], domain.Categories[r.IntN(len(domain.Categories))], domain.Channels[r.IntN(len(domain.Channels))]
			var p store.Patch
			switch r.IntN(3) {
			case 0:
				p.Team = &team
			case 1:
				p.Category = &cat
			default:
				p.Channel = &ch
			}
			if team == tk.Team || cat == tk.Category || ch == tk.Channel {
				continue // the same value is no change
			}
			if _, err := s.Update(ctx, "admin", id, tk.Version, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		targets := slices.DeleteFunc(slices.Clone(tk.Status.Targets()), func(st domain.Status) bool { return st == domain.Resolved })
		if len(targets) == 0 {
			continue
		}
		if _, err := s.Move(ctx, "admin", id, tk.Version, targets[r.IntN(len(targets))]); err != nil {
			t.Fatal(err)
		}
	}
	index, keys, err := s.SearchKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(index, keys) {
		t.Fatalf("the index holds %d documents, not at the %d tickets' places", len(index), len(keys))
	}
	if err := s.CheckSearchTags(ctx); err != nil {
		t.Fatal(err)
	}

	var texts []string
	for id := int64(1); id <= total; id += 3 {
		tk, err := s.Ticket(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, tk.Title, tk.Body, tk.Customer.Name, tk.Product, tk.OrderNo)
	}
	compareSearch(t, s, r, texts, size.queries)
	compareBoardReads(t, s, r, texts, size.boardQueries)
}

// compareSearch runs n random queries through the index and the
// substring scan.
func compareSearch(t *testing.T, s *store.Store, r *rand.Rand, texts []string, n int) {
	ctx := context.Background()
	hits := 0
	for range n {
		q := randomQuery(r, texts)
		want, err := s.ScanIDs(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SearchIDs(ctx, q)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("search %q: %d tickets, the scan finds %d", q, len(got), len(want))
		}
		if len(want) > 0 {
			hits++
		}
	}
	// A comparison of empty results proves nothing.
	if hits < n*6/10 {
		t.Fatalf("only %d of %d queries found anything", hits, n)
	}
}

// compareBoardReads: the board's pages and capped counts of a search are
// the same whichever way they are read: from the index by board keys (the
// board's search alone, or with filters the index's tags and keys answer),
// or as a search combined with other filters reads them (a set of ids, the
// column walk, the count streaming the index), the set being what
// compareSearch proved equal to the scan. A small set limit makes this
// small desk's common words take the other ways (on PostgreSQL the board's
// search alone too: a walk of the column instead of the index). Half the
// queries come with random filters (randomFilter), some are a ticket's
// key; pages are read from their own cursors and from a cursor of the
// unfiltered column.
func compareBoardReads(t *testing.T, s *store.Store, r *rand.Rand, texts []string, n int) {
	ctx := context.Background()
	read := func(setMax int, filter bool, base store.Filter, q string, cursors []store.Cursor) (string, int) {
		s.SetSearchSetMax(setMax)
		page, count := s.Page, s.CountUpTo
		if filter {
			page, count = s.FilterPage, s.FilterCountUpTo
		}
		var out strings.Builder
		found := 0
		for i, st := range domain.Statuses {
			f := base
			f.Search = q
			first, err := page(ctx, store.PageQuery{Status: st, Filter: f, Limit: 7})
			if err != nil {
				t.Fatal(err)
			}
			found += len(first)
			n, capped, err := count(ctx, st, f, 40)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "%s: %d %v %v", st, n, capped, ids(first))
			// The pages after and before, from a cursor.
			if len(first) > 0 {
				cur := store.CursorOf(first[len(first)-1])
				next, err := page(ctx, store.PageQuery{Status: st, Filter: f, Limit: 7, Cursor: &cur, Dir: store.After})
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprint(&out, " | after ", ids(next))
				if len(next) > 0 {
					cur = store.CursorOf(next[0])
				}
				back, err := page(ctx, store.PageQuery{Status: st, Filter: f, Limit: 3, Cursor: &cur, Dir: store.Before})
				if err != nil {
					t.Fatal(err)
				}
				from, err := page(ctx, store.PageQuery{Status: st, Filter: f, Limit: 2, Cursor: &cur, Dir: store.From})
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprint(&out, " before ", ids(back), " from ", ids(from))
			}
			// From a card the filter may not show, of another priority.
			for _, dir := range []store.Direction{store.From, store.After, store.Before} {
				cur := cursors[i]
				p, err := page(ctx, store.PageQuery{Status: st, Filter: f, Limit: 4, Cursor: &cur, Dir: dir})
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprint(&out, " | ", dir, " ", cur.ID, " ", ids(p))
			}
			out.WriteString("\n")
		}
		return out.String(), found
	}
	defer s.SetSearchSetMax(0)
	filtered, filteredFound := 0, 0
	for range n {
		q := randomQuery(r, texts)
		if r.IntN(10) == 0 {
			// A ticket's key finds it whatever its text: with a filter
			// only when it passes.
			q = domain.Key(1 + r.Int64N(1000))
		}
		if strings.TrimSpace(q) == "" {
			continue
		}
		var base store.Filter
		if r.IntN(2) == 0 {
			base = randomFilter(r)
		}
		cursors := make([]store.Cursor, len(domain.Statuses))
		for i, st := range domain.Statuses {
			col, err := s.Page(ctx, store.PageQuery{Status: st, Limit: 60})
			if err != nil {
				t.Fatal(err)
			}
			cursors[i] = store.Cursor{Priority: domain.Medium, ID: 1}
			if len(col) > 0 {
				cursors[i] = store.CursorOf(col[r.IntN(len(col))])
			}
		}
		bySet, found := read(1<<30, true, base, q, cursors)
		if base != (store.Filter{}) {
			filtered++
			if found > 0 {
				filteredFound++
			}
		}
		for _, setMax := range []int{0, 5, 60} {
			for _, filter := range []bool{false, true} {
				if got, _ := read(setMax, filter, base, q, cursors); got != bySet {
					t.Fatalf("search %q, filter %+v, set limit %d, as a filter %v:\n%s\nby set:\n%s", q, base, setMax, filter, got, bySet)
				}
			}
		}
	}
	// Comparisons of empty pages prove little.
	if filteredFound < filtered/4 {
		t.Fatalf("only %d of %d filtered searches found anything", filteredFound, filtered)
	}
}

// searchTeams are the desk's teams (migration 0001).
var searchTeams = []string{"service_desk", "tech_support", "service_quality", "product", "logistics"}

// randomFilter is a random combination of the board's filters a search
// is read from the index with (channel, category, team, owner or none,
// priority), sometimes with one it is not (at risk, escalated).
func randomFilter(r *rand.Rand) store.Filter {
	var f store.Filter
	for f == (store.Filter{}) {
		if r.IntN(3) == 0 {
			f.Channel = domain.Channels[r.IntN(len(domain.Channels))]
		}
		if r.IntN(4) == 0 {
			f.Category = domain.Categories[r.IntN(len(domain.Categories))]
		}
		if r.IntN(4) == 0 {
			f.Team = searchTeams[r.IntN(len(searchTeams))]
		}
		switch r.IntN(8) {
		case 0, 1:
			f.Owner = demo.Agents[r.IntN(len(demo.Agents))].Name
		case 2:
			f.Unassigned = true
		case 3:
			f.Owner, f.Unassigned = demo.Agents[r.IntN(len(demo.Agents))].Name, true // finds nothing
		}
		if r.IntN(4) == 0 {
			p := domain.Priorities[r.IntN(len(domain.Priorities))]
			f.Priority = &p
		}
		if r.IntN(10) == 0 {
			f.Escalated = true
		}
		if r.IntN(10) == 0 {
			f.AtRisk = true
		}
	}
	return f
}

// ingestRandom ingests n random tickets in one intake batch (some given
// an owner, some one in turn, random teams, categories and channels) and
// returns how many it created.
func ingestRandom(t *testing.T, s *store.Store, r *rand.Rand, n int) int64 {
	t.Helper()
	items := make([]store.Arrival, n)
	for i := range items {
		in := store.NewTicket{
			Title: randomText(r, 1+r.IntN(30)), Body: randomText(r, r.IntN(120)),
			Channel: domain.Channels[r.IntN(len(domain.Channels))], Category: domain.Categories[r.IntN(len(domain.Categories))],
			Priority: domain.Priorities[r.IntN(len(domain.Priorities))], CustomerName: randomText(r, r.IntN(4)),
			Product: randomText(r, r.IntN(8)), OrderNo: randomText(r, r.IntN(10)),
		}
		if r.IntN(2) == 0 {
			in.Team = searchTeams[r.IntN(len(searchTeams))]
		}
		if r.IntN(3) == 0 {
			in.Owner = demo.Agents[r.IntN(len(demo.Agents))].Name
		}
		items[i] = store.Arrival{NewTicket: in, RoundRobin: r.IntN(3) == 0}
	}
	results, err := s.Ingest(context.Background(), "admin", items, store.DuplicateRule{})
	if err != nil {
		t.Fatal(err)
	}
	for i, res := range results {
		if res.Outcome != store.IngestCreated {
			t.Fatalf("item %d: %s, %v", i, res.Outcome, res.Err)
		}
	}
	return int64(len(results))
}

func ids(ts []domain.Ticket) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

// unmigrateSearch takes the search index out of the desk at path, as a
// desk made before migration 0017 was, so the next Open builds it from the
// rows there (0017, by ticket id), moves it to board keys (0022) and adds
// the filter tags (0025).
func unmigrateSearch(t *testing.T, path string) {
	t.Helper()
	driver, drop := "sqlite", []string{"DROP TRIGGER ticket_search_insert", "DROP TRIGGER ticket_search_update",
		"DROP TRIGGER ticket_search_delete", "DROP TABLE ticket_search"}
	if store.IsPostgres(path) {
		// The twins' functions go too (with the triggers that call them).
		driver, drop = "pgx", []string{"DROP TABLE ticket_search", `DROP FUNCTION ticket_search_insert(), ticket_search_update(),
			ticket_search_delete(), search_key(text, bigint, bigint), search_match(text), search_grams(text[]), ascii_lower(text) CASCADE`}
	}
	db, err := sql.Open(driver, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append(drop, "DELETE FROM schema_migrations WHERE version IN (17, 22, 25)") {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}
