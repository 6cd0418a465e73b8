package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

func TestNewTicketFormValidationKeepsInput(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:2])
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("n")
	h.typeText("Refund not received")
	h.press("tab")
	h.typeText("Customer called twice.")
	h.press("tab", "right", "right") // channel: hotline → web → wechat
	h.press("tab", "tab", "left")    // priority: medium → high
	h.press("tab")
	h.typeText("李雷")
	h.press("tab")
	h.typeText("12ab")
	h.press("ctrl+s")
	v := h.view()
	if h.m.layer == nil || !strings.Contains(v, "phone: 7–15 digits") {
		t.Fatalf("bad phone not refused next to the form:\n%s", v)
	}
	if !strings.Contains(v, "Refund not received") || !strings.Contains(v, "李雷") || !strings.Contains(v, "12ab") {
		t.Fatalf("input lost after a refused save:\n%s", v)
	}
	h.press("ctrl+u")
	h.typeText("+86 138 0013 8000")
	h.press("enter", "enter") // the last fields: tier, then product; enter on the last saves
	if h.m.layer == nil {
		t.Fatal("enter on the tier field closed the form; it should move on")
	}
	h.press("enter")
	if h.m.layer != nil {
		t.Fatalf("form not saved:\n%s", h.view())
	}
	got := h.ticket(h.selected().ID)
	if got.Title != "Refund not received" || got.Channel != domain.WeChat || got.Priority != domain.High ||
		got.Customer.Name != "李*" || got.Customer.Phone4 != "8000" {
		t.Errorf("created %+v", got)
	}
}

func TestFormEscAsksBeforeDiscarding(t *testing.T) {
	s := openStore(t)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("n", "esc")
	if h.m.layer != nil {
		t.Fatal("esc on an empty form should close it at once")
	}
	h.press("n")
	h.typeText("半句话")
	h.press("esc")
	if !strings.Contains(h.view(), "Discard what you typed?") {
		t.Fatalf("no confirmation:\n%s", h.view())
	}
	h.press("n")
	if h.m.layer == nil || !strings.Contains(h.view(), "半句话") {
		t.Fatalf("n should return to the form with its input:\n%s", h.view())
	}
	h.press("esc", "y")
	if h.m.layer != nil {
		t.Fatal("y should discard the form")
	}
}

func TestNoteFromBoardAndDetail(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "bob", i18n.ZH, 80, 24)
	card := h.selected()
	h.press("N")
	h.typeText("已电话联系客户")
	h.press("ctrl+s")
	h.press("enter", "c")
	h.typeText("等待财务确认")
	h.press("ctrl+s")
	notes, err := s.Notes(context.Background(), card.ID)
	if err != nil || len(notes) != 2 || notes[0].Body != "已电话联系客户" || notes[1].Author != "bob" {
		t.Fatalf("notes %+v, %v", notes, err)
	}
	content := ansi.Strip(strings.Join(h.m.detail.content(80), "\n"))
	if !strings.Contains(content, "内部备注 (2)") || !strings.Contains(content, "等待财务确认") {
		t.Errorf("detail does not show the new notes:\n%s", content)
	}
	h.wantStatus("已为 " + card.Key() + " 添加备注")
}

// TestNoteConflictKeepsInput: the card changes while the note is being
// written; the save is refused with the conflict, the text stays, and
// saving again adds the note to the refreshed card.
func TestNoteConflictKeepsInput(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	card := h.selected()
	h.press("N")
	h.typeText("Refund approved")
	if _, err := s.Move(context.Background(), "carol", card.ID, card.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	h.press("ctrl+s")
	v := h.view()
	if h.m.layer == nil || !strings.Contains(v, "Conflict: FB-1001 was changed by carol") || !strings.Contains(v, "Refund approved") {
		t.Fatalf("conflict not shown in the form with the input kept:\n%s", v)
	}
	if n, _ := s.Notes(context.Background(), card.ID); len(n) != 0 {
		t.Fatal("the stale note was saved")
	}
	h.press("ctrl+s")
	if n, _ := s.Notes(context.Background(), card.ID); len(n) != 1 || h.m.layer != nil {
		t.Fatalf("second save: %d notes, form open %v", len(n), h.m.layer != nil)
	}
}

// TestStoreRefusalShownInForm: a note over the store's size limit is
// refused by the store; the form shows why and keeps the text.
func TestStoreRefusalShownInForm(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:1])
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	h.press("N")
	long := strings.Repeat("退款请求", 1500) // 18 000 bytes
	h.send(tea.PasteMsg{Content: long})
	h.press("ctrl+s")
	if h.m.layer == nil || !strings.Contains(h.view(), "Invalid: note:") {
		t.Fatalf("store refusal not shown:\n%s", h.view())
	}
	if got := h.m.layer.(*form).val("note"); got != long {
		t.Fatalf("note input changed: %d bytes, want %d", len(got), len(long))
	}
}

