package tui

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
)

// TestGolden runs the real program (teatest) at fixed sizes with the
// fixed clock and the fixture desk (its missed deadlines swept, so two
// cards are escalated), and compares the final screen with
// testdata/TestGolden/*.golden. The golden files hold the screen without
// styling, exactly as a NO_COLOR terminal shows it, so they can be read
// (and must stay readable) by eye. Every screen of goldenScreens is drawn
// at 80×24 and 160×48 in English and Chinese (NAME_LANG_WxH.golden), and
// a few more sizes besides. Regenerate with: go test ./tui -run
// TestGolden -update.
func TestGolden(t *testing.T) {
	type run struct {
		name string
		sc   goldenScreen
		lang i18n.Lang
		w, h int
	}
	var runs []run
	for _, sc := range goldenScreens {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
				runs = append(runs, run{fmt.Sprintf("%s_%s_%dx%d", sc.name, lang, size[0], size[1]), sc, lang, size[0], size[1]})
			}
		}
	}
	runs = append(runs, run{"board_en_200x50", goldenScreens[0], i18n.EN, 200, 50})
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			var s *store.Store
			if r.sc.fresh {
				s = freshStore(t)
			} else {
				s = openStore(t)
				seed(t, s, fixtures)
				if r.sc.seed != nil {
					r.sc.seed(t, s)
				}
				if _, err := s.SweepSLA(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			o := Options{Desk: s, Me: agent(t, s, "alice"), Lang: r.lang, Now: fixedNow}
			if r.sc.others != nil {
				o.Presence, o.Session = live.NewPresence(nil), "golden"
				for _, v := range r.sc.others {
					o.Presence.Set(v)
				}
			}
			m := &shown{Model: New(o)}
			tm := teatest.NewTestModel(t, m,
				teatest.WithInitialTermSize(r.w, r.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.NoTTY)))
			ready := r.sc.ready
			if ready == nil {
				// The last card of the first column at 80 wide, of any at 160.
				ready = lit("FB-1003", "FB-1003")
				if r.w >= 160 {
					ready = lit("FB-1014", "FB-1014")
				}
			}
			m.waitFor(t, ready(r.lang))
			for _, st := range r.sc.steps {
				tm.Send(keyMsg(st.key))
				m.waitFor(t, st.wait(r.lang))
			}
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*shown)
			golden.RequireEqual(t, ansi.Strip(final.Model.View().Content))
		})
	}
}

// goldenScreen is one screen of the golden matrix: the desk it needs, and
// the keys that reach it from the board, each with what the screen shows
// once the key has taken effect.
type goldenScreen struct {
	name   string
	fresh  bool                               // a new desk (no fixtures): the first-run guide
	seed   func(t testing.TB, s *store.Store) // more than the fixtures
	ready  func(i18n.Lang) string             // the board is drawn (nil: a card of the fixtures)
	steps  []goldenStep
	others []live.Viewer // other sessions on the same presence registry
}

type goldenStep struct {
	key  string
	wait func(i18n.Lang) string
}

// lit is a text to wait for in English and in Chinese; say is the
// catalogue's text of k.
func lit(en, zh string) func(i18n.Lang) string {
	return func(l i18n.Lang) string {
		if l == i18n.ZH {
			return zh
		}
		return en
	}
}

func say(k i18n.Key) func(i18n.Lang) string { return func(l i18n.Lang) string { return l.T(k) } }

// sayf is the catalogue's text of k with args.
func sayf(k i18n.Key, args ...any) func(i18n.Lang) string {
	return func(l i18n.Lang) string { return l.T(k, args...) }
}

