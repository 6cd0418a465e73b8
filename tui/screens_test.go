package tui

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// escalatedDesk is the fixture desk a day later with its missed deadlines
// swept: FB-1004 (medium) is escalated along with the high ones.
func escalatedDesk(t *testing.T) *harness {
	t.Helper()
	s := openStore(t)
	seed(t, s, fixtures)
	clockOf(s).advance(20 * time.Hour)
	if _, err := s.SweepSLA(context.Background()); err != nil {
		t.Fatal(err)
	}
	return newHarness(t, s, "carol", i18n.EN, 120, 40)
}

func queueKeys(h *harness) []string {
	q, ok := h.m.screen.(*queueScreen)
	if !ok {
		h.t.Fatalf("the escalation queue is not open:\n%s", h.view())
	}
	var out []string
	for _, it := range q.list.rows() {
		out = append(out, it.Ticket.Key())
	}
	return out
}

func TestEscalationQueue(t *testing.T) {
	h := escalatedDesk(t)
	h.press("E")
	got := strings.Join(queueKeys(h), " ")
	if !strings.Contains(got, "FB-1004") || !strings.Contains(got, "FB-1002") {
		t.Fatalf("queue %s lacks FB-1002 or FB-1004", got)
	}
	v := h.view()
	for _, want := range []string{"Escalation queue", "FB-1004 M  late 1h     First response · due 03-03 04:30", "A acknowledge"} {
		if !strings.Contains(v, want) {
			t.Errorf("queue lacks %q:\n%s", want, v)
		}
	}
	for queueKeys(h)[h.m.screen.(*queueScreen).list.cur] != "FB-1004" {
		h.press("j")
	}
	card := h.m.screen.(*queueScreen).list.rows()[h.m.screen.(*queueScreen).list.cur].Ticket

	h.press("p") // medium → high
	if got := h.ticket(card.ID); got.Priority != domain.High {
		t.Fatalf("p: FB-1004 is %s", got.Priority)
	}
	h.wantStatus("FB-1004 raised to high")
	h.press("p")
	h.wantStatus("FB-1004 is already high priority")

	h.press("A")
	if got := h.ticket(card.ID); got.Escalated {
		t.Fatal("A did not acknowledge the escalation")
	}
	h.wantStatus("FB-1004: escalation acknowledged")
	if strings.Contains(strings.Join(queueKeys(h), " "), "FB-1004") {
		t.Errorf("FB-1004 still queued after acknowledging: %v", queueKeys(h))
	}
	if e := lastEvent(t, h.s, card.ID); e.Kind != domain.EvEscalationOK || e.Actor != "carol" {
		t.Errorf("last event %+v", e)
	}

	// Reassign from the queue with the assign picker, then open the card;
	// esc comes back to the queue.
	h.press("g")
	first := h.m.screen.(*queueScreen).list.rows()[0].Ticket
	h.press("a")
	if !strings.Contains(h.view(), "Assign "+first.Key()+" to") {
		t.Fatalf("a does not open the assign picker:\n%s", h.view())
	}
	h.press("3") // unassigned, alice, bob
	if got := h.ticket(first.ID); got.Owner != "bob" {
		t.Errorf("reassigned to %q, want bob", got.Owner)
	}
	if _, ok := h.m.screen.(*queueScreen); !ok {
		t.Fatal("the queue closed after reassigning")
	}
	h.press("enter")
	if h.m.detail == nil || h.m.detail.id != first.ID {
		t.Fatal("enter does not open the card")
	}
	h.press("esc")
	if _, ok := h.m.screen.(*queueScreen); !ok || h.m.detail != nil {
		t.Fatal("esc from the card does not return to the queue")
	}
	h.press("esc")
	if h.m.screen != nil {
		t.Fatal("esc does not close the queue")
	}
}

