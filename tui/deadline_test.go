package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// cardText is the three lines of card key as the 160×48 board shows them,
// unstyled.
func cardText(t *testing.T, h *harness, key string) string {
	t.Helper()
	lines := strings.Split(h.view(), "\n")
	for i, ln := range lines {
		cells := strings.Split(ln, "│")
		for c, cell := range cells {
			if strings.Contains(cell, key) && i+2 < len(lines) {
				card := []string{cell}
				for _, next := range lines[i+1 : i+3] {
					card = append(card, strings.Split(next, "│")[c])
				}
				return strings.Join(card, "\n")
			}
		}
	}
	t.Fatalf("%s not on the board:\n%s", key, h.view())
	return ""
}

// dueOf is the deadline a card of the board gets in this frame.
func dueOf(h *harness, key string) deadline {
	f := h.m.newFrame()
	for _, c := range h.m.board.cols {
		for _, tk := range c.cards {
			if tk.Key() == key {
				style, _ := h.m.cardStyle(&f, &tk, false)
				return style.due
			}
		}
	}
	h.t.Fatalf("%s not on the board", key)
	return deadline{}
}

func TestDeadlineOnCards(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	for _, tc := range []struct {
		lang  i18n.Lang
		key   string
		text  string
		state int
	}{
		{i18n.EN, "FB-1004", "19h", dueOK},           // medium, 5h of a 24h first response
		{i18n.EN, "FB-1001", "!20m", dueAtRisk},      // high, 1h40m of 2h used
		{i18n.EN, "FB-1002", "late 1h", dueBreached}, // high, 3h without a response
		{i18n.ZH, "FB-1002", "超时1小时", dueBreached},
		{i18n.EN, "FB-1012", "", dueOK}, // resolved: no clock runs
	} {
		h := newHarness(t, s, "alice", tc.lang, 160, 48)
		if got := dueOf(h, tc.key); got.text != tc.text || got.state != tc.state {
			t.Errorf("%s %s: deadline %+v, want %q in state %d", tc.lang, tc.key, got, tc.text, tc.state)
		}
		if tc.text != "" && !strings.Contains(cardText(t, h, tc.key), tc.text) {
			t.Errorf("%s card does not show %q:\n%s", tc.key, tc.text, cardText(t, h, tc.key))
		}
	}
	// The one-column layout has them too, right-aligned in their column.
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	for _, want := range []string{"!20m   1h", "late 1h   3h", "19h   5h"} {
		if !strings.Contains(h.view(), want) {
			t.Errorf("80×24 board lacks %q:\n%s", want, h.view())
		}
	}
}

// TestCountdown: the deadlines count down with the clock on a tick, with
// no key pressed and nothing read from the database.
func TestCountdown(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	clock := clockOf(s)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	if got := dueOf(h, "FB-1001").text; got != "!20m" {
		t.Fatalf("at epoch: %q", got)
	}
	gen := h.m.gen
	clock.advance(15 * time.Minute)
	h.send(tickMsg{})
	if got := cardText(t, h, "FB-1001"); !strings.Contains(got, "!5m") {
		t.Errorf("15 minutes later the card shows:\n%s", got)
	}
	if h.m.gen != gen {
		t.Error("a tick without the at-risk filter reloaded the board")
	}
	clock.advance(10 * time.Minute)
	h.send(tickMsg{})
	if got := dueOf(h, "FB-1001"); got.text != "late 5m" || got.state != dueBreached {
		t.Errorf("25 minutes later: %+v, want late 5m, breached", got)
	}
}

