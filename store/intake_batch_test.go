package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// randomArrivals is feedback as imports bring it: a few customers writing
// again (near-duplicates), external ids sent twice (in the same batch or
// a later one), spam, owners who are agents and one who is not, an
// unknown team, keywords and moods, received over the past days.
func randomArrivals(r *rand.Rand, n int, now time.Time) []Arrival {
	texts := []string{"APP闪退", "退款没到账", "物流太慢", "login fails 404", "Order SO123 lost", "发票开错了"}
	var out []Arrival
	for i := range n {
		a := Arrival{NewTicket: NewTicket{
			ExternalID:    fmt.Sprintf("x%d", i),
			Title:         texts[r.IntN(len(texts))],
			Body:          []string{"", "打开就闪退", "order 77 refund", "请尽快处理"}[r.IntN(4)],
			Channel:       domain.Channels[r.IntN(len(domain.Channels))],
			Category:      domain.Categories[r.IntN(len(domain.Categories))],
			Priority:      domain.Priority(r.IntN(3)),
			CustomerName:  []string{"张三丰", "Li Wei", "王芳", ""}[r.IntN(4)],
			CustomerPhone: []string{"13800138000", "13900139000", "13700137000", "", ""}[r.IntN(5)],
			Product:       []string{"LoopPay", "loopcart", ""}[r.IntN(3)],
			OrderNo:       fmt.Sprintf("SO%d", r.IntN(50)),
			Sentiment:     []string{"negative", "neutral", "positive"}[r.IntN(3)],
			Keywords:      []string{"退款", "crash", "物流"}[:r.IntN(4)],
			ReceivedAt:    now.Add(-time.Duration(r.IntN(6*24*60)) * time.Minute),
		}}
		switch p := r.IntN(100); {
		case p < 8 && i > 0:
			a.ExternalID = fmt.Sprintf("x%d", r.IntN(i)) // sent again
		case p < 14:
			a.Reject = "spam: promotional link"
		case p < 20:
			a.Owner = "bob"
		case p < 22:
			a.Owner = "nobody" // not an agent: refused
		case p < 24:
			a.Team = "no_such_team" // refused
		case p < 26:
			a.ExternalID = ""
		}
		out = append(out, a)
	}
	return out
}

// TestIngestBatchEqualsOneByOne: the same feedback stored in batches of
// every size and one item at a time leaves the same outcomes and the same
// desk (tickets, duplicates, rejected items, events, rollups, column
// counts, index); the batches see the items before them as single
// submissions do.
func TestIngestBatchEqualsOneByOne(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		batched, now, _ := slaStore(t)
		single, _, _ := slaStore(t)
		single.now = batched.now
		advance(now, 6*24*time.Hour)
		items := randomArrivals(rand.New(rand.NewPCG(8, 9)), 600, batched.Now())
		var got, want []IngestResult
		r := rand.New(rand.NewPCG(1, 1))
		for rest := items; len(rest) > 0; {
			k := min(len(rest), 1+r.IntN(120))
			res, err := batched.Ingest(ctx, "bob", rest[:k], dupRule)
			if err != nil {
				t.Fatal(err)
			}
			got, rest = append(got, res...), rest[k:]
		}
		for _, a := range items {
			res, err := single.Ingest(ctx, "bob", []Arrival{a}, dupRule)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, res...)
		}
		outcomes := map[IngestOutcome]int{}
		for i := range got {
			outcomes[got[i].Outcome]++
			if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
				t.Errorf("item %d (%s): batched %+v, one by one %+v", i, items[i].ExternalID, got[i], want[i])
			}
		}
		for _, o := range []IngestOutcome{IngestCreated, IngestRepeat, IngestLinked, IngestRejected, IngestRefused} {
			if outcomes[o] < 5 {
				t.Fatalf("too few %s to compare: %v", o, outcomes)
			}
		}
		for _, q := range []string{
			`SELECT id, coalesce(external_id, ''), title, body, channel, category, priority, status, team, coalesce(owner, ''),
			customer_name, customer_phone4, product, order_no, sentiment, keywords, received_at, version, duplicate_count,
			due_at, due_clock, risk_at, check_at, coalesce(due_first_response, 0), coalesce(due_resolution, 0),
			customer_phone_hash IS NULL FROM tickets ORDER BY id`,
			"SELECT ticket_id, coalesce(external_id, ''), title, similarity FROM duplicates ORDER BY id",
			"SELECT id, coalesce(external_id, ''), reason, title FROM rejected ORDER BY id",
			"SELECT coalesce(ticket_id, 0), actor, kind, field, before, after FROM events WHERE kind != 'intake_rejected' ORDER BY ticket_id, seq",
			"SELECT ticket_id, category, sentiment, stated, review FROM triage_suggestions ORDER BY ticket_id",
			"SELECT status, n FROM column_counts ORDER BY status",
			"SELECT owner, status, n FROM agent_load WHERE n != 0 ORDER BY owner, status",
			`SELECT day, channel, category, priority, team, created, negative, positive FROM daily_stats
			ORDER BY day, channel, category, priority, team`,
			"SELECT day, keyword, n FROM keyword_stats ORDER BY day, keyword",
		} {
			if a, b := dump(t, batched, q), dump(t, single, q); a != b {
				t.Errorf("%s\nbatched:\n%s\none by one:\n%s", q, a, b)
			}
		}
		checkMaintained(t, batched)
	})
}

