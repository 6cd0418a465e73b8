package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/demo"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// copySource is a SQLite desk with something in every kind of table: the
// demo's agents and tickets, then notes, replies, a key, an edited
// template, a problem, a FAQ, a compensation, links, and merges (one into
// a later ticket, so a ticket refers forward to another).
func copySource(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "from.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Login(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, s, "admin", demo.Options{N: 300, Seed: 5, Now: time.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ticket := func(id int64) domain.Ticket {
		t.Helper()
		tk, err := s.Ticket(ctx, id)
		must(err)
		return tk
	}
	for id := int64(1); id <= 40; id++ {
		tk := ticket(id)
		if !tk.Status.Open() {
			continue
		}
		tk, err = s.AddNote(ctx, "admin", id, tk.Version, "注意 @li.wei see order 4711")
		must(err)
		_, _, err = s.Reply(ctx, "admin", id, tk.Version, store.Draft{Text: "Thanks, we are on it."})
		must(err)
	}
	must(s.AddAgentKey(ctx, "admin", "li.wei", "SHA256:copytest", "ssh-ed25519 AAAA li.wei"))
	must(s.SetTemplate(ctx, "admin", store.Template{Name: "greeting", Lang: "en", Body: "Hello {customer}, copied."}))
	_, err = s.CreateProblem(ctx, "admin", store.NewProblem{Kind: store.KindBug, Title: "Crash on start", Body: "many tickets"})
	must(err)
	_, err = s.AddFAQ(ctx, "admin", store.FAQ{Title: "Reset password", Problem: "forgot", Solution: "use the link", Lang: "en"})
	must(err)
	must(s.Link(ctx, "admin", 41, 42))
	var open []int64
	for id := int64(41); id <= 300 && len(open) < 4; id++ {
		if ticket(id).Status.Open() && ticket(id).DuplicateOf == 0 {
			open = append(open, id)
		}
	}
	// The older into the newer, and the reverse.
	_, _, err = s.Merge(ctx, "admin", open[1], ticket(open[1]).Version, open[0], ticket(open[0]).Version)
	must(err)
	_, _, err = s.Merge(ctx, "admin", open[2], ticket(open[2]).Version, open[3], ticket(open[3]).Version)
	must(err)
	return path
}