func TestAtRiskFilter(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	clock := clockOf(s)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("f", "6")
	got := keys(onBoard(h))
	want := map[string]bool{"FB-1001": true, "FB-1002": true, "FB-1011": true}
	if len(got) != len(want) {
		t.Fatalf("at risk or breached: %v, want FB-1001, FB-1002, FB-1011", got)
	}
	for _, k := range got {
		if !want[k] {
			t.Errorf("at-risk filter shows %s", k)
		}
	}
	if !strings.Contains(h.view(), "filter: at risk") {
		t.Errorf("status line lacks the filter:\n%s", h.view())
	}
	// Under the filter a tick reloads: FB-1004 (24h first response) turns
	// at risk at 18h, 13 hours from now.
	clock.advance(13*time.Hour + time.Minute)
	h.send(tickMsg{})
	if _, ok := onBoard(h)["FB-1004"]; !ok {
		t.Errorf("FB-1004 turned at risk but is not on the filtered board: %v", keys(onBoard(h)))
	}
	h.press("f", "6")
	if n := len(onBoard(h)); n != len(fixtures) {
		t.Errorf("filter off: %d cards", n)
	}
}

func TestEscalatedFilterAndFlag(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	if _, err := s.SweepSLA(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s, "carol", i18n.EN, 160, 48)
	if got := cardText(t, h, "FB-1002"); !strings.Contains(got, "escalated") {
		t.Errorf("escalated card not flagged:\n%s", got)
	}
	h.press("f", "7")
	if got := keys(onBoard(h)); len(got) != 2 {
		t.Errorf("escalated: %v, want FB-1002 and FB-1011", got)
	}
}

func TestTeamFilter(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "bob", i18n.ZH, 160, 48)
	h.press("f", "8")
	if !strings.Contains(h.view(), "技术支持 (我的团队)") {
		t.Fatalf("team picker does not mark bob's team:\n%s", h.view())
	}
	h.press("2") // bob's team comes first
	for k, c := range onBoard(h) {
		if c.Team != "tech_support" {
			t.Errorf("team filter shows %s of team %s", k, c.Team)
		}
	}
	if !strings.Contains(h.view(), "筛选：团队 技术支持") {
		t.Errorf("status line lacks the team:\n%s", h.view())
	}
}

// TestSortByDueKeepsCursor: toggling the order keeps the cursor on its
// card, and windows scroll by keyset in deadline order.
func TestSortByDueKeepsCursor(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("j", "j") // FB-1004
	if got := h.selected().Key(); got != "FB-1004" {
		t.Fatalf("on %s", got)
	}
	h.press("s")
	if got := h.selected().Key(); got != "FB-1004" {
		t.Errorf("after sorting by due the cursor is on %s, want FB-1004", got)
	}
	var order []string
	for _, c := range h.m.board.cols[0].cards {
		order = append(order, c.Key())
	}
	if got := strings.Join(order, " "); got != "FB-1002 FB-1001 FB-1004 FB-1003 FB-1005" {
		t.Errorf("pending by due: %s", got)
	}
	h.wantStatus("sorted by due time")
	if !strings.Contains(h.view(), "sorted by due") {
		t.Error("status line does not say the order")
	}
	h.press("s")
	if got := h.selected().Key(); got != "FB-1004" || h.m.byDue {
		t.Errorf("back to priority: on %s (by due %v)", got, h.m.byDue)
	}
}

func TestSortByDueScrolls(t *testing.T) {
	s := openStore(t)
	clock := clockOf(s)
	ctx := context.Background()
	// Created one minute apart, newest first, so the deadline order is the
	// reverse of the id order.
	var want []string
	for i := range 40 {
		clock.set(epoch.Add(-time.Duration(i) * time.Minute))
		tk, err := s.CreateTicket(ctx, "alice", store.NewTicket{Title: fmt.Sprintf("T%02d", i), Channel: domain.Email, Priority: domain.Medium})
		if err != nil {
			t.Fatal(err)
		}
		want = append([]string{tk.Key()}, want...)
	}
	clock.set(epoch)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("s")
	// The cursor followed FB-1001 to the bottom, where it now sorts.
	if got, c := h.selected().Key(), h.m.board.current(); got != want[39] || c.below || !c.above {
		t.Fatalf("after s: on %s (above %v, below %v), want %s at the bottom", got, c.above, c.below, want[39])
	}
	h.press("g")
	for i, k := range want {
		if got := h.selected().Key(); got != k {
			t.Fatalf("card %d by due: %s, want %s", i, got, k)
		}
		h.press("j")
	}
	h.press("g")
	if got := h.selected().Key(); got != want[0] {
		t.Errorf("g: %s, want %s", got, want[0])
	}
	h.press("G", "k")
	if got := h.selected().Key(); got != want[38] {
		t.Errorf("G k: %s, want %s", got, want[38])
	}
	h.press("pgup")
	if got := h.selected().Key(); got == want[38] {
		t.Errorf("pgup did not move: %s", got)
	}
}

