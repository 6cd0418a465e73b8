package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// TestLineInputWideRunes checks the single-line editor cell by cell: a
// Chinese character is two cells wide, so the cursor column is counted in
// cells, and the view scrolls without ever showing half a character.
func TestLineInputWideRunes(t *testing.T) {
	keys := newKeyMap(i18n.EN)
	in := widget.NewLineInput(&keys.Line, 20, 0)
	step := func(name string, msg tea.Msg, wantView string, wantCol int) {
		t.Helper()
		if msg != nil {
			in.Update(msg)
		}
		if got := in.View(); got != wantView {
			t.Errorf("%s: view %q, want %q", name, got, wantView)
		}
		if got := in.CursorColumn(); got != wantCol {
			t.Errorf("%s: cursor at cell %d, want %d", name, got, wantCol)
		}
	}
	for _, r := range "客户投诉支付失败" {
		in.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	step("typed", nil, "客户投诉支付失败    ", 16)
	step("paste", tea.PasteMsg{Content: "退款 refund 请求"}, "败退款 refund 请求  ", 18)
	if got := in.Value(); got != "客户投诉支付失败退款 refund 请求" {
		t.Fatalf("value %q", got)
	}
	step("home", keyMsg("home"), "客户投诉支付失败退款", 0)
	step("right", keyMsg("right"), "客户投诉支付失败退款", 2)
	step("right", keyMsg("right"), "客户投诉支付失败退款", 4)
	step("right", keyMsg("right"), "客户投诉支付失败退款", 6)
	step("end", keyMsg("end"), "败退款 refund 请求  ", 18)
	for range 5 {
		in.Update(keyMsg("left"))
	}
	step("left×5", nil, "败退款 refund 请求  ", 11)
	step("backspace", keyMsg("backspace"), "败退款 refnd 请求   ", 10)
	for range 9 {
		in.Update(keyMsg("left"))
	}
	// Scrolling left shows the characters before the old start; a wide
	// character that does not fit at the end is left out, not halved.
	step("left×9", nil, "付失败退款 refnd 请 ", 0)
	step("type", tea.KeyPressMsg{Code: '单', Text: "单"}, "单付失败退款 refnd  ", 2)
	if got := in.Value(); got != "客户投诉支单付失败退款 refnd 请求" {
		t.Errorf("value %q", got)
	}
	// A paste is one line: breaks and control characters do not survive.
	in.SetValue("")
	in.Update(tea.PasteMsg{Content: "第一行\r\n第二行\x1b[31m红\x07"})
	if got := in.Value(); got != "第一行 第二行红" {
		t.Errorf("pasted %q", got)
	}
}

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