func TestEditForm(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	card := h.selected()
	h.press("e")
	if !strings.Contains(h.view(), "Edit FB-1001") || !strings.Contains(h.view(), "今天下午付款时") {
		t.Fatalf("edit form does not show the card:\n%s", h.view())
	}
	h.press("ctrl+s")
	if !strings.Contains(h.view(), "nothing changed") {
		t.Errorf("saving an unchanged form:\n%s", h.view())
	}
	h.press("ctrl+u")
	h.typeText("支付失败已退款")
	h.press("tab", "tab", "right") // category: pricing → other
	h.press("ctrl+s")
	got := h.ticket(card.ID)
	if got.Title != "支付失败已退款" || got.Category != domain.Other || got.Body != card.Body && card.Body != "" {
		t.Errorf("after edit: %+v", got)
	}
	if e := lastEvent(t, s, card.ID); e.Kind != domain.EvEdited {
		t.Errorf("last event %+v, want edited", e)
	}
	h.wantStatus("FB-1001 updated")
}

func TestDetailShowsEverything(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	if _, err := s.AddNote(context.Background(), "bob", h.selected().ID, h.selected().Version, "客户情绪激动，优先处理"); err != nil {
		t.Fatal(err)
	}
	h.press("enter")
	content := ansi.Strip(strings.Join(h.m.detail.content(80), "\n"))
	for _, want := range []string{
		"FB-1001", "Pending", "H high", "WeChat", "Pricing", "Service desk", "张**", "****8841", "VIP",
		"LoopPay App 2.4.0", "negative", "2026-03-02 07:50", "Revision       2",
		"今天下午付款时提示支付失败", "Internal notes (1)", "2026-03-02 09:30  bob:", "客户情绪激动，优先处理",
		"Timeline", "2026-03-02 07:50  alice  created Status: — → Pending", "bob  added a note",
	} {
		if !strings.Contains(content, want) {
			t.Errorf("detail lacks %q:\n%s", want, content)
		}
	}
	if strings.Contains(content, "13800138841") || strings.Contains(content, "138 0013") {
		t.Error("detail shows a full phone number")
	}
	h.press("G")
	if !strings.Contains(h.view(), "added a note") {
		t.Errorf("G does not scroll to the timeline:\n%s", h.view())
	}
	h.press("m", "2") // actions work in the detail too
	if got := h.ticket(h.m.detail.id); got.Status != domain.InProgress {
		t.Errorf("m 2 in the detail: %s", got.Status)
	}
	if !strings.Contains(ansi.Strip(strings.Join(h.m.detail.content(80), "\n")), "moved Status: Pending → In progress") {
		t.Error("detail not refreshed after the move")
	}
	h.press("esc")
	if h.m.detail != nil {
		t.Error("esc does not close the detail")
	}
}

// TestEditFormSetsSentiment: the edit form carries the sentiment, so an
// agent confirms or corrects it as they do the category.
func TestEditFormSetsSentiment(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures[:3])
	h := newHarness(t, s, "alice", i18n.EN, 80, 24)
	card := h.selected()
	if card.Sentiment != "negative" {
		t.Fatalf("fixture sentiment %q", card.Sentiment)
	}
	h.press("e", "tab", "tab", "tab", "tab", "right") // title, body, category, priority, sentiment: negative → neutral
	h.press("ctrl+s")
	if got := h.ticket(card.ID); got.Sentiment != "neutral" {
		t.Errorf("after edit: sentiment %q", got.Sentiment)
	}
	if e := lastEvent(t, s, card.ID); e.Kind != domain.EvEdited || e.Field != "sentiment" {
		t.Errorf("last event %+v, want the sentiment edited", e)
	}
}