func TestRespond(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	card := h.selected() // FB-1001, first response at risk
	h.press("R")
	if !strings.Contains(h.view(), "customer reached by") || !strings.Contains(h.view(), "phone call") {
		t.Fatalf("R does not ask how the customer was reached:\n%s", h.view())
	}
	h.press("enter")
	got := h.ticket(card.ID)
	if !got.FirstResponseAt.Equal(epoch) {
		t.Errorf("first response at %v, want %v", got.FirstResponseAt, epoch)
	}
	if e := lastEvent(t, s, card.ID); e.Kind != domain.EvResponded || e.After != "phone call" || e.Actor != "alice" {
		t.Errorf("last event %+v, want alice responded by phone call", e)
	}
	h.wantStatus("FB-1001: response to the customer recorded")
	// The first-response clock stopped; the card shows the next one.
	if due := dueOf(h, "FB-1001"); due.text != "22h20m" || due.state != dueOK {
		t.Errorf("after the response the card shows %+v", due)
	}
	h.press("enter")
	if !strings.Contains(strings.Join(h.m.detail.content(160), "\n"), "alice  responded to the customer: phone call") {
		t.Error("the timeline does not show the response")
	}
	// Closed cards are refused by the store, and the reason shows.
	h.press("esc", "l", "l", "l", "l", "R", "enter")
	if !h.m.status.err || !strings.Contains(h.m.status.text, "reopen it before responding") {
		t.Errorf("responding on a closed card: %q", h.m.status.text)
	}
}

func TestDetailClocks(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	if _, err := s.SweepSLA(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s, "alice", i18n.EN, 160, 48)
	h.press("l", "l", "enter") // FB-1011: testing, high, resolution missed a day ago
	content := ansi.Strip(strings.Join(h.m.detail.content(160), "\n"))
	for _, want := range []string{
		"Service levels — escalated",
		"First response   met       stopped 2026-02-28 09:30",
		"Resolution       breached  1d overdue",
		"due 2026-03-01 09:30  target 1d, calendar time",
		"2026-03-02 09:30  deadline missed: Resolution (due 2026-03-01 09:30)",
	} {
		if !strings.Contains(content, want) {
			t.Errorf("detail lacks %q:\n%s", want, content)
		}
	}
}

// TestWorkingTimeReadsAsHours: once answered, a medium card's nearest
// clock is its resolution, five working days: it reads in working hours
// on the card and in the detail, never as calendar days ("1d13h").
func TestWorkingTimeReadsAsHours(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	if _, err := s.Respond(context.Background(), "alice", tk[3].ID, tk[3].Version, "phone"); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[i18n.Lang][2]string{
		i18n.EN: {"37h work", "37h work left"},
		i18n.ZH: {"37工作小时", "剩余 37工作小时"},
	} {
		h := newHarness(t, s, "alice", lang, 160, 48)
		if got := dueOf(h, tk[3].Key()); got.text != want[0] {
			t.Errorf("%s card: deadline %q, want %q", lang, got.text, want[0])
		}
		h.openCard(tk[3].Key())
		if !strings.Contains(h.view(), want[1]) {
			t.Errorf("%s detail lacks %q:\n%s", lang, want[1], h.view())
		}
	}
}
