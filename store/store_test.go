package store

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// newTestStore opens a fresh database with admin "ada", supervisor "sam",
// and agents "bob" and "cy".
func newTestStore(t testing.TB) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, testDB(t), WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []domain.Agent{
		{Name: "sam", Role: domain.RoleSupervisor, Team: "service_quality"},
		{Name: "bob", Role: domain.RoleAgent, Team: "tech_support"},
		{Name: "cy", Role: domain.RoleAgent, Team: "tech_support"},
	} {
		if err := s.AddAgent(ctx, "ada", a); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func mustCreate(t testing.TB, s *Store, title string) domain.Ticket {
	t.Helper()
	tk, err := s.CreateTicket(context.Background(), "bob", NewTicket{
		Title: title, Body: "body of " + title, Channel: domain.Hotline, Category: domain.Malfunction,
		Priority: domain.Medium, CustomerName: "张三丰", CustomerPhone: "+86 138-0013-8000",
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestFirstLoginIsAdminOthersRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		s, err := Open(ctx, testDB(t))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		a, err := s.Login(ctx, "first")
		if err != nil || a.Role != domain.RoleAdmin {
			t.Fatalf("first login: %+v %v", a, err)
		}
		if _, err := s.Login(ctx, "stranger"); !errors.Is(err, ErrForbidden) {
			t.Fatalf("second unknown login should be refused, got %v", err)
		}
		if _, err := s.Login(ctx, "Bad Name"); !errors.Is(err, ErrInvalid) {
			t.Fatalf("bad name: %v", err)
		}
	})
}

func TestCreateMasksPersonalData(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		tk := mustCreate(t, s, "支付失败")
		if tk.Customer.Name != "张**" || tk.Customer.Phone4 != "8000" {
			t.Fatalf("customer not masked: %+v", tk.Customer)
		}
		if tk.Key() != "FB-1001" || tk.Status != domain.Pending || tk.Team != "tech_support" || tk.Version != 1 {
			t.Fatalf("unexpected ticket: %+v", tk)
		}
		// The full number must not be anywhere in the file's tables.
		var n int
		if err := s.r.QueryRow("SELECT count(*) FROM tickets WHERE customer_phone4 LIKE '%0013%' OR customer_name LIKE '%三丰%'").Scan(&n); err != nil || n != 0 {
			t.Fatalf("personal data stored: %d %v", n, err)
		}
		if _, err := s.CreateTicket(context.Background(), "bob", NewTicket{Title: "x", Channel: domain.Hotline, CustomerPhone: "12ab"}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("bad phone accepted: %v", err)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		cases := map[string]NewTicket{
			"title":    {Channel: domain.Hotline},
			"channel":  {Title: "x", Channel: "fax"},
			"category": {Title: "x", Channel: domain.Email, Category: "weird"},
			"priority": {Title: "x", Channel: domain.Email, Priority: 7},
			"tier":     {Title: "x", Channel: domain.Email, CustomerTier: "gold"},
			"title:":   {Title: strings.Repeat("长", 201), Channel: domain.Email},
		}
		for field, in := range cases {
			_, err := s.CreateTicket(ctx, "bob", in)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), strings.TrimSuffix(field, ":")) {
				t.Errorf("%s: want invalid error naming the field, got %v", field, err)
			}
		}
		if c, _ := s.Counts(ctx); c[domain.Pending] != 0 {
			t.Fatalf("invalid tickets counted: %v", c)
		}
		// Body only: the title is derived from the first line.
		tk, err := s.CreateTicket(ctx, "bob", NewTicket{Body: "app crashes on start\nsince 2.3", Channel: domain.AppStore})
		if err != nil || tk.Title != "app crashes on start" {
			t.Fatalf("derived title: %q %v", tk.Title, err)
		}
	})
}

