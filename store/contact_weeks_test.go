package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// A customer's tickets are found, and their repeats linked, whatever
// weeks of the contact indexes they fall in: long before 1970 (negative
// times, where division truncates toward zero), on each side of a week's
// end, and now. Seen to fail with the search probing only the newest week
// and with a batch probing only the week of each item's received time.
func TestContactWeeksFindEveryWeek(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		boundary := time.UnixMilli(week(now.Load()) * contactWeek) // the current week's start
		pre1970 := time.UnixMilli(-contactWeek)                    // a week's start before 1970
		var items []Arrival
		for i, at := range []time.Time{time.Date(1965, 3, 1, 8, 0, 0, 0, time.UTC), pre1970.Add(-time.Hour),
			boundary.Add(-2 * time.Hour), boundary.Add(-20 * 24 * time.Hour), boundary.Add(time.Minute)} {
			a := customerArrival(fmt.Sprintf("w%d", i), "欧阳娜娜", "13912345678", "nana@example.cn")
			a.CustomerWeChat, a.Title, a.ReceivedAt = "nana_1990", fmt.Sprintf("第%d次反馈", i), at
			items = append(items, a)
		}
		res, err := s.Ingest(ctx, "bob", items, dupRule)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Outcome != IngestCreated {
				t.Fatalf("item %d: %s %v", i, r.Outcome, r.Err)
			}
		}
		for _, q := range []string{"13912345678", "欧阳娜娜", "nana@example.cn", "nana_1990"} {
			got, err := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: Filter{Search: q}})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(items) {
				t.Errorf("search %q: %d tickets, want all %d", q, len(got), len(items))
			}
		}
		// Repeats received across a week's end from their ticket, in a
		// batch of their own (what it looks up, not what it holds), by
		// each kind of contact.
		for i, at := range []time.Time{pre1970.Add(time.Hour), boundary.Add(time.Hour)} {
			for _, contact := range []string{"phone", "email", "wechat"} {
				a := customerArrival(fmt.Sprintf("r%d-%s", i, contact), "", "", "")
				a.Title, a.ReceivedAt = items[[]int{1, 2}[i]].Title, at
				switch contact {
				case "phone":
					a.CustomerPhone = "+86 139 1234 5678"
				case "email":
					a.CustomerEmail = "NANA@example.cn"
				case "wechat":
					a.CustomerWeChat = "nana_1990"
				}
				r, err := s.Ingest(ctx, "bob", []Arrival{a}, dupRule)
				if err != nil {
					t.Fatal(err)
				}
				if want := res[[]int{1, 2}[i]].Ticket; r[0].Outcome != IngestLinked || r[0].Ticket != want {
					t.Errorf("repeat %d by %s: %s to %d, want linked to %d", i, contact, r[0].Outcome, r[0].Ticket, want)
				}
			}
		}
	})
}

// The contact indexes' expressions are contactWeek's weeks: were the two
// to differ, every probe would miss (and INDEXED BY would refuse).
func TestContactIndexesLeadWithTheWeek(t *testing.T) {
	s, _, _ := slaStore(t)
	for _, col := range []string{"customer_phone_hash", "customer_email_hash", "customer_wechat_hash", "customer_name_hash"} {
		var sql string
		if err := s.r.QueryRow("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", contactIndex(col)).Scan(&sql); err != nil {
			t.Fatal(col, err)
		}
		if want := fmt.Sprintf("(received_at / %d, %s", contactWeek, col); !strings.Contains(sql, want) {
			t.Errorf("%s: %s, want it to lead with %s", contactIndex(col), sql, want)
		}
	}
}

// Every read of a contact hash on SQLite is a search of its index, never
// a scan of tickets or of the index: a batch's duplicate check over a
// scan took minutes per batch at a million tickets (seen with the week
// compared to a CAST, which the planner does not probe with).
func TestContactProbesUseTheIndex(t *testing.T) {
	s, _, _ := slaStore(t)
	search, _ := s.customerSearch("13912345678")
	for name, q := range map[string]struct {
		sql  string
		args []any
	}{
		"duplicate check": {s.eng.openByContact(), []any{0, 1, `["1:00"]`, `["1:00"]`, `["1:00"]`}},
		"customer search": {"SELECT 1 WHERE 0" + search, []any{[]byte{0}, []byte{0}, []byte{0}, []byte{0}, []byte{0}, []byte{0}}},
	} {
		plan := queryPlan(t, s, q.sql, q.args...)
		for _, step := range plan {
			if f := strings.Fields(step); len(f) > 1 && f[0] == "SCAN" && (f[1] == "t" || f[1] == "tickets") {
				t.Errorf("%s reads a whole table or index: %q in\n%s", name, step, strings.Join(plan, "\n"))
			}
		}
	}
}

// queryPlan is the details of SQLite's plan for query.
func queryPlan(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.r.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

// A duplicate window longer than MaxDuplicateWindow is refused before
// anything is stored: a batch probes every week of each item's window.
func TestDuplicateWindowBounded(t *testing.T) {
	s, _, _ := slaStore(t)
	rule := dupRule
	rule.Window = MaxDuplicateWindow + time.Hour
	if _, err := s.Ingest(context.Background(), "bob", []Arrival{arrival("long1", "APP闪退")}, rule); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a window of %v: %v, want ErrInvalid", rule.Window, err)
	}
	var n int
	if err := s.r.QueryRow("SELECT count(*) FROM tickets").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d tickets stored, %v", n, err)
	}
}
