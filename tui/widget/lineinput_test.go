package widget

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestLineInputWideRunes checks the single-line editor cell by cell: a
// Chinese character is two cells wide, so the cursor column is counted in
// cells, and the view scrolls without ever showing half a character.
func TestLineInputWideRunes(t *testing.T) {
	in := NewLineInput(&testKeys().Line, 20, 0)
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
	step("home", press("home"), "客户投诉支付失败退款", 0)
	step("right", press("right"), "客户投诉支付失败退款", 2)
	step("right", press("right"), "客户投诉支付失败退款", 4)
	step("right", press("right"), "客户投诉支付失败退款", 6)
	step("end", press("end"), "败退款 refund 请求  ", 18)
	for range 5 {
		in.Update(press("left"))
	}
	step("left×5", nil, "败退款 refund 请求  ", 11)
	step("backspace", press("backspace"), "败退款 refnd 请求   ", 10)
	for range 9 {
		in.Update(press("left"))
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

// TestOpensWithStartVisible: a field opened on a text shows how it
// begins, whatever width it is given later; one that fits shows whole
// with the cursor at its end.
func TestOpensWithStartVisible(t *testing.T) {
	in := NewLineInput(&testKeys().Line, 20, 0)
	in.SetValue("Package stuck in transit")
	in.SetWidth(40)
	if v := in.View(); !strings.HasPrefix(v, "Package stuck in transit") || in.CursorColumn() != 24 {
		t.Errorf("widened: view %q, cursor %d", v, in.CursorColumn())
	}
	in.SetWidth(12)
	if v := in.View(); v != "Package stuc" || in.CursorColumn() != 0 {
		t.Errorf("narrow: view %q, cursor %d", v, in.CursorColumn())
	}
	in.SetValue("快递一周还没到，物流信息一直没有更新")
	if v := in.View(); !strings.HasPrefix(v, "快递一周") {
		t.Errorf("wide characters: view %q", v)
	}
}
