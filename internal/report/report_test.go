package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/jsonshape"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func sample() store.Report {
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	return store.Report{From: day, To: day.AddDate(0, 0, 2), Created: 10, Resolved: 8, Done: 9,
		ResolutionRate: 0.9, AvgHandling: 30 * time.Hour, Negative: 4,
		ByChannel:  []store.Count{{Key: "wechat", N: 6}, {Key: "email", N: 4}},
		ByCategory: []store.Count{{Key: "malfunction", N: 7}, {Key: "pricing", N: 3}},
		SLA:        []store.SLARow{{Priority: domain.High, FirstMet: 2, FirstBreached: 1}},
		Keywords:   []store.Count{{Key: "退款\x1b[31m\u009b", N: 3}},
		Backlog:    map[domain.Status]int{domain.Pending: 1},
	}
}

func TestEveryFormatCarriesTheSameNumbers(t *testing.T) {
	for _, f := range []Format{Text, Markdown, CSV, JSON} {
		var buf bytes.Buffer
		if err := Render(&buf, sample(), f); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, 0x9b) {
			t.Errorf("%s printed an escape sequence from a keyword", f)
		}
		for _, want := range []string{"wechat", "malfunction"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
		if f != JSON && (!strings.Contains(out, "90.0%") || !strings.Contains(out, "BELOW TARGET")) {
			t.Errorf("%s: resolution rate met, handling time 30h above its 24h target:\n%s", f, out)
		}
	}
	var buf bytes.Buffer
	if err := Render(&buf, sample(), CSV); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) < 10 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
}

func TestBriefIsPlainAndSafe(t *testing.T) {
	r := sample()
	r.Keywords = append(r.Keywords, store.Count{Key: "退款\x1b]8;;x\x07", N: 2})
	d := BriefData{Yesterday: r, Today: r, Breaching: 2, Escalated: 1, Emergencies: []Emergency{{At: time.Now(), LastHour: 31, Baseline: 2.5, Multiple: 3}}}
	var buf bytes.Buffer
	if err := d.Text(&buf, i18n.EN); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsRune(out, 0x1b) || !strings.Contains(out, "escalated 1") || !strings.Contains(out, "Malfunction") ||
		!strings.Contains(out, "31 negative items in an hour") {
		t.Fatalf("brief:\n%s", out)
	}
}

// TestBriefInChinese: brief --lang zh is Chinese throughout, its columns
// lined up in terminal cells.
func TestBriefInChinese(t *testing.T) {
	r := sample()
	d := BriefData{Yesterday: r, Today: r, Breaching: 2, Escalated: 1, Emergencies: []Emergency{{At: time.Now(), LastHour: 31, Baseline: 2.5, Multiple: 3}}}
	var buf bytes.Buffer
	if err := d.Text(&buf, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"loopdesk 每日简报 — ", "热点话题", "产品故障", "紧急情况", "一小时内 31 条负面反馈", "已升级 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("brief lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"yesterday", "received", "Hot topics", "none", "negative items"} {
		if strings.Contains(out, english) {
			t.Errorf("English %q in the Chinese brief:\n%s", english, out)
		}
	}
	lines := strings.Split(out, "\n")
	if w0, w1 := textsafe.Width(lines[2]), textsafe.Width(lines[3]); w0 != w1 {
		t.Errorf("header and first row are %d and %d cells wide:\n%s\n%s", w0, w1, lines[2], lines[3])
	}
}

func TestParseFormat(t *testing.T) {
	if f, err := ParseFormat("MD"); err != nil || f != Markdown {
		t.Fatal(f, err)
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Fatal("pdf accepted")
	}
}

func TestJSONIsSnakeCaseWithEnumNames(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, sample(), JSON); err != nil {
		t.Fatal(err)
	}
	if err := jsonshape.Check(buf.Bytes()); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	var doc Doc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Received != 10 || doc.From != "2026-11-24" || doc.To != "2026-11-26" || doc.AvgHandlingSecs != 30*3600 ||
		len(doc.SLA) != 1 || doc.SLA[0].Priority != "high" || doc.Backlog["pending"] != 1 || doc.ByChannel[0].Count != 6 {
		t.Fatalf("%+v", doc)
	}
}
