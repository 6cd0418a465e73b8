package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

// dashStore is the fixture desk with its missed deadlines swept and one
// satisfaction score on a resolved card, so every chart has data.
func dashStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s := openStore(t)
	ts := seed(t, s, fixtures)
	if _, err := s.SweepSLA(ctx); err != nil {
		t.Fatal(err)
	}
	tk := ts[12] // FB-1013, resolved
	if _, err := s.Score(ctx, "carol", tk.ID, tk.Version, store.Scores{Timeliness: 4, Effectiveness: 3, Attitude: 5, Overall: 4}); err != nil {
		t.Fatal(err)
	}
	return s
}

// openDashboard presses d and returns the dashboard once read.
func openDashboard(h *harness) *dashboardScreen {
	h.t.Helper()
	h.press("d")
	d, ok := h.m.screen.(*dashboardScreen)
	if !ok || d.data == nil {
		h.t.Fatalf("d does not open the dashboard:\n%s", h.view())
	}
	return d
}

// reportFor is the store's report over epoch's day and the days before.
func reportFor(t *testing.T, s *store.Store, days int) store.Report {
	t.Helper()
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, epoch.Location())
	r, err := s.Report(context.Background(), store.ReportFilter{From: day.AddDate(0, 0, 1-days), To: day.AddDate(0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantShown(t *testing.T, view string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(view, w) {
			t.Errorf("dashboard lacks %q:\n%s", w, view)
		}
	}
}

// TestDashboard: d opens it with the store's numbers; 7 and 3 change the
// range and the numbers; esc and d go back to the board.
func TestDashboard(t *testing.T) {
	s := dashStore(t)
	h := newHarness(t, s, "carol", i18n.EN, 160, 48)
	d := openDashboard(h)
	today := reportFor(t, s, 1)
	if d.data.report.Created != today.Created || d.data.today.Resolved != today.Resolved {
		t.Fatalf("today: dashboard %d/%d, store %d/%d", d.data.report.Created, d.data.today.Resolved, today.Created, today.Resolved)
	}
	wantShown(t, h.view(), "Dashboard · today", "new "+strconv.Itoa(today.Created), "breaching ", "Received by channel")

	for _, tc := range []struct {
		key   string
		days  int
		title string
	}{{"7", 7, "last 7 days"}, {"3", 30, "last 30 days"}, {"1", 1, "today"}} {
		h.press(tc.key)
		want := reportFor(t, s, tc.days)
		if got := d.data.report; got.Created != want.Created || got.Resolved != want.Resolved || len(got.Daily) != tc.days {
			t.Errorf("%s: created %d resolved %d days %d, want %d %d %d", tc.key, got.Created, got.Resolved, len(got.Daily), want.Created, want.Resolved, tc.days)
		}
		v := h.view()
		wantShown(t, v, "Dashboard · "+tc.title)
		for _, c := range want.ByChannel {
			wantShown(t, v, h.m.env.lang.Channel(domain.Channel(c.Key)))
		}
	}
	if reportFor(t, s, 30).Created == reportFor(t, s, 1).Created {
		t.Fatal("the fixture does not tell the ranges apart")
	}

	h.press("esc")
	if h.m.screen != nil {
		t.Fatal("esc does not close the dashboard")
	}
	openDashboard(h)
	h.press("d")
	if h.m.screen != nil {
		t.Fatal("d does not close the dashboard")
	}
}

// TestDashboardFilter narrows the numbers by a dimension chosen in the
// picker.
func TestDashboardFilter(t *testing.T) {
	s := dashStore(t)
	h := newHarness(t, s, "carol", i18n.EN, 160, 48)
	d := openDashboard(h)
	h.press("3", "f", "2") // channel …
	wantShown(t, h.view(), "Channel")
	h.press(strconv.Itoa(2 + slices.Index(domain.Channels, domain.Hotline)))
	if d.f.Channel != domain.Hotline {
		t.Fatalf("filter %+v, want the hotline", d.f)
	}
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, epoch.Location())
	want, err := s.Report(context.Background(), store.ReportFilter{From: day.AddDate(0, 0, -29), To: day.AddDate(0, 0, 1), Channel: domain.Hotline})
	if err != nil {
		t.Fatal(err)
	}
	if d.data.report.Created != want.Created || want.Created == reportFor(t, s, 30).Created {
		t.Fatalf("hotline: %d received, store says %d", d.data.report.Created, want.Created)
	}
	wantShown(t, h.view(), "channel: Hotline")
}

// TestDashboardLive: a ticket received by another session shows in "new"
// after the feed batch that carries it.
func TestDashboardLive(t *testing.T) {
	s := dashStore(t)
	h := newHarness(t, s, "carol", i18n.EN, 80, 24)
	d := openDashboard(h)
	before := d.data.today.Created
	tk, err := s.CreateTicket(context.Background(), "bob", store.NewTicket{Title: "新工单", Channel: domain.WeChat, Priority: domain.High})
	if err != nil {
		t.Fatal(err)
	}
	h.send(feedMsg{batch: live.Batch{Events: []domain.Event{{TicketID: tk.ID}}}, ok: true})
	if d.data.today.Created != before+1 {
		t.Fatalf("new today %d after the batch, want %d", d.data.today.Created, before+1)
	}
	wantShown(t, h.view(), "new "+strconv.Itoa(before+1))
}

// TestDashboardCoalesces: batches that arrive while a read runs make one
// read after it, not one each.
func TestDashboardCoalesces(t *testing.T) {
	s := dashStore(t)
	h := newHarness(t, s, "carol", i18n.EN, 80, 24)
	d := openDashboard(h)
	first := d.load(h.m.ctx, s)
	if first == nil {
		t.Fatal("an idle dashboard did not read")
	}
	if first, second := d.load(h.m.ctx, s), d.load(h.m.ctx, s); first != nil || second != nil {
		t.Fatal("batches during a read started more reads")
	}
	_, again := d.update(first())
	if again == nil {
		t.Fatal("no read after the batches that came during one")
	}
	if _, cmd := d.update(again()); cmd != nil {
		t.Fatal("a second follow-up read")
	}
}

// TestDashboardForAgents: agents see the dashboard too; it is read-only,
// so the card keys do nothing there.
func TestDashboardForAgents(t *testing.T) {
	s := dashStore(t)
	h := newHarness(t, s, "bob", i18n.EN, 80, 24)
	openDashboard(h)
	h.press("m", "a", "t")
	if h.m.layer != nil || h.m.status.err {
		t.Fatalf("a card key acted on the dashboard: %q", h.m.status.text)
	}
	wantShown(t, h.view(), "Dashboard · today", "new ")
}

// TestDashboardScrolls: at 80×24 the sections stack and j/k scroll them.
func TestDashboardScrolls(t *testing.T) {
	s := dashStore(t)
	h := newHarness(t, s, "carol", i18n.EN, 80, 24)
	openDashboard(h)
	h.press("3")
	if strings.Contains(h.view(), "Satisfaction") {
		t.Fatal("the whole dashboard fits 80×24; the scroll test tests nothing")
	}
	h.press("G")
	wantShown(t, h.view(), "Satisfaction", "↑ more")
	h.press("g")
	wantShown(t, h.view(), "Today", "↓ more")
}

// TestDashboardGolden draws the dashboard of the last 30 days at 80×24
// and 160×48, and the end of the last 7 days at 80×24, in both
// languages, as NO_COLOR shows it. Regenerate with: go
// test ./tui -run TestDashboardGolden -update.
func TestDashboardGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		lang i18n.Lang
		w, h int
		keys []string // after d; the last 30 days when none
	}{
		{"en_80x24", i18n.EN, 80, 24, nil},
		{"zh_80x24", i18n.ZH, 80, 24, nil},
		{"en_160x48", i18n.EN, 160, 48, nil},
		{"zh_160x48", i18n.ZH, 160, 48, nil},
		{"en_80x24_week_end", i18n.EN, 80, 24, []string{"7", "G"}},
		{"zh_80x24_week_end", i18n.ZH, 80, 24, []string{"7", "G"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, dashStore(t), "carol", tc.lang, tc.w, tc.h)
			openDashboard(h)
			if tc.keys == nil {
				tc.keys = []string{"3"}
			}
			h.press(tc.keys...)
			golden.RequireEqual(t, h.view())
		})
	}
}

