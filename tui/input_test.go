package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// TestFormChineseEntry types and pastes Chinese into the new-ticket form's
// title (widget.LineInput) and description (textarea) and checks the terminal
// cursor's cell and the rendered lines, then saves.
func TestFormChineseEntry(t *testing.T) {
	s := openStore(t)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("n")
	const labelW = len("Description") + 3 // "▸ " and a space
	const lead = 2                        // the inputs' lead ("  ", "┃ ", "‹ ")
	cursor := func(name string, x, y int) {
		t.Helper()
		c := h.m.View().Cursor
		if c == nil {
			t.Fatalf("%s: no cursor", name)
		}
		if c.X != x || c.Y != y {
			t.Errorf("%s: cursor at (%d,%d), want (%d,%d)", name, c.X, c.Y, x, y)
		}
	}
	row := func(y int) string { return strings.Split(h.view(), "\n")[y] }

	h.typeText("客户投诉支付失败")
	cursor("title typed", labelW+lead+16, 2)
	if got := row(2); !strings.HasPrefix(got, "▸ Title         客户投诉支付失败  ") {
		t.Errorf("title row %q", got)
	}
	h.send(tea.PasteMsg{Content: "退款 refund 请求"})
	cursor("title pasted", labelW+lead+32, 2)
	h.press("home")
	cursor("title home", labelW+lead, 2)
	h.press("right", "right")
	cursor("title right×2", labelW+lead+4, 2)
	h.press("end", "left", "left", "left")
	cursor("title end left×3", labelW+lead+32-5, 2)

	h.press("tab")
	h.typeText("客户投诉支付失败")
	cursor("body typed", labelW+lead+16, 3)
	h.send(tea.PasteMsg{Content: "退款 refund 请求"})
	cursor("body pasted", labelW+lead+32, 3)
	if got := row(3); !strings.HasPrefix(got, "▸ Description ┃ 客户投诉支付失败退款 refund 请求 ") {
		t.Errorf("body row %q", got)
	}
	for range 5 {
		h.press("left")
	}
	cursor("body left×5", labelW+lead+25, 3)
	h.press("home")
	cursor("body home", labelW+lead, 3)
	h.press("right", "right", "right")
	cursor("body right×3", labelW+lead+6, 3)
	h.press("end")
	cursor("body end", labelW+lead+32, 3)
	// A line break in the description, then more Chinese on the next line.
	h.press("enter")
	h.typeText("第二行")
	cursor("body line 2", labelW+lead+6, 4)

	h.press("ctrl+s")
	if h.m.layer != nil {
		t.Fatalf("form still open after saving:\n%s", h.view())
	}
	created := h.selected()
	if created.Title != "客户投诉支付失败退款 refund 请求" {
		t.Errorf("created title %q", created.Title)
	}
	if got := h.ticket(created.ID).Body; got != "客户投诉支付失败退款 refund 请求\n第二行" {
		t.Errorf("created body %q", got)
	}
	h.wantStatus(created.Key() + " created")
}

// TestFormChineseEntryZH: the same in the Chinese UI, whose labels are
// wide characters too.
func TestFormChineseEntryZH(t *testing.T) {
	s := openStore(t)
	h := newHarness(t, s, "alice", i18n.ZH, 80, 24)
	h.press("n")
	labelW := textsafe.Width("客户等级") + 3 // the widest label: 8 cells
	h.typeText("退款")
	if c := h.m.View().Cursor; c == nil || c.X != labelW+2+4 || c.Y != 2 {
		t.Fatalf("cursor %+v, want (%d,2)", c, labelW+2+4)
	}
	if got := strings.Split(h.view(), "\n")[2]; !strings.HasPrefix(got, "▸ 标题       退款") {
		t.Errorf("title row %q", got)
	}
}
