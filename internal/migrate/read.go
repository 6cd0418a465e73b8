package migrate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// Row is one CSV row turned into a ticket with its past.
type Row struct {
	Line     int
	Ticket   store.Historic
	Warnings []string // values left to triage, owners that cannot be agents
	// Category and Priority say the row stated them; otherwise triage does.
	Category, Priority bool
}

// Reader reads rows of one system's export.
type Reader struct {
	m       Mapping
	csv     *csv.Reader
	in      *boundedReader
	col     map[Field]int                     // column index per field
	values  map[domain.Kind]map[string]string // folded system words
	owners  map[string]string
	zone    *time.Location
	now     time.Time
	header  []string
	unknown []string // header names no field uses
}

// Inferred describes which column fills each field, for --dry-run.
func (r *Reader) Inferred() []string {
	var out []string
	for _, f := range Fields {
		if i, ok := r.col[f]; ok {
			out = append(out, fmt.Sprintf("%s ← %q", f, r.header[i]))
		}
	}
	if len(r.unknown) > 0 {
		out = append(out, "ignored: "+strings.Join(r.unknown, ", "))
	}
	return out
}

// NewReader reads the header of a CSV export and matches its columns to
// m's fields. zone is the desk's time zone (for times without an offset
// when m names none); now bounds times from the future.
func NewReader(r io.Reader, m Mapping, zone *time.Location, now time.Time) (*Reader, error) {
	in := &boundedReader{r: r}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rd := &Reader{m: m, csv: cr, in: in, col: map[Field]int{}, values: map[domain.Kind]map[string]string{},
		owners: map[string]string{}, zone: zone, now: now}
	if m.Zone != nil {
		rd.zone = m.Zone
	}
	for k, words := range m.Values {
		rd.values[k] = map[string]string{}
		for w, id := range words {
			rd.values[k][domain.Fold(w)] = id
		}
	}
	for name, agent := range m.Owners {
		rd.owners[strings.TrimSpace(name)] = agent
	}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty file: want a header row")
		}
		return nil, fmt.Errorf("header: %w", err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // Excel's BOM
	}
	rd.header = header
	byName := map[string]int{}
	for i, h := range header {
		if _, dup := byName[columnKey(h)]; !dup { // Jira repeats some names; the first counts
			byName[columnKey(h)] = i
		}
	}
	used := map[int]bool{}
	for _, f := range Fields {
		for _, name := range m.Columns[f] {
			if i, ok := byName[columnKey(name)]; ok {
				rd.col[f], used[i] = i, true
				break
			}
		}
	}
	var missing []string
	for _, f := range required {
		if _, ok := rd.col[f]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s)", f, strings.Join(m.Columns[f], " or ")))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("header: no column for %s", strings.Join(missing, ", "))
	}
	for i, h := range header {
		if !used[i] && len(rd.unknown) < 50 {
			rd.unknown = append(rd.unknown, fmt.Sprintf("%q", h))
		}
	}
	return rd, nil
}