// goldenScreens is every screen a session reaches, board first.
var goldenScreens = []goldenScreen{
	{name: "board"},
	{name: "firstrun", fresh: true, ready: lit("loopdesk import tickets.csv", "loopdesk import tickets.csv")},
	{name: "detail", steps: []goldenStep{{"enter", say(i18n.DetailSLA)}}},
	{name: "help", steps: []goldenStep{{"?", lit("column left", "左一列")}}},
	{name: "move", steps: []goldenStep{{"m", say(i18n.PickNotAllowed)}}},
	{name: "assign", steps: []goldenStep{{"a", lit("open)", "张未结")}}},
	{name: "filter", steps: []goldenStep{{"f", say(i18n.PickFilter)}}},
	{name: "search", steps: []goldenStep{{"/", say(i18n.PromptSearch)}}},
	{name: "new", steps: []goldenStep{{"n", say(i18n.FormNew)}}},
	{name: "edit", steps: []goldenStep{{"enter", say(i18n.DetailSLA)}, {"e", sayf(i18n.FormEdit, "FB-1001")}}},
	{name: "note", steps: []goldenStep{{"enter", say(i18n.DetailSLA)}, {"N", sayf(i18n.FormNote, "FB-1001")}}},
	{name: "reply", steps: []goldenStep{{"r", lit("acknowledgement", "受理确认")}, {"1", lit("ctrl+s send", "ctrl+s 发送")}}},
	{name: "live", others: watchers, steps: []goldenStep{{"s", lit("sorted by due", "按到期排序")}, {"v", lit("1 selected", "已选 1 张")}}},
	{name: "queue", steps: []goldenStep{{"E", lit("First response", "首次响应")}}},
	{name: "team", steps: []goldenStep{{"T", lit("unassigned", "未分配")}}},
	{name: "admin", steps: []goldenStep{{"U", lit("Carol Chen", "Carol Chen")}}},
	{name: "triage", seed: func(t testing.TB, s *store.Store) { seedTriage(t, s) }, steps: []goldenStep{{"I", lit("Logistics 41%", "41%")}}},
	{name: "approve", seed: seedApproval, steps: []goldenStep{{"A", lit("Approvals (1)", "审批（1）")}, {"y", lit("Proposed solution", "拟定的解决方案")}}},
	{name: "mentions", seed: seedLists, steps: []goldenStep{{"@", lit("please check", "please check")}}},
	{name: "mentions_filter", seed: seedLists, steps: []goldenStep{{"@", lit("please check", "please check")},
		{"/", lit("type to filter", "输入即筛选")}, {"退", sayf(i18n.ListFilterLine, "退")}}},
	{name: "rejected", seed: seedLists, steps: []goldenStep{{"X", lit("asdf", "asdf")}}},
	{name: "knowledge", steps: []goldenStep{{"K", say(i18n.ScreenKB)}}},
	{name: "dashboard", steps: []goldenStep{{"d", say(i18n.DashTargets)}}},
	{name: "wait_board", seed: seedWait, steps: []goldenStep{{"l", lit("⏸3", "⏸3")}}},
	{name: "wait_detail", seed: seedWait, steps: []goldenStep{{"l", lit("⏸3", "⏸3")}, {"enter", lit("clock paused", "计时已暂停")}}},
	{name: "problems", seed: seedProblems, steps: []goldenStep{{"B", lit("PB-2", "PB-2")}}},
	{name: "problem", seed: seedProblems, steps: []goldenStep{{"B", lit("PB-2", "PB-2")}, {"enter", lit("first", "首次")}}},
	{name: "roadmap", seed: seedProblems, steps: []goldenStep{{"B", lit("PB-2", "PB-2")}, {"tab", lit("score", "得分")}}},
}

// watchers are other sessions with cards open: bob editing FB-1002, carol
// and 王芳 looking at FB-1006.
var watchers = []live.Viewer{
	{Session: "s1", Agent: "bob", TicketID: 2, Editing: true},
	{Session: "s2", Agent: "carol", TicketID: 6},
	{Session: "s3", Agent: "wang.fang", TicketID: 6},
}

// shown is the model under test keeping the text of the last frame it
// drew, so a wait looks at the screen: the renderer's output stream holds
// only the cells that changed, in which a label that was partly on the
// screen already never appears whole.
type shown struct {
	*Model
	last atomic.Pointer[string]
}

func (s *shown) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := s.Model.Update(msg)
	return s, cmd
}

func (s *shown) View() tea.View {
	v := s.Model.View()
	text := ansi.Strip(v.Content)
	s.last.Store(&text)
	return v
}

// waitFor waits until the last frame drawn shows text.
func (s *shown) waitFor(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if p := s.last.Load(); p != nil && strings.Contains(*p, text) {
			return
		}
		if time.Now().After(deadline) {
			last := ""
			if p := s.last.Load(); p != nil {
				last = *p
			}
			t.Fatalf("no %q on the screen after 10s:\n%s", text, last)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// seedApproval has bob propose a solution for his high-priority FB-1006,
// which waits for a supervisor's approval.
func seedApproval(t testing.TB, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	tk, err := s.TicketByKey(ctx, "FB-1006")
	if err != nil {
		t.Fatal(err)
	}
	summary := "Cleared the stale login session on the server and reset the SMS code limit.\n已清除服务器上的旧会话，客户重新登录成功。"
	if _, _, err := s.Resolve(ctx, "bob", tk.ID, tk.Version, summary); err != nil {
		t.Fatal(err)
	}
}

// seedLists gives alice two mentions and the rejected list two items.
func seedLists(t testing.TB, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	for _, n := range []struct{ key, note string }{{"FB-1002", "@alice please check the crash logs"}, {"FB-1004", "@alice 客户又来电催退款，please check"}} {
		key, note := n.key, n.note
		tk, err := s.TicketByKey(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddNote(ctx, "bob", tk.ID, tk.Version, note); err != nil {
			t.Fatal(err)
		}
	}
	in, err := intake.New(s, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Submit(ctx, "alice", []intake.Item{
		{NewTicket: store.NewTicket{Title: "asdf", Channel: domain.WebForm}},
		{NewTicket: store.NewTicket{Title: "qwer", Channel: domain.WeChat}},
	}); err != nil {
		t.Fatal(err)
	}
}
