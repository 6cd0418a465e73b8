package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// How long a message stays on the status line. A refusal or a failure
// stays longer than news: the agent has to read why.
const (
	infoFade  = 5 * time.Second
	errorFade = 12 * time.Second
)

// fadeMsg is the status line's tick: one is pending while a message shows
// (never one per frame); it clears the message once it is old enough.
type fadeMsg struct{}

// lasts is how long s stays on the status line.
func (s status) lasts() time.Duration {
	if s.err {
		return errorFade
	}
	return infoFade
}

// stampStatus dates a message that has just been put on the status line
// and starts the fade tick if none is pending. The model's clock dates it,
// so a test fades a message by moving its clock and sending fadeMsg.
func (m *Model) stampStatus() tea.Cmd {
	if m.status.text == "" || !m.status.at.IsZero() {
		return nil
	}
	m.status.at = m.env.now()
	return m.fadeLater(m.status.lasts())
}

// onFade clears an old message, or waits for the rest of its time.
func (m *Model) onFade() tea.Cmd {
	m.fading = false
	if m.status.text == "" {
		return nil
	}
	left := m.status.lasts() - m.env.now().Sub(m.status.at)
	if left <= 0 {
		m.status = status{}
		return nil
	}
	return m.fadeLater(left)
}

// fadeLater schedules the fade tick in d, unless one is pending or timers
// are off (tests send fadeMsg themselves).
func (m *Model) fadeLater(d time.Duration) tea.Cmd {
	if m.fading || m.tick <= 0 {
		return nil
	}
	m.fading = true
	return tea.Tick(d, func(time.Time) tea.Msg { return fadeMsg{} })
}
