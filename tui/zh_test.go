package tui

import (
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// TestTemplatePickerSpeaksSession: in a Chinese session the picker names
// the templates in Chinese and previews their Chinese text, even for an
// English customer, and says the reply will be in English; the draft is
// the customer's language.
func TestTemplatePickerSpeaksSession(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.ZH, 120, 40)
	h.openCard(tk[1].Key()) // App crashes when uploading photos
	h.press("r")
	view := h.view()
	for _, want := range []string{"受理确认（英文回复） — 您好！我们已收到您的反馈", "进度通知（英文回复）", "空白回复"} {
		if !strings.Contains(view, want) {
			t.Errorf("picker lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "acknowledgement") || strings.Contains(view, "Hello") {
		t.Errorf("English in a Chinese session's picker:\n%s", view)
	}
	h.press("1")
	ed, ok := h.m.layer.(*replyEditor)
	if !ok {
		t.Fatalf("reply editor did not open:\n%s", h.view())
	}
	if !strings.HasPrefix(ed.text.Value(), "Hello, ") || !strings.Contains(h.view(), "受理确认（英文）") {
		t.Fatalf("draft or title wrong:\n%s", h.view())
	}
}

// TestEditFormShowsTitleStart: the edit form opens with the start of a
// long title in view.
func TestEditFormShowsTitleStart(t *testing.T) {
	s := openStore(t)
	tk := seed(t, s, fixtures)
	for _, w := range []int{80, 160} {
		h := newHarness(t, s, "alice", i18n.EN, w, 30)
		h.openCard(tk[1].Key()) // App crashes when uploading photos
		h.press("e")
		if v := h.view(); !strings.Contains(v, "App crashes when") {
			t.Errorf("%d columns: the title field does not show the title's start:\n%s", w, v)
		}
	}
}