// Next returns the next row; a row that cannot become a ticket is a
// *interchange.RowError (the reader goes on), the end is io.EOF.
func (r *Reader) Next() (Row, error) {
	r.in.mark()
	rec, err := r.csv.Read()
	line, _ := r.csv.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return Row{}, &interchange.RowError{Line: pe.StartLine, Reason: pe.Err.Error()}
		}
		if errors.Is(err, errTooLong) {
			return Row{}, fmt.Errorf("line %d: a record over %d bytes: %w", line, interchange.MaxRecordBytes, err)
		}
		return Row{}, err
	}
	row := Row{Line: line}
	bad := func(f Field, format string, args ...any) (Row, error) {
		return Row{}, &interchange.RowError{Line: line, Field: string(f), Reason: fmt.Sprintf(format, args...)}
	}
	get := func(f Field) string {
		if i, ok := r.col[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for f, i := range r.col {
		if i >= len(rec) {
			continue
		}
		limit := interchange.MaxFieldBytes
		switch f {
		case FTitle:
			limit = interchange.MaxTitleBytes
		case FBody:
			limit = interchange.MaxBodyBytes
		}
		if len(rec[i]) > limit {
			return bad(f, "%d bytes, at most %d", len(rec[i]), limit)
		}
		if !utf8.ValidString(rec[i]) {
			return bad(f, "not valid UTF-8 (save the export as UTF-8)")
		}
	}
	id := get(FExternalID)
	if id == "" {
		return bad(FExternalID, "empty")
	}
	t := &row.Ticket
	t.ExternalID = r.m.System + "-" + id
	t.Title, t.Body = get(FTitle), get(FBody)
	t.CustomerName, t.CustomerPhone = get(FCustomer), get(FPhone)
	ch := r.m.Channel
	if v := get(FChannel); v != "" {
		s, err := r.word(domain.KindChannel, v)
		if err != nil {
			return bad(FChannel, "%v", err)
		}
		ch = domain.Channel(s)
	}
	t.Channel = ch
	if v := get(FCategory); v != "" {
		if s, err := r.word(domain.KindCategory, v); err != nil {
			row.Warnings = append(row.Warnings, fmt.Sprintf("category: %v; left to triage", err))
		} else {
			t.Category, row.Category = domain.Category(s), true
		}
	}
	if v := get(FPriority); v != "" {
		if s, err := r.word(domain.KindPriority, v); err != nil {
			row.Warnings = append(row.Warnings, fmt.Sprintf("priority: %v; left to triage", err))
		} else {
			t.Priority, _ = domain.ParsePriority(s)
			row.Priority = true
		}
	}
	status := domain.Pending
	if v := get(FStatus); v != "" {
		s, err := r.word(domain.KindStatus, v)
		if err != nil {
			return bad(FStatus, "%v", err)
		}
		status = domain.Status(s)
	}
	var times [5]time.Time
	for i, f := range []Field{FCreated, FFirstResponse, FResolved, FClosed, FUpdated} {
		v := get(f)
		if v == "" {
			continue
		}
		at, err := r.time(v)
		if err != nil {
			return bad(f, "%v", err)
		}
		if err := domain.CheckReceived(at, r.now); err != nil {
			return bad(f, "%v", err)
		}
		times[i] = at
	}
	created, first, resolved, closed, updated := times[0], times[1], times[2], times[3], times[4]
	if created.IsZero() {
		return bad(FCreated, "empty: the ticket's creation time is its customer's clock")
	}
	t.ReceivedAt, t.CreatedAt = created, created
	if !first.IsZero() && first.After(created) {
		t.FirstResponse = first
	}
	if v := get(FOwner); v != "" {
		agent, ok := r.agentName(v)
		if ok {
			t.Owner = agent
		} else {
			row.Warnings = append(row.Warnings, fmt.Sprintf("owner %q cannot be an agent name; imported unassigned (map it under [owners])", v))
		}
	}
	actor := t.Owner
	if actor == "" {
		actor = domain.SystemActor
	}
	t.Steps = steps(status, actor, created, first, resolved, closed, updated)
	return row, nil
}

// steps rebuilds the moves that led to status from the times the old
// system kept. Missing times fall back to the nearest known later one;
// each step is at or after the one before.
func steps(status domain.Status, actor string, created, first, resolved, closed, updated time.Time) []store.Step {
	if status == domain.Pending {
		return nil
	}
	last := created
	at := func(candidates ...time.Time) time.Time {
		for _, c := range candidates {
			if !c.IsZero() {
				if c.Before(last) {
					c = last
				}
				last = c
				return c
			}
		}
		return last
	}
	out := []store.Step{{At: at(first, resolved, closed, updated), Actor: actor, To: domain.InProgress}}
	switch status {
	case domain.Testing:
		out = append(out, store.Step{At: at(updated), Actor: actor, To: domain.Testing})
	case domain.Resolved:
		out = append(out, store.Step{At: at(resolved, closed, updated), Actor: actor, To: domain.Resolved})
	case domain.Closed:
		out = append(out, store.Step{At: at(resolved, closed, updated), Actor: actor, To: domain.Resolved})
		out = append(out, store.Step{At: at(closed, updated), Actor: actor, To: domain.Closed})
	}
	return out
}

// word reads a value of kind k: the system's words first, then the desk's
// vocabulary.
func (r *Reader) word(k domain.Kind, v string) (string, error) {
	if id, ok := r.values[k][domain.Fold(v)]; ok {
		return id, nil
	}
	var s string
	var err error
	switch k {
	case domain.KindChannel:
		var c domain.Channel
		c, err = domain.ParseChannel(v)
		s = string(c)
	case domain.KindCategory:
		var c domain.Category
		c, err = domain.ParseCategory(v)
		s = string(c)
	case domain.KindPriority:
		var p domain.Priority
		p, err = domain.ParsePriority(v)
		s = p.String()
	case domain.KindStatus:
		var st domain.Status
		st, err = domain.ParseStatus(v)
		s = string(st)
	}
	return s, err
}

// columnKey is how a header name is matched: folded (case, spaces and
// punctuation ignored), except a name of punctuation only, such as
// Zammad's "#", which folding would empty.
func columnKey(name string) string {
	if k := domain.Fold(name); k != "" {
		return k
	}
	return strings.TrimSpace(name)
}

// time parses v as RFC 3339 or one of the mapping's layouts.
func (r *Reader) time(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	for _, l := range r.m.TimeLayouts {
		if t, err := time.ParseInLocation(l, v, r.zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 or %s", v, strings.Join(r.m.TimeLayouts, " or "))
}

var notLogin = regexp.MustCompile(`[^a-z0-9_.-]+`)

// agentName turns an owner as the old system names it ("Nicole Braun",
// "nicole.braun@example.com") into an agent name, or says it cannot.
func (r *Reader) agentName(v string) (string, bool) {
	if a, ok := r.owners[v]; ok {
		return a, store.ValidAgentName(a) == nil
	}
	name, _, _ := strings.Cut(strings.ToLower(v), "@")
	name = strings.Trim(notLogin.ReplaceAllString(name, "."), ".-")
	if len(name) > 32 {
		name = name[:32]
	}
	return name, store.ValidAgentName(name) == nil
}

var errTooLong = errors.New("record too long")

// boundedReader stops a CSV record from growing past
// interchange.MaxRecordBytes before encoding/csv allocates it.
type boundedReader struct {
	r       io.Reader
	n, from int64
}

func (b *boundedReader) mark() { b.from = b.n }

func (b *boundedReader) Read(p []byte) (int, error) {
	// encoding/csv reads ahead through a 4 KiB buffer; allow for it.
	if b.n-b.from > interchange.MaxRecordBytes+8<<10 {
		return 0, errTooLong
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}