func TestTransitions(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		tk := mustCreate(t, s, "crash")
		// bob starts work on an unassigned card: he takes it.
		tk, err := s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		if err != nil || tk.Owner != "bob" || tk.Status != domain.InProgress {
			t.Fatalf("start: %+v %v", tk, err)
		}
		if _, err := s.Move(ctx, "bob", tk.ID, tk.Version, domain.Closed); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "cannot move from in_progress to closed") {
			t.Fatalf("invalid transition: %v", err)
		}
		if _, err := s.Move(ctx, "cy", tk.ID, tk.Version, domain.Testing); !errors.Is(err, ErrForbidden) {
			t.Fatalf("cy moved bob's card: %v", err)
		}
		for _, to := range []domain.Status{domain.Testing, domain.Resolved, domain.InProgress, domain.Resolved, domain.Closed} {
			if to == domain.Resolved {
				tk, _, err = s.Resolve(ctx, "bob", tk.ID, tk.Version, "restarted the service")
			} else {
				tk, err = s.Move(ctx, "bob", tk.ID, tk.Version, to)
			}
			if err != nil {
				t.Fatalf("move to %s: %v", to, err)
			}
		}
		if tk.ReopenCount != 1 || tk.ClosedAt.IsZero() {
			t.Fatalf("reopen not counted / closed time missing: %+v", tk)
		}
		counts, _ := s.Counts(ctx)
		if counts[domain.Closed] != 1 || counts[domain.Pending] != 0 || counts[domain.InProgress] != 0 {
			t.Fatalf("counts: %v", counts)
		}
		evs, _ := s.Timeline(ctx, tk.ID)
		var kinds []string
		for _, e := range evs {
			kinds = append(kinds, e.Kind+":"+e.After)
		}
		want := "created:pending moved:in_progress assigned:bob moved:testing edited:restarted the service moved:resolved reopened:in_progress moved:resolved moved:closed"
		if got := strings.Join(kinds, " "); got != want {
			t.Fatalf("timeline:\n got %s\nwant %s", got, want)
		}
	})
}

func TestStaleVersionConflictsAndChangesNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		tk := mustCreate(t, s, "refund")
		if _, err := s.Assign(ctx, "sam", tk.ID, tk.Version, "bob"); err != nil {
			t.Fatal(err)
		}
		_, err := s.Move(ctx, "sam", tk.ID, tk.Version, domain.InProgress) // stale version 1
		var ce *ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) || ce.By != "sam" || !strings.Contains(err.Error(), "assigned") {
			t.Fatalf("want conflict naming the change, got %v", err)
		}
		now, _ := s.Ticket(ctx, tk.ID)
		if now.Status != domain.Pending || now.Version != 2 {
			t.Fatalf("stale write changed the ticket: %+v", now)
		}
	})
}

// A change names what is missing: a ticket that does not exist is not
// found, an agent who is not active may not act (the actor and the ticket
// are read together).
func TestChangeByStrangerOrOfNoTicket(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		tk := mustCreate(t, s, "refund")
		if _, err := s.Move(ctx, "sam", tk.ID+100, 1, domain.InProgress); !errors.Is(err, ErrNotFound) {
			t.Fatalf("move of no ticket: %v", err)
		}
		if _, err := s.Move(ctx, "mallory", tk.ID, tk.Version, domain.InProgress); !errors.Is(err, ErrForbidden) {
			t.Fatalf("move by no agent: %v", err)
		}
		if _, err := s.Move(ctx, "mallory", tk.ID+100, 1, domain.InProgress); !errors.Is(err, ErrForbidden) {
			t.Fatalf("move of no ticket by no agent: %v", err)
		}
	})
}

func TestConcurrentMovesExactlyOneWins(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		for round := 0; round < 20; round++ {
			tk := mustCreate(t, s, "race")
			before, _ := s.LatestSeq(ctx)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			targets := []domain.Status{domain.InProgress, domain.InProgress}
			actors := []string{"sam", "ada"}
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = s.Move(ctx, actors[i], tk.ID, tk.Version, targets[i])
				}()
			}
			wg.Wait()
			wins := 0
			for _, err := range errs {
				if err == nil {
					wins++
				} else if !errors.Is(err, ErrConflict) {
					t.Fatalf("loser got %v, want conflict", err)
				}
			}
			if wins != 1 {
				t.Fatalf("round %d: %d winners: %v", round, wins, errs)
			}
			evs, _ := s.EventsAfter(ctx, before, 100)
			if len(evs) != 2 { // moved + assigned of the single winner
				t.Fatalf("round %d: events %+v", round, evs)
			}
		}
	})
}