func TestScreensRefusedByRole(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	bob := newHarness(t, s, "bob", i18n.EN, 80, 24)
	bob.press("E")
	if bob.m.screen != nil || !bob.m.status.err {
		t.Fatal("an agent opened the escalation queue")
	}
	bob.wantStatus("Not allowed: The escalation queue is for supervisors")
	bob.press("U")
	bob.wantStatus("Agent and key management is for admins")
	bob.press("v")
	bob.wantStatus("Selecting cards to reassign is for supervisors")
	carol := newHarness(t, s, "carol", i18n.ZH, 80, 24)
	carol.press("U")
	carol.wantStatus("客服与密钥管理仅限管理员使用")
}

func TestTeamView(t *testing.T) {
	s := openStore(t)
	seed(t, s, fixtures)
	h := newHarness(t, s, "carol", i18n.EN, 120, 40)
	h.press("T")
	ts, ok := h.m.screen.(*teamScreen)
	if !ok {
		t.Fatalf("T does not open the team view:\n%s", h.view())
	}
	load := ts.load
	var order []string
	for _, a := range load.Agents {
		order = append(order, a.Agent.Name)
	}
	// alice: 2 in progress + 1 testing; bob 1 + 1; 王芳 1; carol none.
	if got := strings.Join(order, " "); got != "alice bob wang.fang carol" {
		t.Errorf("by load: %s", got)
	}
	if a := load.Agents[0]; a.Total != 3 || a.Open[domain.InProgress] != 2 || a.Open[domain.Testing] != 1 {
		t.Errorf("alice's load %+v", a)
	}
	if n := load.Unassigned[domain.Pending]; n != 5 {
		t.Errorf("unassigned pending %d, want 5", n)
	}
	if !strings.Contains(h.view(), "bob — Bob Li") || !strings.Contains(h.view(), "— unassigned") {
		t.Errorf("team view:\n%s", h.view())
	}
	h.press("j", "enter") // bob
	if h.m.screen != nil || h.m.filter.Owner != "bob" {
		t.Fatalf("enter on bob: screen %v, filter %+v", h.m.screen, h.m.filter)
	}
	for k, c := range onBoard(h) {
		if c.Owner != "bob" {
			t.Errorf("bob's board shows %s of %q", k, c.Owner)
		}
	}
	if !strings.Contains(h.view(), "filter: owner bob") {
		t.Errorf("status line lacks the owner filter:\n%s", h.view())
	}
	h.press("T", "G", "enter") // the unassigned row
	if !h.m.filter.Unassigned || h.m.filter.Owner != "" {
		t.Errorf("enter on unassigned: filter %+v", h.m.filter)
	}
}

// publicKey is a fresh ed25519 key in authorized_keys form.
func publicKey(t *testing.T, comment string) (line, fingerprint string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))) + " " + comment, gossh.FingerprintSHA256(pk)
}

