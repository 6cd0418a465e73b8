package i18n

import (
	"time"

	"github.com/loopdesk/loopdesk/sla"
)

// Duration writes a remaining or overdue span of calendar time in l's
// words, compact enough for a card: "2h13m", "3d4h"; "2小时13分", "3天4小时".
func (l Lang) Duration(d time.Duration) string {
	if l != ZH {
		return sla.FormatDuration(d)
	}
	return sla.Units{Day: l.T(UnitDay), Hour: l.T(UnitHour), Minute: l.T(UnitMinute)}.Format(d)
}

// WorkingDuration writes a span of business time as working hours, never
// days ("37h work", "37工作小时"): a clock that counts only working hours
// and is due in a week would read "1d13h" otherwise. From ten hours on,
// whole hours are precise enough ("2h30m work", "22h work").
func (l Lang) WorkingDuration(d time.Duration) string {
	if d >= 10*time.Hour || d <= -10*time.Hour {
		d = d.Truncate(time.Hour) // toward zero, as every duration here
	}
	u := sla.Short
	if l == ZH {
		u = sla.Units{Hour: l.T(UnitWorkHour), Minute: l.T(UnitMinute)}
	}
	return l.T(WorkingTime, u.FormatHours(d))
}

// Span is Duration or WorkingDuration, as the clock counts.
func (l Lang) Span(d time.Duration, business bool) string {
	if business {
		return l.WorkingDuration(d)
	}
	return l.Duration(d)
}
