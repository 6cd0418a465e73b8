package store

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// ReportFilter narrows the metrics: a time range [From, To) in whole days
// of the desk's time zone, and optional dimensions.
type ReportFilter struct {
	From, To time.Time
	Team     string
	Channel  domain.Channel
	Category domain.Category
	Priority *domain.Priority
	// Agent narrows the agents table to one agent. Volume, SLA, CSAT and
	// backlog stay those of the filtered desk; the agents table ignores
	// the other dimensions (agent rollups are kept per agent and day).
	Agent string
}

// Count is a value and how often it occurred.
type Count struct {
	Key string
	N   int
}

// DayPoint is one day of the volume trend.
type DayPoint struct {
	Day      time.Time
	Created  int
	Resolved int
	Negative int
}

// SLARow is attainment of one priority's first-response and resolution
// clocks for tickets received in the range.
type SLARow struct {
	Priority                    domain.Priority
	FirstMet, FirstBreached     int
	FirstOpen                   int // neither yet
	ResolveMet, ResolveBreached int
	ResolveOpen                 int
}

// AgentRow is one agent's share of the work.
type AgentRow struct {
	Agent       string
	Resolved    int
	Reopened    int
	AvgHandling time.Duration
	OpenNow     int // cards assigned now, any open status
	CSATOverall float64
	CSATCount   int
}

// CSAT is satisfaction averaged over the scores given in the range.
type CSAT struct {
	N                                            int
	Timeliness, Effectiveness, Attitude, Overall float64
	LowShare                                     float64 // share of scores with any dimension ≤ 3
}

// Report is every number the supervisor's dashboard and `loopdesk report`
// show, computed from the maintained rollups (never a scan of tickets).
type Report struct {
	From, To       time.Time
	Created        int
	Resolved       int
	Done           int // of the tickets received in the range, resolved or closed now
	ResolutionRate float64
	AvgHandling    time.Duration
	ReopenRate     float64 // reopens per resolution in the range
	Negative       int
	Positive       int
	ByChannel      []Count
	ByCategory     []Count // most frequent first
	Daily          []DayPoint
	SLA            []SLARow
	CSAT           CSAT
	Agents         []AgentRow
	Keywords       []Count // most frequent first, at most 20
	Backlog        map[domain.Status]int
	BacklogByAge   []Count // open tickets by age: <1d, 1–3d, 3–7d, 7–30d, >30d
	Waiting        WaitSummary
	Compensation   []CompensationSum // approved, by kind, category, channel and month
}

// Targets the desk is measured against (the feedback-handling guidelines).
const (
	TargetResolutionRate = 0.90
	TargetHandling       = 24 * time.Hour
)