func TestAdminAddAgentAndKey(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	h := newHarness(t, s, "alice", i18n.EN, 120, 40)
	h.press("U")
	if _, ok := h.m.screen.(*adminScreen); !ok {
		t.Fatalf("U does not open the admin screen:\n%s", h.view())
	}
	h.press("n")
	h.typeText("Dave")
	h.press("ctrl+s")
	if h.m.layer == nil || !strings.Contains(h.view(), "login: 1–32 lower-case letters") {
		t.Fatalf("a bad login was not refused in the form:\n%s", h.view())
	}
	h.press("ctrl+u")
	h.typeText("dave")
	h.press("tab")
	h.typeText("Dave Wu")
	h.press("tab", "right", "tab", "right") // supervisor; the team after alice's (service desk)
	h.press("ctrl+s")
	if h.m.layer != nil {
		t.Fatalf("add agent not saved:\n%s", h.view())
	}
	dave := agent(t, s, "dave")
	if dave.Role != domain.RoleSupervisor || dave.DisplayName != "Dave Wu" || dave.Team != "service_quality" {
		t.Errorf("added %+v", dave)
	}
	h.wantStatus("agent dave added")
	if !strings.Contains(h.view(), "Dave Wu") {
		t.Errorf("roster does not show dave:\n%s", h.view())
	}
	// The same name again: the store's refusal shows in the form.
	h.press("n")
	h.typeText("dave")
	h.press("ctrl+s")
	if h.m.layer == nil || !strings.Contains(h.view(), "already exists") {
		t.Fatalf("duplicate agent not refused in the form:\n%s", h.view())
	}
	h.press("esc", "y")

	// Keys: enter lists them; the first item adds one by paste. The roster
	// is alice, bob, carol, dave, wang.fang.
	h.press("g", "j", "j", "j", "enter")
	if !strings.Contains(h.view(), "SSH keys of dave") {
		t.Fatalf("enter does not list dave's keys:\n%s", h.view())
	}
	h.press("1")
	h.send(pasteMsg("-----BEGIN OPENSSH PRIVATE KEY----- b3Blbn"))
	h.press("ctrl+s")
	if !strings.Contains(h.view(), "that is a private key") {
		t.Fatalf("a private key was not refused:\n%s", h.view())
	}
	line, fp := publicKey(t, "dave@laptop")
	h.press("ctrl+u")
	h.send(pasteMsg(line + "\n"))
	h.press("ctrl+s")
	if h.m.layer != nil {
		t.Fatalf("key not saved:\n%s", h.view())
	}
	keys, err := s.AgentKeys(ctx, "dave")
	if err != nil || len(keys) != 1 || keys[0].Fingerprint != fp || keys[0].PublicKey != line {
		t.Fatalf("dave's keys %+v (%v), want %s", keys, err, fp)
	}
	h.wantStatus("key " + fp + " added to dave")
	if roster := h.m.screen.(*adminScreen).list.rows(); roster[3].Keys != 1 {
		t.Errorf("roster after adding the key: %+v", roster[3])
	}
	// The same key for another agent is refused by the store.
	h.press("g", "enter", "1")
	h.send(pasteMsg(line))
	h.press("ctrl+s")
	if h.m.layer == nil || !strings.Contains(h.view(), "already belongs to dave") {
		t.Fatalf("a key of dave's added to alice:\n%s", h.view())
	}
	h.press("esc", "y")

	// Remove the key, then the agent, each after a question.
	h.press("j", "j", "j", "enter", "2")
	if v := h.view(); !strings.Contains(v, "Remove key") || !strings.Contains(v, fp+" of dave?") {
		t.Fatalf("no question before removing the key:\n%s", h.view())
	}
	h.press("y")
	if keys, _ := s.AgentKeys(ctx, "dave"); len(keys) != 0 {
		t.Errorf("key not removed: %+v", keys)
	}
	h.press("x", "n")
	if a := agent(t, s, "dave"); !a.Active {
		t.Fatal("n removed the agent")
	}
	h.press("x", "y")
	if a := agent(t, s, "dave"); a.Active {
		t.Error("dave not removed")
	}
	h.wantStatus("agent dave removed")
	// The last admin cannot go: the store says so.
	h.press("g", "x", "y")
	h.wantStatus("alice is the last admin")
}

// TestEscalationQueueMostOverdueFirst: the queue is ordered by how late
// each ticket is, most overdue first, and says how late.
func TestEscalationQueueMostOverdueFirst(t *testing.T) {
	h := escalatedDesk(t)
	h.press("E")
	items := h.m.screen.(*queueScreen).list.rows()
	now := h.m.env.now()
	for i := 1; i < len(items); i++ {
		if lateness(items[i-1], now) < lateness(items[i], now) {
			t.Fatalf("%s (late %v) before %s (late %v)", items[i-1].Ticket.Key(), lateness(items[i-1], now), items[i].Ticket.Key(), lateness(items[i], now))
		}
	}
	first := items[0]
	want := first.Ticket.Key() + " " + h.m.env.lang.PriorityMark(first.Ticket.Priority)
	late := "late " + h.m.env.lang.Duration(lateness(first, now))
	if v := h.view(); !strings.Contains(v, want) || !strings.Contains(v, late) {
		t.Fatalf("first row lacks %q / %q:\n%s", want, late, v)
	}
}