// checkMaintained: every table intake maintains equals its recount
// (checkRecounts), and the search index finds what the substring scan
// finds.
func checkMaintained(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	checkRecounts(t, s)
	texts := strings.Split(dump(t, s, "SELECT title, body, customer_name, product, order_no FROM tickets"), "\n")
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		rs := []rune(texts[r.IntN(len(texts))])
		if len(rs) == 0 {
			continue
		}
		i := r.IntN(len(rs))
		q := strings.TrimSpace(string(rs[i:min(len(rs), i+1+r.IntN(5))]))
		if q == "" {
			continue
		}
		want, err := s.ScanIDs(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SearchIDs(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("search %q: the index finds %v, the scan %v", q, got, want)
		}
	}
}

// dump is every row of q, one line each.
func dump(t *testing.T, s *Store, q string) string {
	t.Helper()
	rows, err := s.r.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestIngestBatchIsOneSegment: a batch's index documents go into the
// index as one new FTS5 segment per batch, however many tickets it
// creates (a statement of many documents, or one that opens a savepoint
// among them, would write them out in pieces, each merged again later),
// and the index finds what the substring scan finds.
func TestIngestBatchIsOneSegment(t *testing.T) {
	ctx := context.Background()
	s, now, _ := slaStore(t)
	advance(now, 6*24*time.Hour)
	// No merges meanwhile: each batch's segment stays as written.
	if _, err := s.w.ExecContext(ctx, "INSERT INTO ticket_search (ticket_search, rank) VALUES ('automerge', 0)"); err != nil {
		t.Fatal(err)
	}
	segments := func() int {
		t.Helper()
		pages, err := s.searchSegments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(pages)
	}
	before := segments()
	items := randomArrivals(rand.New(rand.NewPCG(3, 4)), 900, s.Now())
	for i, k := range []int{700, 1, 199} {
		res, err := s.Ingest(ctx, "bob", items[:k], dupRule)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res, func(r IngestResult) bool { return r.Outcome == IngestCreated }) {
			t.Fatalf("batch %d created no ticket: the test proves nothing", i)
		}
		items = items[k:]
		if n := segments(); n != before+i+1 {
			t.Fatalf("after batch %d of %d items: %d segments, want %d", i, k, n, before+i+1)
		}
	}
	checkMaintained(t, s)
}

// maintainedPairs are the maintained tables and their recounts, as
// queries whose results must be equal.
func maintainedPairs(s *Store) [][2]string {
	pairs := [][2]string{
		{"SELECT status, n FROM column_counts WHERE n != 0 ORDER BY status",
			"SELECT status, count(*) FROM tickets GROUP BY status ORDER BY status"},
		{"SELECT owner, status, n FROM agent_load WHERE n != 0 ORDER BY owner, status",
			`SELECT coalesce(owner, ''), status, count(*) FROM tickets WHERE status IN ('pending', 'in_progress', 'testing')
			GROUP BY 1, 2 ORDER BY 1, 2`},
		{"SELECT id, duplicate_count FROM tickets WHERE duplicate_count != 0 ORDER BY id",
			"SELECT ticket_id, count(*) FROM duplicates GROUP BY ticket_id ORDER BY ticket_id"},
		{"SELECT rowid FROM ticket_search ORDER BY rowid", "SELECT search_key(status, priority, id) FROM tickets ORDER BY 1"},
		{"SELECT count(*) FROM search_batch", "SELECT 0"},
	}
	if s.eng == enginePostgres { // a batch's grams are made in Go: the same as the trigger's
		pairs = append(pairs, [2]string{"SELECT rowid, ARRAY(SELECT g FROM unnest(grams) AS g ORDER BY g) FROM ticket_search ORDER BY 1",
			`SELECT search_key(status, priority, id), ARRAY(SELECT g FROM unnest(search_grams(title, body, customer_name, product, order_no)) AS g ORDER BY g)
			FROM tickets ORDER BY 1`})
	}
	return pairs
}

// checkRecounts: every table intake maintains equals its recount.
func checkRecounts(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	for _, pair := range maintainedPairs(s) {
		if a, b := dump(t, s, pair[0]), dump(t, s, pair[1]); a != b {
			t.Errorf("%s\n%s\nrecount %s\n%s", pair[0], a, pair[1], b)
		}
	}
	maintained := receivedDayRollups(t, s)
	if err := s.RecountReceived(ctx); err != nil {
		t.Fatal(err)
	}
	if recounted := receivedDayRollups(t, s); fmt.Sprint(maintained) != fmt.Sprint(recounted) {
		t.Errorf("rollups maintained:\n%v\nrecounted:\n%v", maintained, recounted)
	}
}
