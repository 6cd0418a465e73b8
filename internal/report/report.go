// Package report renders the desk's metrics (computed by the store from
// its rollups) for people and programs: text, Markdown, CSV and JSON
// reports, and the daily monitoring brief.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	aligned "github.com/loopdesk/loopdesk/internal/table"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// Format is an output format of Render.
type Format string

// Formats.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	CSV      Format = "csv"
	JSON     Format = "json"
	HTML     Format = "html" // a page of charts and tables (HTML)
	SVG      Format = "svg"  // one chart (WriteChart)
	PNG      Format = "png"  // one chart (WriteChart)
)

// ParseFormat validates a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case Text, Markdown, CSV, JSON, HTML, SVG, PNG:
		return f, nil
	case "md":
		return Markdown, nil
	}
	return "", fmt.Errorf("unknown format %q (want text, markdown, csv, json, html, svg or png)", s)
}

// table is one section of a report: a title and rows of cells. Every
// format renders the same tables, so they never disagree.
type table struct {
	title  string
	header []string
	rows   [][]string
}

func pct(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }

func hours(d time.Duration) string { return strconv.FormatFloat(d.Hours(), 'f', 1, 64) + "h" }

func share(n, total int) string {
	if total == 0 {
		return "-"
	}
	return pct(float64(n) / float64(total))
}

func mark(ok bool) string {
	if ok {
		return "ok"
	}
	return "BELOW TARGET"
}

// tables lays the report out.
func tables(r store.Report) []table {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	summary := table{title: fmt.Sprintf("Summary %s to %s", day(r.From), day(r.To.Add(-time.Second))),
		header: []string{"metric", "value", "target", "status"}}
	summary.rows = [][]string{
		{"received", strconv.Itoa(r.Created), "", ""},
		{"resolved", strconv.Itoa(r.Resolved), "", ""},
		{"resolution rate", pct(r.ResolutionRate), pct(store.TargetResolutionRate), mark(r.Created == 0 || r.ResolutionRate >= store.TargetResolutionRate)},
		{"average handling time", hours(r.AvgHandling), hours(store.TargetHandling), mark(r.AvgHandling <= store.TargetHandling)},
		{"reopen rate", pct(r.ReopenRate), "", ""},
		{"negative share", share(r.Negative, r.Created), "", ""},
	}
	volume := func(title string, cs []store.Count) table {
		t := table{title: title, header: []string{"name", "tickets", "share"}}
		for _, c := range cs {
			// Keywords come from tickets: never trust them on a terminal.
			t.rows = append(t.rows, []string{textsafe.Line(c.Key), strconv.Itoa(c.N), share(c.N, r.Created)})
		}
		return t
	}
	slaT := table{title: "SLA attainment (tickets received in the range)",
		header: []string{"priority", "first response met", "breached", "open", "resolution met", "breached", "open"}}
	for _, s := range r.SLA {
		slaT.rows = append(slaT.rows, []string{s.Priority.String(), strconv.Itoa(s.FirstMet), strconv.Itoa(s.FirstBreached),
			strconv.Itoa(s.FirstOpen), strconv.Itoa(s.ResolveMet), strconv.Itoa(s.ResolveBreached), strconv.Itoa(s.ResolveOpen)})
	}
	csat := table{title: "Satisfaction (1-5)", header: []string{"scores", "timeliness", "effectiveness", "attitude", "overall", "share ≤ 3"}}
	if r.CSAT.N > 0 {
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
		csat.rows = [][]string{{strconv.Itoa(r.CSAT.N), f(r.CSAT.Timeliness), f(r.CSAT.Effectiveness), f(r.CSAT.Attitude), f(r.CSAT.Overall), pct(r.CSAT.LowShare)}}
	}
	agents := table{title: "Agents", header: []string{"agent", "resolved", "avg handling", "reopened", "open now", "csat"}}
	for _, a := range r.Agents {
		c := "-"
		if a.CSATCount > 0 {
			c = strconv.FormatFloat(a.CSATOverall, 'f', 2, 64)
		}
		agents.rows = append(agents.rows, []string{a.Agent, strconv.Itoa(a.Resolved), hours(a.AvgHandling), strconv.Itoa(a.Reopened), strconv.Itoa(a.OpenNow), c})
	}
	trend := table{title: "Daily", header: []string{"day", "received", "resolved", "negative"}}
	for _, d := range r.Daily {
		trend.rows = append(trend.rows, []string{day(d.Day), strconv.Itoa(d.Created), strconv.Itoa(d.Resolved), strconv.Itoa(d.Negative)})
	}
	kw := volume("Most frequent keywords", r.Keywords)
	kw.header[0] = "keyword"
	backlog := table{title: "Backlog", header: []string{"column or age", "open tickets"}}
	for _, st := range []string{"pending", "in_progress", "testing"} {
		for k, n := range r.Backlog {
			if string(k) == st {
				backlog.rows = append(backlog.rows, []string{st, strconv.Itoa(n)})
			}
		}
	}
	for _, b := range r.BacklogByAge {
		backlog.rows = append(backlog.rows, []string{"age " + b.Key, strconv.Itoa(b.N)})
	}
	cats := volume("Volume by category", r.ByCategory)
	w := r.Waiting
	waiting := table{title: "Waiting for the customer (clock paused; waits begun in the range)",
		header: []string{"waits", "answered", "unanswered", "still waiting", "total", "average", "longest"}}
	if w.Waits > 0 {
		waiting.rows = [][]string{{strconv.Itoa(w.Waits), strconv.Itoa(w.Answered), strconv.Itoa(w.Unanswered), strconv.Itoa(w.Open),
			hours(w.Total), hours(w.Average()), hours(w.Longest)}}
	}
	comp := table{title: "Compensation approved (by kind, category, channel and month)",
		header: []string{"kind", "category", "channel", "month", "count", "value"}}
	for _, c := range r.Compensation {
		comp.rows = append(comp.rows, []string{string(c.Kind), string(c.Category), string(c.Channel), c.Month,
			strconv.Itoa(c.Count), strconv.FormatInt(c.Value, 10)})
	}
	return []table{summary, volume("Volume by channel", r.ByChannel), cats, slaT, csat, agents, trend, kw, backlog, waiting, comp}
}

