package store

import (
	"context"
	"errors"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// TestUndoMoveThatTookTheCard: starting work on an unassigned card moves
// and assigns it in one change; undo puts both back in one change of its
// own, recorded as such, and the column counts follow.
func TestUndoMoveThatTookTheCard(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		s := newTestStore(t)
		tk := mustCreate(t, s, "printer jams")
		moved, err := s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		if err != nil || moved.Owner != "bob" {
			t.Fatalf("move: %v, owner %q", err, moved.Owner)
		}
		back, err := s.Undo(ctx, "bob", moved.ID, moved.Version)
		if err != nil {
			t.Fatal(err)
		}
		if back.Status != domain.Pending || back.Owner != "" || back.Version != moved.Version+1 {
			t.Fatalf("after undo: %s, owner %q, version %d", back.Status, back.Owner, back.Version)
		}
		evs, err := s.Timeline(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		tail := evs[len(evs)-3:]
		if tail[0].Kind != domain.EvMoved || tail[0].Before != "in_progress" || tail[0].After != "pending" ||
			tail[1].Kind != domain.EvAssigned || tail[1].Before != "bob" || tail[1].After != "" ||
			tail[2].Kind != domain.EvUndone || tail[2].After != "2" || tail[2].Actor != "bob" {
			t.Fatalf("undo events: %+v", tail)
		}
		counts, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts[domain.Pending] != 1 || counts[domain.InProgress] != 0 {
			t.Errorf("column counts after undo: %v", counts)
		}
		// An undo is not undone again.
		var ue *UndoError
		if _, err := s.Undo(ctx, "bob", back.ID, back.Version); !errors.As(err, &ue) || ue.Why != UndoKind {
			t.Errorf("undo of an undo: %v", err)
		}
	})
}

// TestUndoReassignment: a supervisor's reassignment goes back to the
// agent it came from.
func TestUndoReassignment(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		s := newTestStore(t)
		tk := mustCreate(t, s, "refund")
		tk, _ = s.Assign(ctx, "sam", tk.ID, tk.Version, "bob")
		tk, err := s.Assign(ctx, "sam", tk.ID, tk.Version, "cy")
		if err != nil {
			t.Fatal(err)
		}
		back, err := s.Undo(ctx, "sam", tk.ID, tk.Version)
		if err != nil || back.Owner != "bob" {
			t.Fatalf("undo: %v, owner %q", err, back.Owner)
		}
	})
}

// TestUndoRefused: a card changed since, someone else's change, a change
// that is not a move or an assignment, a reopen and a departed owner are
// each refused, and nothing is written.
func TestUndoRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		s := newTestStore(t)
		why := func(err error) string {
			var ue *UndoError
			if errors.As(err, &ue) {
				return ue.Why
			}
			return err.Error()
		}

		tk := mustCreate(t, s, "changed since")
		moved, _ := s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		if _, err := s.AddNote(ctx, "sam", moved.ID, moved.Version, "called the customer"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Undo(ctx, "bob", moved.ID, moved.Version); !errors.Is(err, ErrConflict) {
			t.Errorf("undo after someone else's note: %v, want a conflict", err)
		}

		tk = mustCreate(t, s, "someone else's")
		tk, _ = s.Assign(ctx, "sam", tk.ID, tk.Version, "cy")
		if _, err := s.Undo(ctx, "bob", tk.ID, tk.Version); why(err) != UndoNotMine {
			t.Errorf("undo of sam's assignment by bob: %v", err)
		}

		tk = mustCreate(t, s, "an edit")
		p := domain.High
		tk, err := s.Update(ctx, "sam", tk.ID, tk.Version, Patch{Priority: &p})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Undo(ctx, "sam", tk.ID, tk.Version); why(err) != UndoKind {
			t.Errorf("undo of an edit: %v", err)
		}

		tk = mustCreate(t, s, "a reopen")
		tk, _ = s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		tk, _, err = s.Resolve(ctx, "bob", tk.ID, tk.Version, "fixed")
		if err != nil {
			t.Fatal(err)
		}
		tk, err = s.Move(ctx, "bob", tk.ID, tk.Version, domain.InProgress)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Undo(ctx, "bob", tk.ID, tk.Version); why(err) != UndoNoWay {
			t.Errorf("undo of a reopen: %v", err)
		}

		tk = mustCreate(t, s, "owner gone")
		tk, _ = s.Assign(ctx, "sam", tk.ID, tk.Version, "cy")
		tk, _ = s.Assign(ctx, "sam", tk.ID, tk.Version, "bob")
		if err := s.RemoveAgent(ctx, "ada", "cy"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Undo(ctx, "sam", tk.ID, tk.Version); why(err) != UndoGone {
			t.Errorf("undo back to a removed agent: %v", err)
		}
		if got, _ := s.Ticket(ctx, tk.ID); got.Version != tk.Version || got.Owner != "bob" {
			t.Errorf("a refused undo changed the card: %+v", got)
		}
	})
}
