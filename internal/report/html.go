package report

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/report/chart"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

//go:embed page.tmpl
var pageTemplate string

// pages is the report page on top of the chart templates. Everything it
// shows is escaped by html/template; it references nothing outside the
// file (no fonts, scripts or images to fetch).
var pages = template.Must(template.Must(chart.Templates.Clone()).Funcs(template.FuncMap{
	"list": func(s ...string) []string { return s },
	"rows": func(head []string, rows [][]string, none string) tableView {
		return tableView{Head: head, Rows: rows, None: none, Cols: max(len(head), 1)}
	},
}).Parse(pageTemplate))

// tableView is a table of the page: a header row (none for a key-value
// table), rows, and what an empty table says.
type tableView struct {
	Head []string
	Rows [][]string
	None string
	Cols int
}

// Page is what the HTML report and its charts show.
type Page struct {
	Report   store.Report
	Accuracy *store.TriageAccuracy // nil: no accuracy section
	Lang     i18n.Lang
	Now      time.Time // when it was made
}

// ChartNames are the charts a page has, by their --chart names.
var ChartNames = []string{"channel", "category", "sla", "trend", "csat", "keywords", "backlog", "accuracy"}

// Chart builds one of the page's charts by name.
func (p Page) Chart(name string) (chart.Chart, error) {
	if !slices.Contains(ChartNames, name) {
		return chart.Chart{}, fmt.Errorf("unknown chart %q (want one of %s)", name, strings.Join(ChartNames, ", "))
	}
	r, l, lang := p.Report, labelsFor(p.Lang), p.Lang
	switch name {
	case "channel", "category":
		var s []chart.Slice
		title, counts := l.Channel, r.ByChannel
		if name == "category" {
			title, counts = l.Category, r.ByCategory
		}
		for _, c := range counts {
			label := lang.Channel(domain.Channel(c.Key))
			if name == "category" {
				label = lang.Category(domain.Category(c.Key))
			}
			s = append(s, chart.Slice{Label: label, N: c.N})
		}
		return chart.Donut(name, title, s, l.Other), nil
	case "sla":
		var bars []chart.Bar
		for _, row := range r.SLA {
			b := chart.Bar{Label: lang.Priority(row.Priority)}
			for _, met := range [][2]int{{row.FirstMet, row.FirstBreached}, {row.ResolveMet, row.ResolveBreached}} {
				v, text := attainment(met[0], met[1])
				b.Values, b.Texts = append(b.Values, v), append(b.Texts, text)
			}
			bars = append(bars, b)
		}
		target := 100 * store.TargetResolutionRate
		return chart.Columns(name, l.SLA, []string{l.FirstResponse, l.Resolution}, bars, 100, &target,
			fmt.Sprintf(l.SLATarget, pct(store.TargetResolutionRate)), func(v float64) string { return chartCount(v) + "%" }), nil
	case "trend":
		var days []string
		vals := make([][]float64, 3)
		for _, d := range r.Daily {
			days = append(days, d.Day.Format("01-02"))
			vals[0] = append(vals[0], float64(d.Created))
			vals[1] = append(vals[1], float64(d.Resolved))
			vals[2] = append(vals[2], float64(d.Negative))
		}
		return chart.Trend(name, l.Trend, []string{l.Received, l.Resolved, l.Negative}, days, vals), nil
	case "csat":
		var bars []chart.Bar
		if r.CSAT.N > 0 {
			for i, v := range []float64{r.CSAT.Timeliness, r.CSAT.Effectiveness, r.CSAT.Attitude, r.CSAT.Overall} {
				name := []string{l.Timeliness, l.Effectiveness, l.Attitude, l.Overall}[i]
				bars = append(bars, chart.Bar{Label: name, Values: []float64{v}, Texts: []string{strconv.FormatFloat(v, 'f', 2, 64)}})
			}
		}
		return chart.Rows(name, l.CSAT, bars, 5), nil
	case "keywords":
		var bars []chart.Bar
		for i, k := range r.Keywords {
			if i == 12 {
				break
			}
			bars = append(bars, chart.Bar{Label: k.Key, Values: []float64{float64(k.N)}})
		}
		return chart.Rows(name, l.Keywords, bars, 0), nil
	case "backlog":
		var bars []chart.Bar
		for _, b := range r.BacklogByAge {
			bars = append(bars, chart.Bar{Label: b.Key, Values: []float64{float64(b.N)}, Texts: []string{strconv.Itoa(b.N)}})
		}
		return chart.Columns(name, l.Backlog, []string{l.Backlog}, bars, 0, nil, "", nil), nil
	default: // accuracy
		var bars []chart.Bar
		if p.Accuracy != nil {
			for _, m := range monthTotals(p.Accuracy.Months) {
				v := m.Accuracy()
				bars = append(bars, chart.Bar{Label: m.Month.Format("2006-01"), Values: []float64{100 * v}, Texts: []string{pct(v)}})
			}
		}
		return chart.Columns(name, l.Accuracy, []string{l.Accuracy}, bars, 100, nil, "", func(v float64) string { return chartCount(v) + "%" }), nil
	}
}

// WriteChart writes one chart of p (ChartNames) as SVG or PNG. A PNG's
// labels are drawn with the Go fonts, which have no Chinese: such a chart
// is refused with advice, before anything is written.
func WriteChart(w io.Writer, p Page, name string, f Format) error {
	c, err := p.Chart(name)
	if err != nil {
		return err
	}
	switch f {
	case SVG:
		return chart.SVG(w, c)
	case PNG:
		if err := chart.CheckPNG(c); errors.Is(err, chart.ErrNoGlyph) {
			return fmt.Errorf("%w: PNG labels are drawn with the Go fonts, which have no Chinese; use --format svg (browsers and chat apps draw it with the reader's fonts) or --lang en", err)
		} else if err != nil {
			return err
		}
		return chart.PNG(w, c)
	}
	return fmt.Errorf("a single chart is svg or png, not %s", f)
}

