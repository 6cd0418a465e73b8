package tui

import (
	"context"
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
// (and must stay readable) by eye. Regenerate with: go test ./tui -run
// TestGolden -update.
func TestGolden(t *testing.T) {
	type step struct {
		key  string
		wait string // text the screen shows once the key has taken effect
	}
	for _, tc := range []struct {
		name   string
		lang   i18n.Lang
		w, h   int
		ready  string
		steps  []step
		others []live.Viewer // other sessions on the same presence registry
	}{
		{"board_en_80x24", i18n.EN, 80, 24, "FB-1003", nil, nil},
		{"board_zh_80x24", i18n.ZH, 80, 24, "FB-1003", nil, nil},
		{"board_en_160x48", i18n.EN, 160, 48, "FB-1014", nil, nil},
		{"board_zh_160x48", i18n.ZH, 160, 48, "FB-1014", nil, nil},
		{"board_en_200x50", i18n.EN, 200, 50, "FB-1014", nil, nil},
		{"detail_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"enter", "Service levels"}}, nil},
		{"detail_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"enter", "接收时间"}}, nil},
		{"help_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"?", "column left"}}, nil},
		{"help_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"?", "左一列"}}, nil},
		{"move_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"m", "not allowed"}}, nil},
		{"queue_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"E", "First response"}}, nil},
		{"queue_zh_160x48", i18n.ZH, 160, 48, "FB-1003", []step{{"E", "首次响应"}}, nil},
		{"team_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"T", "unassigned"}}, nil},
		{"team_zh_160x48", i18n.ZH, 160, 48, "FB-1003", []step{{"T", "未分配"}}, nil},
		{"admin_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"U", "Carol Chen"}}, nil},
		{"live_en_160x48", i18n.EN, 160, 48, "FB-1003", []step{{"s", "sorted by due"}, {"v", "1 selected"}, {"j", "FB-1004"}, {"v", "2 selected"}}, watchers},
		{"live_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"s", "按到期排序"}, {"v", "已选 1 张"}}, watchers},
		{"reply_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"r", "acknowledgement"}, {"1", "ctrl+s send"}}, nil},
		{"reply_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"r", "受理确认"}, {"1", "ctrl+s 发送"}}, nil},
		{"reply_en_160x48", i18n.EN, 160, 48, "FB-1014", []step{{"r", "acknowledgement"}, {"1", "ctrl+s send"}}, nil},
		{"reply_zh_160x48", i18n.ZH, 160, 48, "FB-1014", []step{{"r", "受理确认"}, {"1", "ctrl+s 发送"}}, nil},
		{"wait_board_en_120x40", i18n.EN, 120, 40, "⏸3h", nil, nil},
		{"wait_detail_en_120x40", i18n.EN, 120, 40, "⏸3h", []step{{"l", "▸ In progress"}, {"enter", "clock paused"}}, nil},
		{"wait_detail_zh_120x40", i18n.ZH, 120, 40, "⏸3", []step{{"l", "⏸3"}, {"enter", "计时已暂停"}}, nil},
		{"problems_en_120x40", i18n.EN, 120, 40, "FB-1003", []step{{"B", "PB-2"}}, nil},
		{"problems_zh_120x40", i18n.ZH, 120, 40, "FB-1003", []step{{"B", "PB-2"}}, nil},
		{"problem_en_120x40", i18n.EN, 120, 40, "FB-1003", []step{{"B", "PB-2"}, {"enter", "first"}}, nil},
		{"roadmap_en_120x40", i18n.EN, 120, 40, "FB-1003", []step{{"B", "PB-2"}, {"tab", "score"}}, nil},
		{"roadmap_zh_120x40", i18n.ZH, 120, 40, "FB-1003", []step{{"B", "PB-2"}, {"tab", "得分"}}, nil},
		{"queue_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"E", "首次响应"}}, nil},
		{"queue_en_160x48", i18n.EN, 160, 48, "FB-1003", []step{{"E", "First response"}}, nil},
		{"team_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"T", "未分配"}}, nil},
		{"team_en_160x48", i18n.EN, 160, 48, "FB-1003", []step{{"T", "unassigned"}}, nil},
		{"admin_zh_160x48", i18n.ZH, 160, 48, "FB-1003", []step{{"U", "Carol Chen"}}, nil},
		{"lists_mentions_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"@", "please check"}}, nil},
		{"lists_mentions_zh_160x48", i18n.ZH, 160, 48, "FB-1003", []step{{"@", "please check"}}, nil},
		{"lists_rejected_en_160x48", i18n.EN, 160, 48, "FB-1003", []step{{"X", "asdf"}}, nil},
		{"lists_rejected_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"X", "asdf"}}, nil},
		{"lists_filter_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"@", "please check"}, {"/", "type to filter"}, {"退", "filter: 退"}}, nil},
		{"assign_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"a", "open)"}}, nil},
		{"assign_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"a", "张未结"}}, nil},
		{"assign_en_160x48", i18n.EN, 160, 48, "FB-1014", []step{{"a", "open)"}, {"b", "b▏"}}, nil},
		{"assign_zh_160x48", i18n.ZH, 160, 48, "FB-1014", []step{{"a", "张未结"}}, nil},
		{"triage_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"I", "Logistics 41%"}}, nil},
		{"triage_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"I", "41%"}}, nil},
		{"triage_en_160x48", i18n.EN, 160, 48, "FB-1003", []step{{"I", "Logistics 41%"}}, nil},
		{"triage_zh_160x48", i18n.ZH, 160, 48, "FB-1003", []step{{"I", "41%"}, {"c", "(建议)"}}, nil},
		{"approve_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"A", "Approvals (1)"}, {"y", "Proposed solution"}}, nil},
		{"approve_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"A", "审批（1）"}, {"y", "拟定的解决方案"}}, nil},
		{"approve_en_160x48", i18n.EN, 160, 48, "FB-1003", []step{{"A", "Approvals (1)"}, {"y", "Proposed solution"}}, nil},
		{"approve_zh_160x48", i18n.ZH, 160, 48, "FB-1003", []step{{"A", "审批（1）"}, {"y", "拟定的解决方案"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			seed(t, s, fixtures)
			if strings.HasPrefix(tc.name, "problem") || strings.HasPrefix(tc.name, "roadmap") {
				seedProblems(t, s)
			}
			if strings.HasPrefix(tc.name, "wait") {
				seedWait(t, s)
			}
			if strings.HasPrefix(tc.name, "approve") {
				seedApproval(t, s)
			}
			if strings.HasPrefix(tc.name, "lists") {
				seedLists(t, s)
			}
			if strings.HasPrefix(tc.name, "triage") {
				seedTriage(t, s)
			}
			if _, err := s.SweepSLA(context.Background()); err != nil {
				t.Fatal(err)
			}
			o := Options{Desk: s, Me: agent(t, s, "alice"), Lang: tc.lang, Now: fixedNow}
			if tc.others != nil {
				o.Presence, o.Session = live.NewPresence(nil), "golden"
				for _, v := range tc.others {
					o.Presence.Set(v)
				}
			}
			m := &shown{Model: New(o)}
			tm := teatest.NewTestModel(t, m,
				teatest.WithInitialTermSize(tc.w, tc.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.NoTTY)))
			m.waitFor(t, tc.ready)
			for _, st := range tc.steps {
				tm.Send(keyMsg(st.key))
				m.waitFor(t, st.wait)
			}
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*shown)
			golden.RequireEqual(t, ansi.Strip(final.Model.View().Content))
		})
	}
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