// TestDashboardPanelsStayPut: each panel starts on the same line and
// column for today, 7 and 30 days, narrow or wide.
func TestDashboardPanelsStayPut(t *testing.T) {
	heads := []string{"Against targets", "Received by channel", "Received by category", "Daily trend",
		"SLA attainment by priority", "Satisfaction (1–5)", "Agents"}
	for _, size := range [][2]int{{160, 60}, {80, 200}} {
		h := newHarness(t, dashStore(t), "carol", i18n.EN, size[0], size[1])
		openDashboard(h)
		var first map[string][2]int
		for _, r := range []string{"1", "7", "3"} {
			h.press(r)
			at := map[string][2]int{}
			for i, ln := range strings.Split(h.view(), "\n") {
				for _, hd := range heads {
					if c := strings.Index(ln, hd); c >= 0 {
						at[hd] = [2]int{i, textsafe.Width(ln[:c])}
					}
				}
			}
			if len(at) != len(heads) {
				t.Fatalf("%d wide, range %s: panels %v, want all of %v:\n%s", size[0], r, at, heads, h.view())
			}
			if first == nil {
				first = at
				continue
			}
			for _, hd := range heads {
				if at[hd] != first[hd] {
					t.Errorf("%d wide: %q at line/cell %v for range %s, %v for today", size[0], hd, at[hd], r, first[hd])
				}
			}
		}
	}
}
