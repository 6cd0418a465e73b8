package report

import (
	"time"

	"github.com/loopdesk/loopdesk/store"
)

// Doc is the JSON shape of a report (`report --format json`): snake_case
// keys, enum names for enums, days as YYYY-MM-DD in the desk's time zone
// and durations in seconds, so a program reads it without knowing Go.
type Doc struct {
	From              string         `json:"from"`
	To                string         `json:"to"` // exclusive
	Received          int            `json:"received"`
	Resolved          int            `json:"resolved"`
	Done              int            `json:"done"` // of those received in the range, resolved or closed now
	ResolutionRate    float64        `json:"resolution_rate"`
	AvgHandlingSecs   int64          `json:"avg_handling_seconds"`
	ReopenRate        float64        `json:"reopen_rate"`
	Negative          int            `json:"negative"`
	Positive          int            `json:"positive"`
	ByChannel         []CountDoc     `json:"by_channel"`
	ByCategory        []CountDoc     `json:"by_category"`
	Daily             []DayDoc       `json:"daily"`
	SLA               []SLADoc       `json:"sla"`
	CSAT              CSATDoc        `json:"csat"`
	Agents            []AgentDoc     `json:"agents"`
	Keywords          []CountDoc     `json:"keywords"`
	Backlog           map[string]int `json:"backlog"` // status name → open tickets
	BacklogByAge      []CountDoc     `json:"backlog_by_age"`
	TargetResolution  float64        `json:"target_resolution_rate"`
	TargetHandlingSec int64          `json:"target_handling_seconds"`
}

// CountDoc is a value and how often it occurred.
type CountDoc struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// DayDoc is one day of the trend.
type DayDoc struct {
	Day      string `json:"day"`
	Received int    `json:"received"`
	Resolved int    `json:"resolved"`
	Negative int    `json:"negative"`
}

// SLADoc is one priority's clock attainment.
type SLADoc struct {
	Priority            string `json:"priority"`
	FirstResponseMet    int    `json:"first_response_met"`
	FirstResponseBreach int    `json:"first_response_breached"`
	FirstResponseOpen   int    `json:"first_response_open"`
	ResolutionMet       int    `json:"resolution_met"`
	ResolutionBreached  int    `json:"resolution_breached"`
	ResolutionOpen      int    `json:"resolution_open"`
}

// CSATDoc is satisfaction averaged over the scores given in the range.
type CSATDoc struct {
	Scores        int     `json:"scores"`
	Timeliness    float64 `json:"timeliness"`
	Effectiveness float64 `json:"effectiveness"`
	Attitude      float64 `json:"attitude"`
	Overall       float64 `json:"overall"`
	LowShare      float64 `json:"low_share"`
}

// AgentDoc is one agent's share of the work.
type AgentDoc struct {
	Agent           string  `json:"agent"`
	Resolved        int     `json:"resolved"`
	Reopened        int     `json:"reopened"`
	AvgHandlingSecs int64   `json:"avg_handling_seconds"`
	OpenNow         int     `json:"open_now"`
	CSATOverall     float64 `json:"csat_overall"`
	CSATCount       int     `json:"csat_count"`
}

func secs(d time.Duration) int64 { return int64(d / time.Second) }

func counts(cs []store.Count) []CountDoc {
	out := make([]CountDoc, 0, len(cs))
	for _, c := range cs {
		out = append(out, CountDoc{Key: c.Key, Count: c.N})
	}
	return out
}

// ToDoc lays a report out in its JSON shape.
func ToDoc(r store.Report) Doc {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	d := Doc{From: day(r.From), To: day(r.To), Received: r.Created, Resolved: r.Resolved, Done: r.Done,
		ResolutionRate: r.ResolutionRate, AvgHandlingSecs: secs(r.AvgHandling), ReopenRate: r.ReopenRate,
		Negative: r.Negative, Positive: r.Positive,
		ByChannel: counts(r.ByChannel), ByCategory: counts(r.ByCategory), Keywords: counts(r.Keywords),
		BacklogByAge: counts(r.BacklogByAge),
		CSAT: CSATDoc{Scores: r.CSAT.N, Timeliness: r.CSAT.Timeliness, Effectiveness: r.CSAT.Effectiveness,
			Attitude: r.CSAT.Attitude, Overall: r.CSAT.Overall, LowShare: r.CSAT.LowShare},
		Daily: []DayDoc{}, SLA: []SLADoc{}, Agents: []AgentDoc{}, Backlog: map[string]int{},
		TargetResolution: store.TargetResolutionRate, TargetHandlingSec: secs(store.TargetHandling),
	}
	for _, p := range r.Daily {
		d.Daily = append(d.Daily, DayDoc{Day: day(p.Day), Received: p.Created, Resolved: p.Resolved, Negative: p.Negative})
	}
	for _, s := range r.SLA {
		d.SLA = append(d.SLA, SLADoc{Priority: s.Priority.String(), FirstResponseMet: s.FirstMet,
			FirstResponseBreach: s.FirstBreached, FirstResponseOpen: s.FirstOpen,
			ResolutionMet: s.ResolveMet, ResolutionBreached: s.ResolveBreached, ResolutionOpen: s.ResolveOpen})
	}
	for _, a := range r.Agents {
		d.Agents = append(d.Agents, AgentDoc{Agent: a.Agent, Resolved: a.Resolved, Reopened: a.Reopened,
			AvgHandlingSecs: secs(a.AvgHandling), OpenNow: a.OpenNow, CSATOverall: a.CSATOverall, CSATCount: a.CSATCount})
	}
	for st, n := range r.Backlog {
		d.Backlog[string(st)] = n
	}
	return d
}
