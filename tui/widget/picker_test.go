package widget

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

func columns() []Item {
	return []Item{
		{Label: "新建", Note: "current", Disabled: true},
		{Label: "处理中"}, {Label: "测试中"}, {Label: "已解决", Note: "not allowed", Disabled: true}, {Label: "已关闭"},
	}
}

// TestPickerKeys: the cursor starts past a disabled first item, moves
// with ↑/↓, j/k and tab (wrapping), enter and 1–9 choose, esc cancels.
func TestPickerKeys(t *testing.T) {
	p := NewPicker(testKeys(), "Move", "enter choose · esc cancel", columns())
	if p.Chosen() != 1 {
		t.Fatalf("cursor starts on %d, want 1 (the first enabled item)", p.Chosen())
	}
	for _, step := range []struct {
		key  string
		want int
	}{{"down", 2}, {"j", 3}, {"tab", 4}, {"down", 0}, {"up", 4}, {"k", 3}, {"shift+tab", 2}} {
		if r := p.Update(press(step.key)); r != Open || p.Chosen() != step.want {
			t.Fatalf("%s: result %v, cursor %d, want %d", step.key, r, p.Chosen(), step.want)
		}
	}
	if r := p.Update(press("enter")); r != Done || p.Chosen() != 2 {
		t.Errorf("enter: %v on %d", r, p.Chosen())
	}
	p = NewPicker(testKeys(), "Move", "", columns())
	if r := p.Update(press("4")); r != Done || p.Chosen() != 3 {
		t.Errorf("4: %v on %d; a disabled item is still chosen, for the caller to refuse", r, p.Chosen())
	}
	p = NewPicker(testKeys(), "Move", "", columns())
	if r := p.Update(press("6")); r != Open || p.Chosen() != 1 {
		t.Errorf("6 of 5 items: %v on %d", r, p.Chosen())
	}
	if r := p.Update(tea.PasteMsg{Content: "2"}); r != Open {
		t.Errorf("a paste chose: %v", r)
	}
	if r := p.Update(press("esc")); r != Cancelled {
		t.Errorf("esc: %v", r)
	}
}

// TestPickerView: every line fits the width in cells (wide labels cut,
// notes kept), long lists scroll to keep the cursor in view, and only
// the first nine items have a number.
func TestPickerView(t *testing.T) {
	var items []Item
	for i := range 12 {
		items = append(items, Item{Label: strings.Repeat("客户", 10) + string(rune('A'+i)), Note: "当前"})
	}
	p := NewPicker(testKeys(), "分配给", "回车选择", items)
	for range 11 {
		p.Update(press("down"))
	}
	v := p.View(testStyles(), 36, 10)
	for _, ln := range strings.Split(v, "\n") {
		if w := textsafe.Width(ln); w > 36 {
			t.Errorf("line %q is %d cells, wider than 36", ln, w)
		}
	}
	if !strings.Contains(v, "▸   客户") || !strings.Contains(v, "(当前)") {
		t.Errorf("the last item (no number) is not shown under the cursor with its note:\n%s", v)
	}
	if strings.Contains(v, "1 客户") {
		t.Errorf("the list did not scroll:\n%s", v)
	}
}

// TestPickerFilters: typing narrows the items (j and k are letters
// then), a digit chooses directly only before anything is typed, the
// cursor lands on the first match, backspace widens again, esc clears
// what was typed before it cancels, and the chosen index is the item's
// in the full list.
func TestPickerFilters(t *testing.T) {
	items := []Item{{Label: "— unassigned"}, {Label: "agent2"}, {Label: "agent10"}, {Label: "jack"}, {Label: "王芳"}}
	p := NewPicker(testKeys(), "Assign", "", items).Filter("type to filter", "nothing matches", "")
	for _, k := range []string{"j", "a"} {
		if r := p.Update(press(k)); r != Open {
			t.Fatalf("%s: %v", k, r)
		}
	}
	if p.Chosen() != 3 || !strings.Contains(p.View(testStyles(), 40, 12), "› ja") {
		t.Fatalf("after ja: cursor on %d, view:\n%s", p.Chosen(), p.View(testStyles(), 40, 12))
	}
	p.Update(press("backspace"))
	p.Update(press("backspace"))
	for _, r := range "agent1" {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if v := p.View(testStyles(), 40, 12); p.Chosen() != 2 || strings.Contains(v, "agent2") {
		t.Fatalf("agent1: cursor on %d:\n%s", p.Chosen(), v)
	}
	if r := p.Update(press("enter")); r != Done || p.Chosen() != 2 {
		t.Fatalf("enter: %v on %d", r, p.Chosen())
	}
	p = NewPicker(testKeys(), "Assign", "", items).Filter("", "nothing matches", "")
	p.Update(press("x"))
	if v := p.View(testStyles(), 40, 12); !strings.Contains(v, "nothing matches") {
		t.Fatalf("no match:\n%s", v)
	}
	if r := p.Update(press("enter")); r != Open {
		t.Errorf("enter with nothing shown: %v", r)
	}
	if r := p.Update(press("esc")); r != Open {
		t.Errorf("esc with a filter typed cancelled: %v", r)
	}
	if r := p.Update(press("3")); r != Done || p.Chosen() != 2 {
		t.Errorf("3 before typing: %v on %d", r, p.Chosen())
	}
}

// TestPickerIndicator: a list longer than its box says which items show.
func TestPickerIndicator(t *testing.T) {
	var items []Item
	for i := range 20 {
		items = append(items, Item{Label: "agent" + string(rune('a'+i))})
	}
	p := NewPicker(testKeys(), "Assign", "", items)
	v := p.View(testStyles(), 40, 12)
	if !strings.Contains(v, "1–5/20 ↓") {
		t.Fatalf("top of a long list:\n%s", v)
	}
	for range 10 {
		p.Update(press("down"))
	}
	if v := p.View(testStyles(), 40, 12); !strings.Contains(v, "↑ 7–11/20 ↓") {
		t.Fatalf("middle of a long list:\n%s", v)
	}
}
