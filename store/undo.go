package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Why an undo is refused (UndoError.Why).
const (
	UndoNothing = "nothing"    // the last change left no record undo can read (an import)
	UndoNotMine = "not_mine"   // the last change was someone else's
	UndoKind    = "kind"       // the last change was not a move or an assignment (or was an undo)
	UndoNoWay   = "no_way"     // the column it came from cannot be reached back by a move
	UndoGone    = "owner_gone" // the agent it came from is no longer active
)

// UndoError is an undo the store refused, with what the UI needs to say
// why in its own words.
type UndoError struct {
	Key    string // the ticket
	Why    string // Undo*
	Actor  string // UndoNotMine: whose change it was
	Detail string // UndoKind: the event kind; UndoNoWay: the column; UndoGone: the agent
}

func (e *UndoError) Error() string {
	switch e.Why {
	case UndoNotMine:
		return fmt.Sprintf("%s: the last change was %s's, not yours", e.Key, e.Actor)
	case UndoKind:
		return fmt.Sprintf("%s: the last change (%s) is not a move or an assignment", e.Key, e.Detail)
	case UndoNoWay:
		return fmt.Sprintf("%s: cannot move back to %s (resolve or reopen it instead)", e.Key, e.Detail)
	case UndoGone:
		return fmt.Sprintf("%s: %s is no longer an active agent", e.Key, e.Detail)
	}
	return e.Key + ": its last change cannot be undone"
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *UndoError) Is(target error) bool { return target == ErrInvalid }

// Undo puts back the actor's last move or assignment of ticket id, as a
// change of its own: one transaction, the version check (version is the
// one that move or assignment produced, so a card changed since is a
// conflict), the reverse changes as moved/assigned events and an undone
// event naming the version undone. A reopen or a resolve is not undone
// by a move (it would need a summary or the customer); nor is anything
// but a move or an assignment.
func (s *Store) Undo(ctx context.Context, actor string, id, version int64) (domain.Ticket, error) {
	return s.mutate(ctx, actor, id, version, func(tx *wtx, a domain.Agent, t *domain.Ticket) ([]change, error) {
		last, err := changeEvents(ctx, tx, id, version)
		if err != nil {
			return nil, err
		}
		refuse := func(why, actor, detail string) error {
			return &UndoError{Key: t.Key(), Why: why, Actor: actor, Detail: detail}
		}
		if len(last) == 0 {
			return nil, refuse(UndoNothing, "", "")
		}
		var changes []change
		for _, e := range last {
			if e.Actor != a.Name {
				return nil, refuse(UndoNotMine, e.Actor, "")
			}
			switch {
			case (e.Kind == domain.EvMoved || e.Kind == domain.EvReopened) && e.Field == "status":
				back := domain.Status(e.Before)
				if domain.IsReopen(domain.Status(e.Before), domain.Status(e.After)) || back == domain.Resolved || domain.CheckMove(t.Status, back) != nil {
					return nil, refuse(UndoNoWay, "", e.Before)
				}
				changes = append(changes, setStatus(t, back, s.now()))
			case e.Kind == domain.EvAssigned && e.Field == "owner":
				if e.Before != "" {
					var active bool
					if err := tx.QueryRowContext(ctx, "SELECT active FROM agents WHERE name = ?", e.Before).Scan(&active); err != nil || !active {
						return nil, refuse(UndoGone, "", e.Before)
					}
				}
				changes = append(changes, change{domain.EvAssigned, "owner", t.Owner, e.Before})
				t.Owner = e.Before
			default:
				return nil, refuse(UndoKind, "", e.Kind)
			}
		}
		return append(changes, change{domain.EvUndone, "", "", strconv.FormatInt(version, 10)}), nil
	})
}

// changeEvents are the events of the change that made ticket id's version.
func changeEvents(ctx context.Context, tx *wtx, id, version int64) ([]domain.Event, error) {
	rows, err := tx.QueryContext(ctx, "SELECT actor, kind, field, before, after FROM events WHERE ticket_id = ? AND version = ? ORDER BY seq", id, version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Event
	for rows.Next() {
		var e domain.Event
		if err := rows.Scan(&e.Actor, &e.Kind, &e.Field, &e.Before, &e.After); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
