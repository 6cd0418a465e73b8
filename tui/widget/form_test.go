package widget

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

func testForm(w, h int) *Form {
	k := testKeys()
	return NewForm(k, "新工单", FormText{Hint: "ctrl+s 保存", Discard: "放弃输入？", Saving: "保存中…"}, []*Field{
		NewText(k, "标题", "title", "", 0),
		NewArea("描述", "body", ""),
		NewChoice(k, "优先级", "priority", []Choice{{Label: "低", Value: "low"}, {Label: "高", Value: "high"}}, "low"),
	}, w, h)
}

func send(f *Form, msgs ...tea.Msg) Result {
	r := Open
	for _, m := range msgs {
		if r = f.Update(m); r != Open {
			return r
		}
	}
	return r
}

// TestFormKeys: typing goes to the focused field, enter moves on from a
// line but is a new line in the textarea, tab moves, enter on the last
// field and ctrl+s ask to save.
func TestFormKeys(t *testing.T) {
	f := testForm(80, 24)
	send(f, typed("支付失败")...)
	send(f, press("enter"))
	send(f, typed("第一行")...)
	send(f, press("enter"))
	send(f, typed("二")...)
	send(f, press("tab"), press("right"))
	if got := []string{f.Field("title").Value(), f.Field("body").Value(), f.Field("priority").Value()}; strings.Join(got, "|") != "支付失败|第一行\n二|high" {
		t.Fatalf("values %q", got)
	}
	if r := send(f, press("enter")); r != Done {
		t.Errorf("enter on the last field: %v", r)
	}
	send(f, press("shift+tab"))
	if r := send(f, press("ctrl+s")); r != Done {
		t.Errorf("ctrl+s: %v", r)
	}
	if f.Field("nope") != nil {
		t.Error("an unknown field name found a field")
	}
}

// TestFormDiscardAndWait: esc on a clean form is Cancelled; after a
// change it asks, n goes back with the input kept, y cancels. A waiting
// form takes no key; Refuse shows why and focuses the named field.
func TestFormDiscardAndWait(t *testing.T) {
	if r := send(testForm(80, 24), press("esc")); r != Cancelled {
		t.Fatalf("esc on a clean form: %v", r)
	}
	f := testForm(80, 24)
	send(f, typed("x")...)
	if r := send(f, press("esc")); r != Open || !f.Asking() {
		t.Fatalf("esc after a change: %v, asking %v", r, f.Asking())
	}
	if v, _ := f.View(testStyles(), 80, 24); !strings.Contains(v, "放弃输入？") {
		t.Errorf("no question:\n%s", v)
	}
	send(f, press("n"))
	if f.Asking() || f.Field("title").Value() != "x" {
		t.Fatalf("n: asking %v, title %q", f.Asking(), f.Field("title").Value())
	}
	f.Wait()
	if r := send(f, press("esc"), press("y"), tea.PasteMsg{Content: "z"}); r != Open || f.Field("title").Value() != "x" {
		t.Fatalf("keys while waiting: %v, title %q", r, f.Field("title").Value())
	}
	f.Refuse("优先级：无效", "priority")
	send(f, press("right"))
	if f.Waiting() || f.Err() != "优先级：无效" || f.Field("priority").Value() != "high" {
		t.Errorf("after the refusal: waiting %v, err %q, priority %q", f.Waiting(), f.Err(), f.Field("priority").Value())
	}
	if r := send(f, press("esc"), press("y")); r != Cancelled {
		t.Errorf("esc, y: %v", r)
	}
}

// TestFormViewCJK: with Chinese labels and input, no line is wider than
// the body, values line up after the widest label, the panel shows under
// the fields, and the cursor is in cells.
func TestFormViewCJK(t *testing.T) {
	f := testForm(40, 20)
	f.SetPanel(1, func(w int) []string { return []string{textsafe.Truncate("建议："+strings.Repeat("退款", 30), w)} })
	send(f, typed("客户投诉支付失败退款请求客户投诉支付失败")...)
	v, cur := f.View(testStyles(), 40, 20)
	lines := strings.Split(v, "\n")
	for _, ln := range lines {
		if w := textsafe.Width(ln); w > 40 {
			t.Errorf("line %q is %d cells, wider than 40", ln, w)
		}
	}
	// "▸ " + the widest label (优先级, 6 cells) + a space, then the
	// text field's two-cell lead.
	if cur == nil || cur.Y != 2 || cur.X < 9+2 || cur.X >= 40 {
		t.Fatalf("cursor %v", cur)
	}
	row := lines[cur.Y]
	if w := textsafe.Width(row); w != 9+2+(40-9-1-2) {
		t.Errorf("title row %q is %d cells", row, w)
	}
	if !strings.Contains(v, "建议：退款") || !strings.Contains(v, "ctrl+s 保存") {
		t.Errorf("panel or hint missing:\n%s", v)
	}
}