func TestAssignRules(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		tk := mustCreate(t, s, "slow delivery")
		if _, err := s.Assign(ctx, "bob", tk.ID, tk.Version, "cy"); !errors.Is(err, ErrForbidden) {
			t.Fatalf("agent assigned to someone else: %v", err)
		}
		tk, err := s.Assign(ctx, "bob", tk.ID, tk.Version, "bob") // take
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Assign(ctx, "cy", tk.ID, tk.Version, "cy"); !errors.Is(err, ErrForbidden) {
			t.Fatalf("cy took bob's card: %v", err)
		}
		if tk, err = s.Assign(ctx, "sam", tk.ID, tk.Version, "cy"); err != nil || tk.Owner != "cy" {
			t.Fatalf("supervisor reassign: %v", err)
		}
		if _, err := s.Assign(ctx, "sam", tk.ID, tk.Version, "ghost"); !errors.Is(err, ErrInvalid) {
			t.Fatalf("assign to unknown: %v", err)
		}
	})
}

func TestNotesAndEdits(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		tk := mustCreate(t, s, "invoice")
		tk, err := s.AddNote(ctx, "cy", tk.ID, tk.Version, "客户说周五前要答复")
		if err != nil || tk.Notes != 1 {
			t.Fatalf("note: %v", err)
		}
		notes, _ := s.Notes(ctx, tk.ID)
		if len(notes) != 1 || notes[0].Author != "cy" {
			t.Fatalf("notes: %+v", notes)
		}
		hi := domain.High
		title := "invoice missing"
		tk, err = s.Update(ctx, "sam", tk.ID, tk.Version, Patch{Priority: &hi, Title: &title})
		if err != nil || tk.Priority != domain.High || tk.Title != title {
			t.Fatalf("update: %+v %v", tk, err)
		}
		if _, err := s.Update(ctx, "cy", tk.ID, tk.Version, Patch{Title: &title}); !errors.Is(err, ErrForbidden) {
			t.Fatalf("agent edited unowned card: %v", err)
		}
	})
}

func TestEventsAreAppendOnly(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		mustCreate(t, s, "x")
		if _, err := s.w.Exec("UPDATE events SET actor = 'mallory'"); err == nil {
			t.Fatal("events updated")
		}
		if _, err := s.w.Exec("DELETE FROM events"); err == nil {
			t.Fatal("events deleted")
		}
	})
}

func TestDuplicateExternalID(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		in := NewTicket{ExternalID: "wx-77", Title: "物流太慢", Channel: domain.WeChat}
		a, err := s.CreateTicket(ctx, "bob", in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreateTicket(ctx, "bob", in)
		if !errors.Is(err, ErrDuplicate) || b.ID != a.ID {
			t.Fatalf("dup: %v %v", b.ID, err)
		}
		res, err := s.CreateBatch(ctx, "bob", []NewTicket{in, {Title: "new", Channel: domain.Email}, {Channel: domain.Email}})
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(res[0].Err, ErrDuplicate) || res[1].Err != nil || !errors.Is(res[2].Err, ErrInvalid) {
			t.Fatalf("batch results: %+v", res)
		}
	})
}

func TestMigrationsOnExistingFile(t *testing.T) {
	ctx := context.Background()
	path := testDB(t)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTicket(ctx, "ada", NewTicket{Title: "kept", Channel: domain.Email}); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.SchemaVersion(ctx)
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v2, _ := s.SchemaVersion(ctx)
	tk, err := s.TicketByKey(ctx, "FB-1001")
	if err != nil || tk.Title != "kept" || v1 != v2 || v1 == 0 {
		t.Fatalf("reopen: %v %v %d %d", tk.Title, err, v1, v2)
	}
	if _, err := s.w.Exec("INSERT INTO schema_migrations VALUES (9999, 'future', 0)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("future schema accepted: %v", err)
	}
}

func TestKeysetPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		var all []NewTicket
		for i := range 25 {
			p := domain.Priority(i % 3)
			all = append(all, NewTicket{Title: "t", Channel: domain.Email, Priority: p})
		}
		if _, err := s.CreateBatch(ctx, "bob", all); err != nil {
			t.Fatal(err)
		}
		var seen []int64
		var cur *Cursor
		dir := From
		for {
			page, err := s.Page(ctx, PageQuery{Status: domain.Pending, Cursor: cur, Dir: dir, Limit: 7})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, tk := range page {
				seen = append(seen, tk.ID)
			}
			c := CursorOf(page[len(page)-1])
			cur, dir = &c, After
		}
		if len(seen) != 25 {
			t.Fatalf("paged %d tickets", len(seen))
		}
		last, _ := s.Page(ctx, PageQuery{Status: domain.Pending, Dir: Before, Limit: 3})
		if len(last) != 3 || last[2].ID != seen[24] {
			t.Fatalf("bottom page %+v", last)
		}
		// Walking up from the bottom gives the same order, across priorities.
		var back []int64
		cur = nil
		for {
			page, err := s.Page(ctx, PageQuery{Status: domain.Pending, Cursor: cur, Dir: Before, Limit: 4})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for i := len(page) - 1; i >= 0; i-- {
				back = append(back, page[i].ID)
			}
			c := CursorOf(page[0])
			cur = &c
		}
		for i := range seen {
			if len(back) != len(seen) || back[len(back)-1-i] != seen[i] {
				t.Fatalf("backward walk %v differs from forward %v", back, seen)
			}
		}
		from, _ := s.Page(ctx, PageQuery{Status: domain.Pending, Cursor: &Cursor{Priority: domain.Medium, ID: seen[10]}, Dir: From, Limit: 2})
		if len(from) != 2 || from[0].ID != seen[10] {
			t.Fatalf("page from a card: %+v", from)
		}
		high := domain.High
		n, capped, _ := s.CountUpTo(ctx, domain.Pending, Filter{Priority: &high}, 5)
		if n != 5 || !capped {
			t.Fatalf("capped count %d %v", n, capped)
		}
		found, _ := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: Filter{Search: "fb-1003"}})
		if len(found) != 1 || found[0].ID != 3 {
			t.Fatalf("search by key: %+v", found)
		}
		none, _ := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: Filter{Search: "100%"}})
		if len(none) != 0 {
			t.Fatal("LIKE wildcard not escaped")
		}
	})
}

func TestBackup(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	mustCreate(t, s, "backed up")
	dest := testDB(t)
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dest); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	c, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if tk, err := c.TicketByKey(ctx, "FB-1001"); err != nil || tk.Title != "backed up" {
		t.Fatalf("backup content: %v", err)
	}
}

func TestAgentKeys(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		ctx := context.Background()
		if err := s.AddAgentKey(ctx, "sam", "bob", "SHA256:abc", "ssh-ed25519 AAAA bob"); !errors.Is(err, ErrForbidden) {
			t.Fatalf("supervisor managed keys: %v", err)
		}
		if err := s.AddAgentKey(ctx, "ada", "bob", "SHA256:abc", "ssh-ed25519 AAAA bob"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAgentKey(ctx, "ada", "cy", "SHA256:abc", "ssh-ed25519 AAAA bob"); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("same key twice: %v", err)
		}
		a, err := s.AgentByKey(ctx, "SHA256:abc")
		if err != nil || a.Name != "bob" {
			t.Fatalf("by key: %+v %v", a, err)
		}
		if err := s.RemoveAgent(ctx, "ada", "bob"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AgentByKey(ctx, "SHA256:abc"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("removed agent's key still logs in: %v", err)
		}
	})
}

// TestNULInTextKept: a NUL in customer text (PostgreSQL's text cannot hold
// one) is stored as U+FFFD on both engines instead of failing the item.
func TestNULInTextKept(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t)
		tk, err := s.CreateTicket(context.Background(), "bob", NewTicket{
			Title: "app\x00crash", Body: "line\x00two", Channel: domain.Hotline, Category: domain.Malfunction, Priority: domain.Medium,
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Ticket(context.Background(), tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "app\uFFFDcrash" || got.Body != "line\uFFFDtwo" {
			t.Fatalf("stored %q / %q", got.Title, got.Body)
		}
	})
}
