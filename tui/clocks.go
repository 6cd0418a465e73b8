package tui

import (
	"strings"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/sla"
)

// clockLines are the card detail's SLA clocks, one line each when the
// width allows, else two:
//
//	First response   breached  1h overdue  due 2026-03-02 08:30  target 2h, calendar time
//	Resolution       ok        22h left    due 2026-03-03 07:30  target 1d, calendar time
//
// Clocks the policy does not run are left out.
func (d *detail) clockLines(w int) []string {
	l, st := d.e.lang, d.e.styles
	type row struct{ name, state, left, due, target string }
	var rs []row
	var states []int
	nameW, stateW, leftW := 0, 0, 0
	for _, c := range d.clocks {
		if c.State == sla.None {
			continue
		}
		r := row{
			name:   l.Clock(c.Kind.String()),
			state:  l.SLAState(c.State.String()),
			due:    l.T(i18n.ClockDue, stamp(d.e.now, c.Due)),
			target: clockTarget(l, c.Target),
		}
		switch c.State {
		case sla.Met:
			r.left = l.T(i18n.ClockStopped, stamp(d.e.now, c.StoppedAt))
		case sla.Breached:
			r.left = l.T(i18n.ClockOverdue, l.Span(-c.Remaining, working(c.Target)))
		default:
			r.left = l.T(i18n.ClockLeft, l.Span(c.Remaining, working(c.Target)))
		}
		rs = append(rs, r)
		states = append(states, clockInk(c.State))
		nameW = max(nameW, textsafe.Width(r.name))
		stateW = max(stateW, textsafe.Width(r.state))
		leftW = max(leftW, textsafe.Width(r.left))
	}
	if len(rs) == 0 {
		return []string{"  " + st.Dim.Render(l.T(i18n.DetailSLANone))}
	}
	inks := cardInksOf(st, false).sla
	var out []string
	for i, r := range rs {
		var ln line
		ln.add(ink{}, "  "+textsafe.PadRight(r.name, nameW)+"  ")
		lead := ln.w
		if states[i] >= 0 {
			ln.add(inks[states[i]], textsafe.PadRight(r.state, stateW))
		} else {
			ln.add(inkOf(st.Dim), textsafe.PadRight(r.state, stateW))
		}
		ln.add(ink{}, "  "+textsafe.PadRight(r.left, leftW))
		rest := r.due + "  " + r.target
		if ln.w+2+textsafe.Width(rest) <= w {
			ln.add(inkOf(st.Dim), "  "+rest)
			out = append(out, ln.String())
			continue
		}
		out = append(out, ln.String(), strings.Repeat(" ", lead)+st.Dim.Render(textsafe.Truncate(rest, max(w-lead, 1))))
	}
	return out
}

// clockInk is the SLA ink of a clock's state, or -1 for a stopped one.
func clockInk(s sla.State) int {
	switch s {
	case sla.OK:
		return dueOK
	case sla.AtRisk:
		return dueAtRisk
	case sla.Breached:
		return dueBreached
	}
	return -1
}

// clockTarget says how long a clock allows and how it counts: "target 2h,
// calendar time", "target 8h working time", "target 5 working days".
func clockTarget(l i18n.Lang, t sla.Target) string {
	switch {
	case t.Days > 0:
		return l.T(i18n.ClockTargetDays, t.Days)
	case t.Business:
		return l.T(i18n.ClockTargetWorking, l.Duration(t.Duration))
	}
	return l.T(i18n.ClockTargetHours, l.Duration(t.Duration))
}

// working is whether a clock of target t counts working time only.
func working(t sla.Target) bool { return t.Business || t.Days > 0 }