// Report computes the metrics for f. Its cost is the number of rollup rows
// in the range (about one per day × channel × category × priority × owner
// in use), independent of the number of tickets.
func (s *Store) Report(ctx context.Context, f ReportFilter) (Report, error) {
	r := Report{From: f.From, To: f.To}
	fromDay, toDay := s.dayOf(f.From), s.dayOf(f.To)
	where, args := "day >= ? AND day < ?", []any{fromDay, toDay}
	if f.Team != "" {
		where, args = where+" AND team = ?", append(args, f.Team)
	}
	if f.Channel != "" {
		where, args = where+" AND channel = ?", append(args, string(f.Channel))
	}
	if f.Category != "" {
		where, args = where+" AND category = ?", append(args, string(f.Category))
	}
	if f.Priority != nil {
		where, args = where+" AND priority = ?", append(args, int(*f.Priority))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT day, channel, category, priority, created, negative, positive,
		done, resolved, handling_ms, reopened, fr_met, fr_breached, res_met, res_breached,
		csat_n, csat_time, csat_effect, csat_att, csat_overall, csat_low
		FROM daily_stats WHERE `+where, args...)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	byChannel, byCategory := map[string]int{}, map[string]int{}
	days := map[int64]*DayPoint{}
	sla := map[domain.Priority]*SLARow{}
	var handling int64
	var reopened, csatN, csatLow int
	var csatSum [4]int64
	for rows.Next() {
		var day int64
		var channel, category string
		var prio domain.Priority
		var created, negative, positive, done, resolved, reo, frMet, frBr, resMet, resBr int
		var handlingMS int64
		var cn, ct, ce, ca, co, cl int
		if err := rows.Scan(&day, &channel, &category, &prio, &created, &negative, &positive, &done,
			&resolved, &handlingMS, &reo, &frMet, &frBr, &resMet, &resBr, &cn, &ct, &ce, &ca, &co, &cl); err != nil {
			return r, err
		}
		r.Created += created
		r.Resolved += resolved
		r.Done += done
		r.Negative += negative
		r.Positive += positive
		handling += handlingMS
		reopened += reo
		byChannel[channel] += created
		byCategory[category] += created
		dp := days[day]
		if dp == nil {
			dp = &DayPoint{Day: s.dayStart(day)}
			days[day] = dp
		}
		dp.Created += created
		dp.Resolved += resolved
		dp.Negative += negative
		row := sla[prio]
		if row == nil {
			row = &SLARow{Priority: prio}
			sla[prio] = row
		}
		row.FirstMet += frMet
		row.FirstBreached += frBr
		row.FirstOpen += created - frMet - frBr
		row.ResolveMet += resMet
		row.ResolveBreached += resBr
		row.ResolveOpen += created - resMet - resBr
		csatN += cn
		csatLow += cl
		csatSum[0] += int64(ct)
		csatSum[1] += int64(ce)
		csatSum[2] += int64(ca)
		csatSum[3] += int64(co)
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	r.ResolutionRate = ratio(r.Done, r.Created)
	if r.Resolved > 0 {
		r.AvgHandling = time.Duration(handling/int64(r.Resolved)) * time.Millisecond
	}
	r.ReopenRate = ratio(reopened, r.Resolved)
	r.ByChannel, r.ByCategory = sortedCounts(byChannel), sortedCounts(byCategory)
	for d := fromDay; d < toDay; d++ {
		if dp := days[d]; dp != nil {
			r.Daily = append(r.Daily, *dp)
		} else {
			r.Daily = append(r.Daily, DayPoint{Day: s.dayStart(d)})
		}
	}
	for _, p := range domain.Priorities {
		if row := sla[p]; row != nil {
			clampOpen(row)
			r.SLA = append(r.SLA, *row)
		} else {
			r.SLA = append(r.SLA, SLARow{Priority: p})
		}
	}
	if csatN > 0 {
		n := float64(csatN)
		r.CSAT = CSAT{N: csatN, Timeliness: float64(csatSum[0]) / n, Effectiveness: float64(csatSum[1]) / n,
			Attitude: float64(csatSum[2]) / n, Overall: float64(csatSum[3]) / n, LowShare: ratio(csatLow, csatN)}
	}
	if r.Agents, err = s.agentRows(ctx, fromDay, toDay, f.Agent); err != nil {
		return r, err
	}
	if r.Keywords, err = s.topKeywords(ctx, fromDay, toDay, 20); err != nil {
		return r, err
	}
	if r.Backlog, err = s.Counts(ctx); err != nil {
		return r, err
	}
	if r.BacklogByAge, err = s.backlogByAge(ctx); err != nil {
		return r, err
	}
	if r.Waiting, err = s.waitSummary(ctx, f); err != nil {
		return r, err
	}
	r.Compensation, err = s.compensationSums(ctx, f)
	return r, err
}

// clampOpen keeps "open" from going negative where a ticket's dimensions
// changed after it was received (its later counts land on another row).
func clampOpen(r *SLARow) {
	r.FirstOpen, r.ResolveOpen = max(r.FirstOpen, 0), max(r.ResolveOpen, 0)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		if n > 0 {
			out = append(out, Count{k, n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func (s *Store) topKeywords(ctx context.Context, fromDay, toDay int64, limit int) ([]Count, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT keyword, sum(n) AS total FROM keyword_stats
		WHERE day >= ? AND day < ? GROUP BY keyword ORDER BY total DESC, keyword LIMIT ?`, fromDay, toDay, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// backlogByAge buckets the open tickets by how long ago they were
// received, from the rollup: per day received, created − done is what is
// still open.
func (s *Store) backlogByAge(ctx context.Context) ([]Count, error) {
	today := s.dayOf(s.now())
	rows, err := s.r.QueryContext(ctx, "SELECT day, sum(created) - sum(done) FROM daily_stats WHERE day > ? GROUP BY day", today-3650)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	buckets := []Count{{"<1d", 0}, {"1-3d", 0}, {"3-7d", 0}, {"7-30d", 0}, {">30d", 0}}
	for rows.Next() {
		var day int64
		var open int
		if err := rows.Scan(&day, &open); err != nil {
			return nil, err
		}
		switch age := today - day; {
		case age < 1:
			buckets[0].N += open
		case age < 3:
			buckets[1].N += open
		case age < 7:
			buckets[2].N += open
		case age < 30:
			buckets[3].N += open
		default:
			buckets[4].N += open
		}
	}
	return buckets, rows.Err()
}

// OwnerLoad is one agent's open cards per status ("" = unassigned).
type OwnerLoad struct {
	Agent    string
	ByStatus map[domain.Status]int
}

// Open is the agent's open cards in all statuses.
func (l OwnerLoad) Open() int {
	n := 0
	for _, v := range l.ByStatus {
		n += v
	}
	return n
}

// OwnerLoads reads the maintained open-cards-per-agent counts, busiest first.
func (s *Store) OwnerLoads(ctx context.Context) ([]OwnerLoad, error) {
	rows, err := s.query(ctx, "SELECT owner, status, n FROM agent_load WHERE n != 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[string]*OwnerLoad{}
	for rows.Next() {
		var owner, st string
		var n int
		if err := rows.Scan(&owner, &st, &n); err != nil {
			return nil, err
		}
		l := by[owner]
		if l == nil {
			l = &OwnerLoad{Agent: owner, ByStatus: map[domain.Status]int{}}
			by[owner] = l
		}
		l.ByStatus[domain.Status(st)] = n
	}
	out := make([]OwnerLoad, 0, len(by))
	for _, l := range by {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Open() != out[j].Open() {
			return out[i].Open() > out[j].Open()
		}
		return strings.Compare(out[i].Agent, out[j].Agent) < 0
	})
	return out, rows.Err()
}

// Emergencies lists the surges of negative feedback raised since the
// given time, newest first.
func (s *Store) Emergencies(ctx context.Context, since time.Time) ([]Emergency, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+emergencyCols+" FROM emergencies WHERE at >= ? ORDER BY id DESC", ms(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Emergency
	for rows.Next() {
		e, err := scanEmergency(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// agentRows is each agent's resolutions, handling time, reopens and
// satisfaction in the range, with the cards they hold now; busiest first.
func (s *Store) agentRows(ctx context.Context, fromDay, toDay int64, only string) ([]AgentRow, error) {
	where, args := "day >= ? AND day < ?", []any{fromDay, toDay}
	if only != "" {
		where, args = where+" AND owner = ?", append(args, only)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT owner, sum(resolved), sum(handling_ms), sum(reopened), sum(csat_n),
		sum(csat_overall) FROM agent_stats WHERE `+where+` GROUP BY owner`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	agents := map[string]*AgentRow{}
	for rows.Next() {
		var a AgentRow
		var handling, csatSum int64
		if err := rows.Scan(&a.Agent, &a.Resolved, &handling, &a.Reopened, &a.CSATCount, &csatSum); err != nil {
			return nil, err
		}
		if a.Resolved > 0 {
			a.AvgHandling = time.Duration(handling/int64(a.Resolved)) * time.Millisecond
		}
		if a.CSATCount > 0 {
			a.CSATOverall = float64(csatSum) / float64(a.CSATCount)
		}
		agents[a.Agent] = &a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	load, err := s.OwnerLoads(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range load {
		if l.Agent == "" || (only != "" && l.Agent != only) {
			continue
		}
		a := agents[l.Agent]
		if a == nil {
			a = &AgentRow{Agent: l.Agent}
			agents[l.Agent] = a
		}
		a.OpenNow = l.Open()
	}
	out := make([]AgentRow, 0, len(agents))
	for _, a := range agents {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Resolved != out[j].Resolved {
			return out[i].Resolved > out[j].Resolved
		}
		return out[i].Agent < out[j].Agent
	})
	return out, nil
}
