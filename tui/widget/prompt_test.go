package widget

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// TestPromptAnswers: typed text and pastes edit the answer, enter is
// Done with the answer trimmed, esc is Cancelled.
func TestPromptAnswers(t *testing.T) {
	p := NewPrompt(testKeys(), "Search: ", "enter · esc", "退", 80)
	for _, m := range typed("款 ") {
		if r := p.Update(m); r != Open {
			t.Fatalf("typing returned %v", r)
		}
	}
	p.Update(tea.PasteMsg{Content: " refund\n"})
	if r := p.Update(press("enter")); r != Done || p.Value() != "退款 refund" {
		t.Fatalf("enter: %v with %q", r, p.Value())
	}
	if r := p.Update(press("esc")); r != Cancelled {
		t.Errorf("esc: %v", r)
	}
}

// TestPromptWaitAndRefuse: a waiting prompt takes no key, not even esc;
// a refusal keeps the text, shows why and takes keys again.
func TestPromptWaitAndRefuse(t *testing.T) {
	p := NewPrompt(testKeys(), "Key: ", "", "FB-9999", 80)
	p.Wait()
	for _, m := range []tea.Msg{press("x"), press("esc"), press("enter"), tea.PasteMsg{Content: "y"}} {
		if r := p.Update(m); r != Open || p.Value() != "FB-9999" {
			t.Fatalf("%v while waiting: %v, text %q", m, r, p.Value())
		}
	}
	p.Refuse("Not found: FB-9999")
	if p.Waiting() || p.Value() != "FB-9999" {
		t.Fatalf("after the refusal: waiting %v, text %q", p.Waiting(), p.Value())
	}
	if v, _ := p.View(testStyles(), 80, 10); !strings.Contains(v, "Not found: FB-9999") {
		t.Errorf("the refusal is not shown:\n%s", v)
	}
	p.Update(press("backspace"))
	if p.Value() != "FB-999" {
		t.Errorf("keys after the refusal: %q", p.Value())
	}
}

// TestPromptCursorCJK: the cursor is placed in cells after a Chinese
// label and answer, inside a box that fits the width.
func TestPromptCursorCJK(t *testing.T) {
	p := NewPrompt(testKeys(), "搜索：", "回车", "退款", 30)
	v, cur := p.View(testStyles(), 30, 7)
	lines := strings.Split(v, "\n")
	for _, ln := range lines {
		if w := textsafe.Width(ln); w > 30 {
			t.Errorf("line %q is %d cells, wider than 30", ln, w)
		}
	}
	// The cursor's row holds the label; its column is the box's inside
	// edge plus 6 cells of label and 4 of answer.
	row := lines[cur.Y]
	left := strings.Index(row, "搜索：")
	if left < 0 {
		t.Fatalf("cursor row %d is %q", cur.Y, row)
	}
	if want := textsafe.Width(row[:left]) + 6 + 4; cur.X != want {
		t.Errorf("cursor at cell %d, want %d", cur.X, want)
	}
}
