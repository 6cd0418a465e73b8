package widget

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// TestConfirmAnswers: y is Done, n and esc are Cancelled, anything else
// (a paste, another letter) leaves the question open.
func TestConfirmAnswers(t *testing.T) {
	for _, tc := range []struct {
		msg  tea.Msg
		want Result
	}{
		{press("y"), Done}, {press("n"), Cancelled}, {press("esc"), Cancelled},
		{press("x"), Open}, {press("enter"), Open}, {tea.PasteMsg{Content: "y"}, Open},
	} {
		if got := NewConfirm(testKeys(), "Remove carol?", "y yes · n no").Update(tc.msg); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.msg, got, tc.want)
		}
	}
}

// TestConfirmViewCJK: a long Chinese question wraps inside the box, which
// fits the width in cells.
func TestConfirmViewCJK(t *testing.T) {
	q := strings.Repeat("删除坐席", 12) + "？"
	v := NewConfirm(testKeys(), q, "y 确认 · n 取消").View(testStyles(), 40, 12)
	lines := strings.Split(v, "\n")
	for _, ln := range lines {
		if w := textsafe.Width(ln); w > 40 {
			t.Errorf("line %q is %d cells, wider than 40", ln, w)
		}
	}
	if !strings.Contains(v, "y 确认 · n 取消") || strings.Count(v, "删") != 12 {
		t.Errorf("question or hint missing:\n%s", v)
	}
}
