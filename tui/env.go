package tui

import (
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/intake"
)

// env is what every component reads and none changes: the language, the
// key map, the styles, the acting agent and the clock. Each session has its
// own; nothing is global.
type env struct {
	lang   i18n.Lang
	keys   KeyMap
	styles Styles
	me     domain.Agent
	now    func() time.Time
	// zoneName names the desk's zone at an instant, shown beside times.
	zoneName func(at time.Time) string
	intake   *intake.Intake // triage for the new-ticket form's suggestions; nil: none
	renders  *Renders       // drawn cards, shared with the process's other sessions
}
