package store

import (
	"errors"
	"fmt"
)

// Sentinel errors; test with errors.Is. The concrete errors carry detail
// the UI shows.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")
	ErrForbidden = errors.New("forbidden")
	ErrInvalid   = errors.New("invalid")
	ErrDuplicate = errors.New("duplicate")
)

// ConflictError says the ticket changed since the caller read it.
type ConflictError struct {
	Key      string
	Expected int64
	Current  int64
	By       string // who made the latest change
	What     string // the latest change, e.g. "moved in_progress → testing"
}

func (e *ConflictError) Error() string {
	msg := fmt.Sprintf("%s changed since you opened it (version %d, now %d)", e.Key, e.Expected, e.Current)
	if e.By != "" {
		msg += fmt.Sprintf(": %s by %s", e.What, e.By)
	}
	return msg + "; the card was refreshed, try again"
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// ForbiddenError says the actor's role does not allow the action.
type ForbiddenError struct{ Actor, Action, Reason string }

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("%s may not %s: %s", e.Actor, e.Action, e.Reason)
}

// Is makes errors.Is(err, ErrForbidden) true.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// InvalidError is input the store refuses; the message names the field.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

func invalid(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}

func notFound(what string) error { return fmt.Errorf("%s: %w", what, ErrNotFound) }