func chartCount(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// attainment is the share of decided clocks that were met, as a bar's
// value (percent) and label; "-" when none was decided.
func attainment(met, breached int) (float64, string) {
	if met+breached == 0 {
		return 0, "-"
	}
	f := float64(met) / float64(met+breached)
	return 100 * f, pct(f)
}

// monthTotals sums the categories of each month.
func monthTotals(ms []store.TriageMonth) []store.TriageMonth {
	var out []store.TriageMonth
	for _, m := range ms {
		if n := len(out); n > 0 && out[n-1].Month.Equal(m.Month) {
			out[n-1].Judged += m.Judged
			out[n-1].Corrected += m.Corrected
			continue
		}
		out = append(out, store.TriageMonth{Month: m.Month, Judged: m.Judged, Corrected: m.Corrected})
	}
	return out
}

// pageView is the page template's data.
type pageView struct {
	L                    labels
	HTMLLang             string
	Range, Generated     string
	KPIs                 []kpi
	Volume               []chart.Chart
	SLA, Trend, CSAT     chart.Chart
	Keywords, Backlog    chart.Chart
	CSATNote             string
	Agents               [][]string
	Status               [][]string
	Accuracy             *chart.Chart
	AccuracyRows         [][]string
	Corrections          []string
	AgentHead, StatusRow []string
}

type kpi struct {
	Label, Value, Note string
	Bad                bool
}

// WritePage writes the report as one self-contained page: styles embedded, no
// script, nothing fetched; light and dark with the reader's setting, one
// column on a phone, one section per A4 page when printed.
func WritePage(w io.Writer, p Page) error {
	v, err := p.view()
	if err != nil {
		return err
	}
	return pages.ExecuteTemplate(w, "page", v)
}

func (p Page) view() (pageView, error) {
	r, l := p.Report, labelsFor(p.Lang)
	v := pageView{L: l, HTMLLang: "en"}
	if p.Lang == i18n.ZH {
		v.HTMLLang = "zh-CN"
	}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	v.Range = fmt.Sprintf(l.Range, day(r.From), day(r.To.Add(-time.Second)))
	v.Generated = fmt.Sprintf(l.Generated, p.Now.In(r.From.Location()).Format("2006-01-02 15:04")) + " · " + fmt.Sprintf(l.Zone, r.From.Location())
	status := func(ok bool) string {
		if ok {
			return l.OnTarget
		}
		return l.BelowTarget
	}
	rateOK := r.Created == 0 || r.ResolutionRate >= store.TargetResolutionRate
	handlingOK := r.AvgHandling <= store.TargetHandling
	v.KPIs = []kpi{
		{Label: l.Received, Value: strconv.Itoa(r.Created)},
		{Label: l.Resolved, Value: strconv.Itoa(r.Resolved)},
		{Label: l.ResolutionRate, Value: pct(r.ResolutionRate), Note: fmt.Sprintf(l.Target, pct(store.TargetResolutionRate)) + " · " + status(rateOK), Bad: !rateOK},
		{Label: l.AvgHandling, Value: l.hours(r.AvgHandling), Note: fmt.Sprintf(l.Target, l.hours(store.TargetHandling)) + " · " + status(handlingOK), Bad: !handlingOK},
		{Label: l.ReopenRate, Value: pct(r.ReopenRate)},
		{Label: l.NegativeShare, Value: share(r.Negative, r.Created)},
	}
	charts := map[string]chart.Chart{}
	for _, name := range ChartNames {
		c, err := p.Chart(name)
		if err != nil {
			return v, err
		}
		charts[name] = c
	}
	v.Volume = []chart.Chart{charts["channel"], charts["category"]}
	v.SLA, v.Trend, v.CSAT, v.Keywords, v.Backlog = charts["sla"], charts["trend"], charts["csat"], charts["keywords"], charts["backlog"]
	if r.CSAT.N > 0 {
		v.CSATNote = fmt.Sprintf(l.Scores, r.CSAT.N) + " · " + fmt.Sprintf(l.LowShare, pct(r.CSAT.LowShare))
	}
	v.AgentHead = []string{l.Agent, l.Resolved, l.AvgHandling, l.Reopened, l.OpenNow, "CSAT"}
	for _, a := range r.Agents {
		c := "-"
		if a.CSATCount > 0 {
			c = strconv.FormatFloat(a.CSATOverall, 'f', 2, 64)
		}
		v.Agents = append(v.Agents, []string{textsafe.Line(a.Agent), strconv.Itoa(a.Resolved), l.hours(a.AvgHandling),
			strconv.Itoa(a.Reopened), strconv.Itoa(a.OpenNow), c})
	}
	for _, st := range []domain.Status{domain.Pending, domain.InProgress, domain.Testing} {
		v.Status = append(v.Status, []string{p.Lang.Status(st), strconv.Itoa(r.Backlog[st])})
	}
	if p.Accuracy != nil {
		c := charts["accuracy"]
		v.Accuracy = &c
		for _, m := range p.Accuracy.Months {
			v.AccuracyRows = append(v.AccuracyRows, []string{m.Month.Format("2006-01"), p.Lang.Category(m.Suggested),
				strconv.Itoa(m.Judged), strconv.Itoa(m.Corrected), pct(m.Accuracy())})
		}
		for i, c := range p.Accuracy.Corrections {
			if i == 10 {
				break
			}
			v.Corrections = append(v.Corrections, fmt.Sprintf("%s → %s  %d×", p.Lang.Category(c.From), p.Lang.Category(c.To), c.N))
		}
	}
	return v, nil
}
