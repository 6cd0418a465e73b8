package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/jsonshape"
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
	var buf bytes.Buffer
	if err := Brief(&buf, sample(), sample(), 2, 1, []Emergency{{At: time.Now(), Detail: "31 negative\x1b]8;;x\x07"}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsRune(out, 0x1b) || !strings.Contains(out, "escalated 1") || !strings.Contains(out, "malfunction") {
		t.Fatalf("brief:\n%q", out)
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
