package tui

import (
	"bytes"
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/loopdesk/loopdesk/i18n"
)

// TestGolden runs the real program (teatest) at fixed sizes with the
// fixed clock and the fixture desk, and compares the final screen with
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
		name  string
		lang  i18n.Lang
		w, h  int
		ready string
		steps []step
	}{
		{"board_en_80x24", i18n.EN, 80, 24, "FB-1003", nil},
		{"board_zh_80x24", i18n.ZH, 80, 24, "FB-1003", nil},
		{"board_en_160x48", i18n.EN, 160, 48, "FB-1014", nil},
		{"board_zh_160x48", i18n.ZH, 160, 48, "FB-1014", nil},
		{"board_en_200x50", i18n.EN, 200, 50, "FB-1014", nil},
		{"detail_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"enter", "Description"}}},
		{"detail_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"enter", "接收时间"}}},
		{"help_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"?", "closes this help"}}},
		{"help_zh_80x24", i18n.ZH, 80, 24, "FB-1003", []step{{"?", "关闭帮助"}}},
		{"move_en_80x24", i18n.EN, 80, 24, "FB-1003", []step{{"m", "not allowed"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			seed(t, s, fixtures)
			m := New(Options{Desk: s, Me: agent(t, s, "alice"), Lang: tc.lang, Now: fixedNow})
			tm := teatest.NewTestModel(t, m,
				teatest.WithInitialTermSize(tc.w, tc.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.NoTTY)))
			out := &screenLog{r: tm.Output()}
			out.waitFor(t, tc.ready)
			for _, st := range tc.steps {
				tm.Send(keyMsg(st.key))
				out.waitFor(t, st.wait)
			}
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
			golden.RequireEqual(t, ansi.Strip(final.View().Content))
		})
	}
}

// screenLog accumulates the program's output so waits see everything
// written so far, not only what arrived since the last wait.
type screenLog struct {
	r   io.Reader
	buf bytes.Buffer
}

func (s *screenLog) waitFor(t *testing.T, text string) {
	t.Helper()
	seen := 0 // WaitFor hands the condition all it read during this call
	teatest.WaitFor(t, s.r, func(b []byte) bool {
		s.buf.Write(b[seen:])
		seen = len(b)
		return bytes.Contains(s.buf.Bytes(), []byte(text))
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}
