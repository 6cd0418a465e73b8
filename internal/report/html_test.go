package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"golang.org/x/net/html"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/report/chart"
	"github.com/loopdesk/loopdesk/store"
)

// hostile is customer text trying to become markup.
const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>`

// fullSample is a week of a busy desk: every section has something.
func fullSample() Page {
	loc := time.FixedZone("CST", 8*3600)
	day := time.Date(2026, 11, 18, 0, 0, 0, 0, loc)
	r := store.Report{From: day, To: day.AddDate(0, 0, 7), Created: 212, Resolved: 187, Done: 190,
		ResolutionRate: 190.0 / 212, AvgHandling: 26 * time.Hour, ReopenRate: 0.04, Negative: 41, Positive: 60,
		ByChannel: []store.Count{{Key: "wechat", N: 80}, {Key: "hotline", N: 52}, {Key: "email", N: 40}, {Key: "web", N: 25}, {Key: "inapp", N: 15}},
		ByCategory: []store.Count{{Key: "malfunction", N: 70}, {Key: "question", N: 50}, {Key: "pricing", N: 30},
			{Key: "complaint", N: 25}, {Key: "logistics", N: 20}, {Key: "suggestion", N: 10}, {Key: "other", N: 7}},
		SLA: []store.SLARow{{Priority: domain.High, FirstMet: 30, FirstBreached: 2, ResolveMet: 25, ResolveBreached: 5},
			{Priority: domain.Medium, FirstMet: 90, FirstBreached: 4, ResolveMet: 80, ResolveBreached: 6},
			{Priority: domain.Low, FirstMet: 70, FirstBreached: 1}},
		CSAT:         store.CSAT{N: 64, Timeliness: 4.2, Effectiveness: 3.9, Attitude: 4.6, Overall: 4.1, LowShare: 0.18},
		Agents:       []store.AgentRow{{Agent: "ada", Resolved: 70, AvgHandling: 20 * time.Hour, OpenNow: 4, CSATOverall: 4.4, CSATCount: 20}, {Agent: "bob", Resolved: 60, Reopened: 3, AvgHandling: 31 * time.Hour, OpenNow: 9}},
		Keywords:     []store.Count{{Key: "退款", N: 31}, {Key: "crash", N: 22}, {Key: hostile, N: 9}, {Key: "发货慢", N: 7}},
		Backlog:      map[domain.Status]int{domain.Pending: 12, domain.InProgress: 9, domain.Testing: 2},
		BacklogByAge: []store.Count{{Key: "<1d", N: 10}, {Key: "1-3d", N: 7}, {Key: "3-7d", N: 4}, {Key: "7-30d", N: 2}, {Key: ">30d", N: 0}},
	}
	for i := range 7 {
		r.Daily = append(r.Daily, store.DayPoint{Day: day.AddDate(0, 0, i), Created: 25 + 3*i, Resolved: 22 + 2*i, Negative: 4 + i%3})
	}
	oct, nov := time.Date(2026, 10, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 1, 0, 0, 0, 0, loc)
	acc := &store.TriageAccuracy{
		Months: []store.TriageMonth{{Month: oct, Suggested: domain.Pricing, Judged: 40, Corrected: 9},
			{Month: nov, Suggested: domain.Malfunction, Judged: 60, Corrected: 3}, {Month: nov, Suggested: domain.Pricing, Judged: 30, Corrected: 14}},
		Corrections: []store.Correction{{From: domain.Pricing, To: domain.Complaint, N: 23}, {From: domain.Malfunction, To: domain.Question, N: 3}},
	}
	return Page{Report: r, Accuracy: acc, Lang: i18n.EN, Now: day.AddDate(0, 0, 7).Add(-time.Hour)}
}

func renderPage(t *testing.T, p Page) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePage(&buf, p); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), doc
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func TestPageHasEverySectionAndNothingExternal(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		p := fullSample()
		p.Lang = lang
		out, doc := renderPage(t, p)
		var sections, charts []string
		var text strings.Builder
		walk(doc, func(n *html.Node) {
			switch {
			case n.Type == html.TextNode:
				text.WriteString(n.Data)
			case n.Type == html.ElementNode:
				switch n.Data {
				case "script", "img", "link", "iframe", "object", "embed", "image", "use":
					t.Errorf("%s: a <%s> element: the page must be self-contained and script-free", lang, n.Data)
				}
				for _, a := range n.Attr {
					switch {
					case n.Data == "section" && a.Key == "id":
						sections = append(sections, a.Val)
					case n.Data == "svg" && a.Key == "id":
						charts = append(charts, a.Val)
					case a.Key == "src" || a.Key == "href" || strings.HasPrefix(a.Key, "on") || strings.HasSuffix(a.Key, ":href"):
						t.Errorf("%s: attribute %s=%q on <%s>", lang, a.Key, a.Val, n.Data)
					}
				}
			}
		})
		want := []string{"summary", "volume", "sla", "trend", "csat", "agents", "keywords", "backlog", "accuracy"}
		if !slices.Equal(sections, want) {
			t.Errorf("%s: sections %v, want %v", lang, sections, want)
		}
		if len(charts) != len(ChartNames) {
			t.Errorf("%s: charts %v", lang, charts)
		}
		for _, bad := range []string{"http:", "https:", "url(", "@import", "//"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: page contains %q: it must need no network", lang, bad)
			}
		}
		// The keyword is shown, as text: escaped, never markup.
		if !strings.Contains(text.String(), "<script>alert(1)") || strings.Contains(out, "<script>") || strings.Contains(out, "<img") {
			t.Errorf("%s: customer text not shown escaped", lang)
		}
		names := map[i18n.Lang][]string{
			i18n.EN: {"Support report", "WeChat", "Malfunction", "first response", "Pricing → Complaint  23×", "2026-11-18 to 2026-11-24"},
			i18n.ZH: {"客服报表", "微信", "故障", "首次响应", "价格费用 → 服务投诉  23×", "退款"},
		}[lang]
		for _, w := range names {
			if !strings.Contains(text.String(), w) {
				t.Errorf("%s: page lacks %q", lang, w)
			}
		}
	}
}

func TestPageWithoutAccuracyOrData(t *testing.T) {
	p := Page{Report: store.Report{From: time.Unix(0, 0).UTC(), To: time.Unix(86400, 0).UTC()}, Lang: i18n.EN, Now: time.Unix(3600, 0)}
	out, _ := renderPage(t, p)
	if strings.Contains(out, `id="accuracy"`) || !strings.Contains(out, "none") {
		t.Fatalf("empty report:\n%s", out)
	}
}

func TestPagePrintsOneSectionPerA4Page(t *testing.T) {
	out, _ := renderPage(t, fullSample())
	for _, w := range []string{"@page{size:A4", "break-before:page", "prefers-color-scheme:dark", `name="viewport"`} {
		if !strings.Contains(out, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func TestChartSVGGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, name := range ChartNames {
			t.Run(string(lang)+"_"+name, func(t *testing.T) {
				p := fullSample()
				p.Lang = lang
				c, err := p.Chart(name)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := chart.SVG(&buf, c); err != nil {
					t.Fatal(err)
				}
				if _, err := html.Parse(bytes.NewReader(buf.Bytes())); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, buf.Bytes())
			})
		}
	}
}

func TestUnknownChart(t *testing.T) {
	if _, err := fullSample().Chart("pie"); err == nil || !strings.Contains(err.Error(), "keywords") {
		t.Fatalf("err = %v", err)
	}
}
