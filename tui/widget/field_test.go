package widget

import (
	"testing"

	"github.com/loopdesk/loopdesk/internal/textsafe"
)

// TestTextFieldCJK: typing Chinese into a text field keeps the value,
// the view is exactly the field's width in cells, and the cursor sits
// after the last wide character.
func TestTextFieldCJK(t *testing.T) {
	f := NewText(testKeys(), "Title", "title", "", 0)
	f.SetSize(12, 0)
	for _, m := range typed("退款失败") {
		f.Update(m)
	}
	if f.Value() != "退款失败" || !f.Changed() {
		t.Fatalf("value %q changed %v", f.Value(), f.Changed())
	}
	v, pos := f.View(testStyles(), true)
	if w := textsafe.Width(v); w != 12 {
		t.Errorf("view %q is %d cells, want 12", v, w)
	}
	if pos == nil || pos.X != 2+8 {
		t.Errorf("cursor at %v, want cell 10", pos)
	}
	f.Update(press("backspace"))
	if f.Value() != "退款失" {
		t.Errorf("after backspace %q", f.Value())
	}
	f.Insert("成功")
	if f.Value() != "退款失成功" {
		t.Errorf("after insert %q", f.Value())
	}
}

// TestTextFieldLimit: a text field takes no more than its limit.
func TestTextFieldLimit(t *testing.T) {
	f := NewText(testKeys(), "Phone", "phone", "12", 4)
	for _, m := range typed("34567") {
		f.Update(m)
	}
	if f.Value() != "1234" {
		t.Errorf("value %q, want the limit of 4", f.Value())
	}
}

// TestChoiceField: ←/→, h/l and space change the choice, wrapping; the
// value is the choice's, the view its label.
func TestChoiceField(t *testing.T) {
	ch := []Choice{{Label: "低", Value: "low"}, {Label: "中", Value: "medium"}, {Label: "高", Value: "high"}}
	f := NewChoice(testKeys(), "Priority", "priority", ch, "medium")
	if f.Value() != "medium" || f.Changed() {
		t.Fatalf("initial %q changed %v", f.Value(), f.Changed())
	}
	for _, step := range []struct{ key, want string }{
		{"right", "high"}, {"l", "low"}, {"space", "medium"}, {"left", "low"}, {"h", "high"},
	} {
		f.Update(press(step.key))
		if f.Value() != step.want {
			t.Fatalf("after %s: %q, want %q", step.key, f.Value(), step.want)
		}
	}
	if !f.Changed() {
		t.Error("a new choice is not a change")
	}
	if v, _ := f.View(testStyles(), true); v != "‹ 高 ›" {
		t.Errorf("focused view %q", v)
	}
	if v, _ := f.View(testStyles(), false); v != "  高" {
		t.Errorf("view %q", v)
	}
	f.Pick("nope")
	if f.Value() != "high" {
		t.Errorf("picking an unknown value changed it to %q", f.Value())
	}
}

// TestAreaField: a textarea takes enter as a new line and leaves by ↑/↓
// only from its first or last line.
func TestAreaField(t *testing.T) {
	f := NewArea("Body", "body", "")
	f.SetSize(20, 5)
	f.Focus()
	for _, m := range typed("第一行") {
		f.Update(m)
	}
	f.Update(press("enter"))
	for _, m := range typed("second") {
		f.Update(m)
	}
	if f.Value() != "第一行\nsecond" {
		t.Fatalf("value %q", f.Value())
	}
	if f.AtEdge(false) || !f.AtEdge(true) {
		t.Error("on the last line: up should stay inside, down leave")
	}
	if _, pos := f.View(testStyles(), true); pos == nil || pos.Y != 1 {
		t.Errorf("cursor at %v, want the second row", pos)
	}
}
