package migrate

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
)

var importDay = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func newDesk(t *testing.T) (*store.Store, *intake.Intake) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "m.db"), store.WithClock(func() time.Time { return importDay }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	in, err := intake.New(s, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return s, in
}

func run(t *testing.T, s *store.Store, in *intake.Intake, system string, dry bool) Summary {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", system+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Preset(system)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), s, in, f, m, Options{Actor: "ada", DryRun: dry})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// byExt finds the loaded tickets by external id.
func byExt(t *testing.T, s *store.Store, n int) map[string]domain.Ticket {
	t.Helper()
	out := map[string]domain.Ticket{}
	for i := range n {
		tk, err := s.TicketByKey(context.Background(), domain.Key(int64(i+1)))
		if err != nil {
			t.Fatal(err)
		}
		out[tk.ExternalID] = tk
	}
	return out
}

type want struct {
	status domain.Status
	prio   domain.Priority
	cat    domain.Category
	ch     domain.Channel
	owner  string
}

func check(t *testing.T, got map[string]domain.Ticket, wants map[string]want) {
	t.Helper()
	for ext, w := range wants {
		tk, ok := got[ext]
		if !ok {
			t.Errorf("%s not loaded", ext)
			continue
		}
		if tk.Status != w.status || tk.Priority != w.prio || (w.cat != "" && tk.Category != w.cat) || tk.Channel != w.ch || tk.Owner != w.owner {
			t.Errorf("%s: %s/%s/%s/%s/%q, want %s/%s/%s/%s/%q", ext, tk.Status, tk.Priority, tk.Category, tk.Channel, tk.Owner,
				w.status, w.prio, w.cat, w.ch, w.owner)
		}
	}
}

func TestZammad(t *testing.T) {
	s, in := newDesk(t)
	ctx := context.Background()
	dry := run(t, s, in, "zammad", true)
	if dry.Imported != 5 || dry.Errors.Count != 1 || !slices.Equal(dry.Owners, []string{"nicole.braun", "carl.admin"}) {
		t.Fatalf("dry run %+v", dry)
	}
	if !slices.ContainsFunc(dry.Mapping, func(s string) bool { return strings.Contains(s, `status ← "State"`) }) {
		t.Errorf("mapping %v", dry.Mapping)
	}
	if _, err := s.TicketByKey(ctx, "FB-1001"); err == nil {
		t.Fatal("the dry run wrote a ticket")
	}
	if _, err := s.Agent(ctx, "nicole.braun"); err == nil {
		t.Fatal("the dry run added an agent")
	}

	sum := run(t, s, in, "zammad", false)
	if sum.Rows != 6 || sum.Imported != 5 || sum.Errors.Count != 1 || sum.Errors.First[0].Line != 6 ||
		!strings.Contains(sum.Errors.First[0].Reason, "status") {
		t.Fatalf("summary %+v", sum)
	}
	if !slices.Equal(sum.Owners, []string{"nicole.braun", "carl.admin"}) {
		t.Errorf("owners added %v", sum.Owners)
	}
	if a, err := s.Agent(ctx, "nicole.braun"); err != nil || a.Active {
		t.Errorf("migrated owner %+v, %v: want an inactive agent", a, err)
	}
	got := byExt(t, s, 5)
	check(t, got, map[string]want{
		"zammad-31006": {domain.Closed, domain.Medium, "", domain.Email, ""}, // merged into another
		"zammad-31001": {domain.Closed, domain.High, "", domain.Email, "nicole.braun"},
		"zammad-31002": {domain.InProgress, domain.Medium, "", domain.Hotline, "nicole.braun"},
		"zammad-31003": {domain.Pending, domain.Low, "", domain.WebForm, ""},
		"zammad-31004": {domain.Resolved, domain.Medium, "", domain.Email, "carl.admin"},
	})
	old := got["zammad-31001"]
	if !old.ReceivedAt.Equal(time.Date(2026, 11, 2, 9, 15, 0, 0, time.UTC)) || !old.FirstResponseAt.Equal(time.Date(2026, 11, 2, 12, 40, 0, 0, time.UTC)) ||
		!old.ClosedAt.Equal(time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("31001 times: received %v first response %v closed %v", old.ReceivedAt, old.FirstResponseAt, old.ClosedAt)
	}
	if old.Customer.Name != "A*** S******" {
		t.Errorf("customer %q", old.Customer.Name)
	}
	// Its timeline is its past: created, moved, the missed first response, resolved, closed.
	events, err := s.Timeline(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind+":"+e.At.UTC().Format("01-02 15:04"))
	}
	for _, k := range []string{"created:11-02 09:15", "moved:11-02 12:40", "sla_breached:11-02 11:15", "moved:11-03 10:00"} {
		if !slices.Contains(kinds, k) {
			t.Errorf("timeline %v lacks %s", kinds, k)
		}
	}
	// Past tickets count in past reports.
	loc := s.SLA().Calendar.Location()
	r, err := s.Report(ctx, store.ReportFilter{From: time.Date(2026, 11, 2, 0, 0, 0, 0, loc), To: time.Date(2026, 11, 4, 0, 0, 0, 0, loc)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Created != 5 || r.Resolved != 2 { // 31004 was resolved on the 4th
		t.Errorf("report of 2–3 Nov: created %d resolved %d, want 5 and 2", r.Created, r.Resolved)
	}
	// A re-run repeats nothing.
	again := run(t, s, in, "zammad", false)
	if again.Imported != 0 || again.Repeats != 5 || len(again.Owners) != 0 {
		t.Errorf("re-run %+v", again)
	}
}

func TestOsTicket(t *testing.T) {
	s, in := newDesk(t)
	sum := run(t, s, in, "osticket", false)
	if sum.Rows != 4 || sum.Imported != 3 || sum.Errors.Count != 1 || sum.Errors.First[0].Line != 5 ||
		!strings.Contains(sum.Errors.First[0].Reason, `unknown channel "Fax"; accepted: hotline (`) {
		t.Fatalf("summary %+v", sum)
	}
	got := byExt(t, s, 3)
	check(t, got, map[string]want{
		"osticket-482913": {domain.Resolved, domain.High, domain.Malfunction, domain.Email, "nicole.braun"},
		"osticket-482914": {domain.Pending, domain.Medium, domain.Question, domain.Hotline, ""},
		"osticket-482915": {domain.Closed, domain.Low, domain.Suggestion, domain.WebForm, "dora.ops"},
	})
	if tk := got["osticket-482914"]; tk.Title != `Question about "pro" plan, pricing` {
		t.Errorf("quoted subject %q", tk.Title)
	}
	// osTicket prints times in the desk's zone (m/d/Y g:i a).
	want := time.Date(2026, 11, 2, 9, 5, 0, 0, s.SLA().Calendar.Location())
	if tk := got["osticket-482913"]; !tk.ReceivedAt.Equal(want) || !tk.ResolvedAt.Equal(want.Add(7*time.Hour+25*time.Minute)) {
		t.Errorf("482913 received %v resolved %v", tk.ReceivedAt, tk.ResolvedAt)
	}
}

func TestJira(t *testing.T) {
	s, in := newDesk(t)
	sum := run(t, s, in, "jira", false)
	if sum.Rows != 3 || sum.Imported != 3 || sum.Errors.Count != 0 {
		t.Fatalf("summary %+v", sum)
	}
	got := byExt(t, s, 3)
	check(t, got, map[string]want{
		"jira-SUP-101": {domain.Resolved, domain.High, domain.Malfunction, domain.WebForm, "nicole.braun"},
		"jira-SUP-102": {domain.InProgress, domain.Medium, domain.Suggestion, domain.WebForm, "dora.ops"},
		"jira-SUP-103": {domain.Pending, domain.Low, domain.Other, domain.WebForm, ""},
	})
	tk := got["jira-SUP-101"]
	if !strings.Contains(tk.Body, "1. open the app\n2. it closes at once") || !strings.Contains(tk.Body, `"safe mode"`) {
		t.Errorf("multi-line description %q", tk.Body)
	}
	loc := s.SLA().Calendar.Location()
	if !tk.ReceivedAt.Equal(time.Date(2026, 11, 2, 9, 4, 0, 0, loc)) || !tk.ResolvedAt.Equal(time.Date(2026, 11, 3, 17, 10, 0, 0, loc)) {
		t.Errorf("SUP-101 received %v resolved %v", tk.ReceivedAt, tk.ResolvedAt)
	}
}

func TestMapFile(t *testing.T) {
	s, in := newDesk(t)
	m, err := LoadMap(strings.NewReader(`system = "helpscout"
channel = "email"
time_format = ["2006-01-02 15:04"]
[columns]
external_id = "Conversation ID"
title = "Subject"
created = ["Created", "Created At"]
status = "Status"
owner = "Assigned To"
[values.status]
"Active" = "in_progress"
[owners]
"张伟" = "zhangwei"
`))
	if err != nil {
		t.Fatal(err)
	}
	csv := "Conversation ID,Subject,Status,Assigned To,Created At\n7,退款,Active,张伟,2026-11-03 10:00\n"
	sum, err := Run(context.Background(), s, in, strings.NewReader(csv), m, Options{Actor: "ada"})
	if err != nil || sum.Imported != 1 || !slices.Equal(sum.Owners, []string{"zhangwei"}) {
		t.Fatalf("%+v %v", sum, err)
	}
	check(t, byExt(t, s, 1), map[string]want{"helpscout-7": {domain.InProgress, domain.Medium, "", domain.Email, "zhangwei"}})
	for _, bad := range []string{"channel = \"email\"\n", "system = \"x\"\n[columns]\nmood = \"M\"\n", "system = \"x\"\n[values.status]\nA = \"later\"\n", "system = \"x\"\nzone = 1\n"} {
		if _, err := LoadMap(strings.NewReader(bad)); err == nil {
			t.Errorf("LoadMap(%q) accepted", bad)
		}
	}
}