// TestCopyRoundTrip: a SQLite desk copied to PostgreSQL (or, without a
// server, to another SQLite file) and back to a new SQLite file holds the
// same rows in every table; the board, a search, the rollups' recount and
// the customer hashes agree with the source's.
func TestCopyRoundTrip(t *testing.T) {
	from := copySource(t)
	store.ForEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		via := store.NewTestDB(t)
		back := filepath.Join(t.TempDir(), "back.db")
		rep, err := store.CopyDesk(ctx, from, via, store.CopyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkReport(t, rep)
		if rep2, err := store.CopyDesk(ctx, via, back, store.CopyOptions{}); err != nil {
			t.Fatal(err)
		} else {
			checkReport(t, rep2)
		}
		src := open(t, from)
		mid := open(t, via)
		dst := open(t, back)
		want, err := src.DumpTables(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []*store.Store{mid, dst} {
			got, err := s.DumpTables(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for table, rows := range want {
				if !slices.Equal(rows, got[table]) {
					t.Errorf("%s: table %s: %d rows differ from the source's %d (first: %q)", s.Engine(), table, len(got[table]), len(rows), firstDiff(rows, got[table]))
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d tables, the source %d", s.Engine(), len(got), len(want))
			}
			sameReads(t, src, s)
		}
		// The copies number on after the source's last ticket and event.
		for _, s := range []*store.Store{mid, dst} {
			tk, err := s.CreateTicket(ctx, "admin", store.NewTicket{Title: "after the copy", Channel: domain.Channels[0], Category: domain.Categories[0]})
			if err != nil {
				t.Fatalf("%s: a new ticket after the copy: %v", s.Engine(), err)
			}
			if n := int64(len(want["tickets"])); tk.ID != n+1 {
				t.Errorf("%s: the new ticket is %d, want %d", s.Engine(), tk.ID, n+1)
			}
		}
		// Recounting the copy's rollups from its tickets leaves them as
		// copied, as it does on the source.
		before, _ := dst.DumpTables(ctx)
		if err := dst.RecountReceived(ctx); err != nil {
			t.Fatal(err)
		}
		after, _ := dst.DumpTables(ctx)
		for _, table := range []string{"daily_stats", "keyword_stats", "agent_stats"} {
			if !slices.Equal(before[table], after[table]) {
				t.Errorf("recount changed %s of the copy: %q", table, firstDiff(before[table], after[table]))
			}
		}
	})
}

func checkReport(t *testing.T, rep store.CopyReport) {
	t.Helper()
	byName := map[string]store.CopiedTable{}
	for _, tb := range rep.Tables {
		byName[tb.Table] = tb
		if !tb.Verified || tb.Rows != tb.Copied {
			t.Errorf("%s: %+v", tb.Table, tb)
		}
	}
	for _, table := range []string{"tickets", "events", "notes", "replies", "agents", "agent_keys", "reply_templates", "daily_stats", "merges", "problems", "faq_articles"} {
		if byName[table].Rows == 0 {
			t.Errorf("%s: no rows copied", table)
		}
	}
}

// sameReads: the board's first page of every column and a few searches
// read the same tickets, and customers hash alike (the secret came along).
func sameReads(t *testing.T, a, b *store.Store) {
	t.Helper()
	ctx := context.Background()
	// Both indexes hold every ticket at its board key.
	ia, ta, err := a.SearchKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ib, tb, err := b.SearchKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ia, ib) || !slices.Equal(ta, tb) || len(ia) != len(ta) {
		t.Errorf("%s: the search index holds %d documents for %d tickets, the source's %d for %d", b.Engine(), len(ib), len(tb), len(ia), len(ta))
	}
	searches := []string{"", "闪退", "order", "crash", "订单"}
	if b.Engine() == "postgres" {
		searches = searches[:1] // the store's search reads SQLite's index only, so far
	}
	for _, st := range domain.Statuses {
		for _, search := range searches {
			q := store.PageQuery{Status: st, Limit: 50, Filter: store.Filter{Search: search}}
			pa, err := a.Page(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			pb, err := b.Page(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(pa) == 0 && search == "" {
				t.Errorf("column %s is empty: the comparison proves little", st)
			}
			if !slices.Equal(ids(pa), ids(pb)) {
				t.Errorf("%s: column %s search %q: %v, the source's %v", b.Engine(), st, search, ids(pb), ids(pa))
			}
		}
	}
	for _, q := range searches[1:] {
		ia, _ := a.SearchIDs(ctx, q)
		ib, err := b.SearchIDs(ctx, q)
		if err != nil || !slices.Equal(ia, ib) || len(ia) == 0 {
			t.Errorf("%s: search %q found %v (%v), the source %v", b.Engine(), q, ib, err, ia)
		}
	}
	if a.ItemID("c", "+8613800000000") != b.ItemID("c", "+8613800000000") {
		t.Errorf("%s: customers hash under another secret", b.Engine())
	}
}

func firstDiff(a, b []string) [2]string {
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return [2]string{x, y}
		}
	}
	return [2]string{}
}

func open(t *testing.T, db string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestCopyRefuses: a target that already holds a desk, the same desk, a
// missing source and a target holding another desk's secret are refused,
// and a refused copy into a new file leaves no file behind.
func TestCopyRefuses(t *testing.T) {
	store.ForEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		dir := t.TempDir()
		from := filepath.Join(dir, "from.db")
		s := open(t, from)
		if _, err := s.Login(ctx, "admin"); err != nil {
			t.Fatal(err)
		}
		to := store.NewTestDB(t)
		used := open(t, to)
		if _, err := used.Login(ctx, "eve"); err != nil {
			t.Fatal(err)
		}
		if _, err := store.CopyDesk(ctx, from, to, store.CopyOptions{}); !errors.Is(err, store.ErrTargetNotEmpty) {
			t.Errorf("copy into a used desk: %v", err)
		}
		if _, err := store.CopyDesk(ctx, from, from, store.CopyOptions{}); err == nil {
			t.Error("copied a desk onto itself")
		}
		missing := filepath.Join(dir, "nope.db")
		if _, err := store.CopyDesk(ctx, missing, filepath.Join(dir, "x.db"), store.CopyOptions{}); err == nil {
			t.Error("copied a desk that is not there")
		}
		if _, err := os.Stat(missing); err == nil {
			t.Error("the missing source was created")
		}
		other := filepath.Join(dir, "other.db")
		if err := os.WriteFile(store.SecretPath(other), []byte("00ff\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := store.CopyDesk(ctx, from, other, store.CopyOptions{}); err == nil {
			t.Error("copied beside another desk's secret")
		}
		if _, err := os.Stat(other); err == nil {
			t.Error("a refused copy left its new file behind")
		}
	})
}

// BenchmarkCopyDesk copies the cached demo fixture (demo.Fixture: 10k and
// 100k tickets with their events, breaches and rollups) into a new SQLite
// file, and into a new PostgreSQL schema when LOOPDESK_TEST_POSTGRES is
// set; rows/s counts every row copied, opening, indexing and verifying
// included.
func BenchmarkCopyDesk(b *testing.B) {
	for _, n := range benchSizes[:2] {
		from, err := demo.Fixture(context.Background(), n)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			for _, engine := range []string{"sqlite", "postgres"} {
				b.Run(engine, func(b *testing.B) {
					if engine == "postgres" && os.Getenv("LOOPDESK_TEST_POSTGRES") == "" {
						b.Skip("LOOPDESK_TEST_POSTGRES not set: PostgreSQL benchmark skipped")
					}
					var rows int64
					var secs float64
					for b.Loop() {
						b.StopTimer()
						to := store.NewTestDB(b)
						b.StartTimer()
						rep, err := store.CopyDesk(context.Background(), from, to, store.CopyOptions{})
						if err != nil {
							b.Fatal(err)
						}
						rows, secs = rows+rep.Rows, secs+rep.Seconds
					}
					b.ReportMetric(float64(rows)/secs, "rows/s")
				})
			}
		})
	}
}