// Render writes the report in the format.
func Render(w io.Writer, r store.Report, f Format) error {
	if f == HTML || f == SVG || f == PNG {
		return fmt.Errorf("report: %s is written by WritePage or WriteChart", f)
	}
	if f == JSON {
		b, err := json.MarshalIndent(ToDoc(r), "", "  ")
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, textsafe.JSON(b)+"\n")
		return err
	}
	ts := tables(r)
	switch f {
	case CSV:
		// One sheet: each row starts with its table's title, headers
		// included, padded to one width so spreadsheets line it up.
		width := 0
		for _, t := range ts {
			width = max(width, 1+len(t.header))
		}
		cw := csv.NewWriter(w)
		for _, t := range ts {
			for _, row := range append([][]string{t.header}, t.rows...) {
				rec := make([]string, width)
				rec[0] = t.title
				copy(rec[1:], row)
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	case Markdown:
		for _, t := range ts {
			fmt.Fprintf(w, "## %s\n\n| %s |\n|%s\n", t.title, strings.Join(t.header, " | "), strings.Repeat(" --- |", len(t.header)))
			for _, row := range t.rows {
				fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
			}
			if len(t.rows) == 0 {
				fmt.Fprintln(w, "| (none) |")
			}
			fmt.Fprintln(w)
		}
		return nil
	default:
		for _, t := range ts {
			fmt.Fprintln(w, t.title)
			tw := aligned.New(w)
			fmt.Fprintln(tw, "  "+strings.Join(t.header, "\t"))
			for _, row := range t.rows {
				fmt.Fprintln(tw, "  "+strings.Join(row, "\t"))
			}
			if len(t.rows) == 0 {
				fmt.Fprintln(tw, "  (none)")
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(w)
		}
		return nil
	}
}
