package tui

import (
	"context"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// IntakeDesk is the part of the store the intake views use: the
// emergency banner and the list of rejected feedback. Desk embeds it.
type IntakeDesk interface {
	ActiveEmergency(ctx context.Context) (store.Emergency, bool, error)
	Rejected(ctx context.Context, limit int, before int64) ([]store.RejectedItem, error)
	RestoreRejected(ctx context.Context, actor string, id int64) (domain.Ticket, error)
}

// alerts are what the board announces besides its cards: a surge of
// negative feedback (nil when there is none or it was dismissed) and how
// many @mentions of Me are unread.
type alerts struct {
	emergency *emergency
	unread    int
}

// emergency is what the banner says: lastHour negative items against a
// usual baseline per hour.
type emergency struct {
	lastHour int
	baseline float64
}

// alertsMsg is the badge read again and, at load, the active emergency.
type alertsMsg struct {
	unread    int
	emergency *emergency
	err       error
}

// loadAlerts reads the unread mentions and, with emergencyToo (at load:
// a board opening mid-surge shows the banner too), the active emergency.
// Feed batches read only the badge, so a dismissed banner stays away.
func (m *Model) loadAlerts(emergencyToo bool) tea.Cmd {
	d, ctx, me := m.desk, m.ctx, m.env.me.Name
	return func() tea.Msg {
		var msg alertsMsg
		if msg.unread, msg.err = d.UnreadMentions(ctx, me); msg.err != nil || !emergencyToo {
			return msg
		}
		e, ok, err := d.ActiveEmergency(ctx)
		if ok {
			msg.emergency = &emergency{lastHour: e.LastHour, baseline: e.Baseline}
		}
		msg.err = err
		return msg
	}
}

func (m *Model) applyAlerts(msg alertsMsg) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
		return nil
	}
	m.alerts.unread = msg.unread
	if msg.emergency != nil {
		return m.setEmergency(msg.emergency)
	}
	return nil
}

// setEmergency shows the banner (nil hides it). The board gives the
// banner a row, so a window that now holds a different number of cards
// is reloaded.
func (m *Model) setEmergency(e *emergency) tea.Cmd {
	before := m.capacity()
	m.alerts.emergency = e
	if m.capacity() != before {
		return m.reload(m.board.request())
	}
	return nil
}

// alertsOnFeed raises the banner for an emergency event in the batch
// (the event carries the numbers: Before the baseline, After the last
// hour's count) and reads the badge again. It runs before the batch's
// reload, so that reload already sizes the board for the banner.
func (m *Model) alertsOnFeed(b live.Batch) tea.Cmd {
	for _, e := range b.Events {
		if e.Kind != domain.EvEmergency {
			continue
		}
		base, _ := strconv.ParseFloat(e.Before, 64)
		n, _ := strconv.Atoi(e.After)
		m.alerts.emergency = &emergency{lastHour: n, baseline: base}
	}
	return m.loadAlerts(false)
}

// bannerRows is how many rows the banner takes from the board.
func (m *Model) bannerRows() int {
	if m.alerts.emergency == nil {
		return 0
	}
	return 1
}

// boardWithBanner is the board under the emergency banner, if any, as
// exactly h lines.
func (m *Model) boardWithBanner(w, h int) boardLines {
	e := m.alerts.emergency
	if e == nil || h < 2 {
		return m.boardView(w, h)
	}
	l := m.env.lang
	text := l.T(i18n.BannerEmergency, e.lastHour, strconv.FormatFloat(e.baseline, 'f', 1, 64), m.env.keys.Dismiss.Help().Key)
	banner := m.env.styles.Banner.Render(textsafe.PadRight(textsafe.Truncate(text, w), w))
	b := m.boardView(w, h-1)
	return boardLines{lines: append([]string{banner}, b.lines...), pieces: append([][]string{nil}, b.pieces...), widths: b.widths}
}
