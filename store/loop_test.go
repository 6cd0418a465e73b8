package store

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// loopStore opens a desk with admin "ada", supervisor "sam" and agents
// "bob" and "cy", on a clock the test moves.
func loopStore(t *testing.T) (*Store, *atomic.Int64) {
	t.Helper()
	ctx := context.Background()
	var now atomic.Int64
	now.Store(t0.UnixMilli())
	s, err := Open(ctx, testDB(t), WithClock(func() time.Time { return time.UnixMilli(now.Load()) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []domain.Agent{
		{Name: "sam", DisplayName: "Sam Li", Role: domain.RoleSupervisor},
		{Name: "bob", DisplayName: "Bob", Role: domain.RoleAgent, Team: "tech_support"},
		{Name: "cy", Role: domain.RoleAgent},
	} {
		if err := s.AddAgent(ctx, "ada", a); err != nil {
			t.Fatal(err)
		}
	}
	return s, &now
}

// working creates a ticket of priority p that bob has started on.
func working(t *testing.T, s *Store, title string, p domain.Priority) domain.Ticket {
	t.Helper()
	ctx := context.Background()
	tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: title, Body: "details of " + title, Channel: domain.WebForm,
		Category: domain.Malfunction, Priority: p, CustomerName: "张三丰", CustomerPhone: "13800138000"})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err = s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	return tk
}

// resolved is working + resolved by bob (medium priority: no approval).
func resolved(t *testing.T, s *Store, title string) domain.Ticket {
	t.Helper()
	tk := working(t, s, title, domain.Medium)
	tk, pending, err := s.Resolve(context.Background(), "bob", tk.ID, tk.Version, "replaced the router")
	if err != nil || pending || tk.Status != domain.Resolved {
		t.Fatalf("resolve: %+v %v %v", tk, pending, err)
	}
	return tk
}

// kinds lists a ticket's events as kind:field, for compact assertions.
func kinds(t *testing.T, s *Store, id int64) string {
	t.Helper()
	evs, err := s.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, e.Kind+":"+e.Field)
	}
	return strings.Join(out, " ")
}

func wantErr(t *testing.T, err, target error, contains string) {
	t.Helper()
	if !errors.Is(err, target) || !strings.Contains(err.Error(), contains) {
		t.Fatalf("got error %v, want %v containing %q", err, target, contains)
	}
}
