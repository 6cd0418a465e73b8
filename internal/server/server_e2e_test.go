package server

// End-to-end tests: a real server on 127.0.0.1 (port 0) over a real store,
// real SSH clients with PTYs whose output runs through a terminal emulator.
// Every wait is a deadline on a screen condition, re-checked on each piece
// of output; nothing sleeps and hopes.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/server/termclient"
	"github.com/loopdesk/loopdesk/store"
)

func TestMoveInOneSessionAppearsInAnother(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	tk := d.ticket(t, "Printer on fire", domain.High, "")
	d.ticket(t, "Invoice address wrong", domain.Low, "")
	srv, _ := serve(t, d, Config{})
	bob := connect(t, srv, d, "bob")
	carol := connect(t, srv, d, "carol")
	waitScreen(t, bob, "bob", "Printer on fire", "Pending 2")
	waitScreen(t, carol, "carol", "Printer on fire", "Pending 2")
	if n := srv.Sessions(); n != 2 {
		t.Fatalf("Sessions() = %d, want 2", n)
	}

	// bob's cursor is on the first card; shift+l moves it right (and, as
	// it was unassigned, gives it to him).
	if err := bob.Type("L"); err != nil {
		t.Fatal(err)
	}
	waitScreen(t, bob, "bob", "FB-1001 moved to In progress")

	// carol pressed nothing: her board follows on its own, her cursor
	// staying on the card it was on.
	scr, err := carol.WaitFor(wait, func(s string) bool {
		return strings.Contains(s, "Pending 1") && strings.Contains(s, "In progress 1") &&
			lineWith(s, "Printer on fire", "bob") && strings.Contains(s, "FB-1001 moved to In progress by bob")
	})
	if err != nil {
		t.Fatalf("carol's board did not follow bob's move: %v\n%s", err, scr)
	}

	// The store recorded the move as bob, the session's agent.
	got, err := d.store.Ticket(context.Background(), tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != domain.InProgress || got.Owner != "bob" {
		t.Fatalf("ticket after move: status %s owner %q", got.Status, got.Owner)
	}
	lastActor(t, d, tk.ID, "bob")
}

func TestAgentCannotReassignSupervisorCan(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "Printer on fire", domain.High, "")
	tk := d.ticket(t, "Refund for order", domain.Medium, "carol")
	srv, _ := serve(t, d, Config{})
	bob := connect(t, srv, d, "bob")
	sam := connect(t, srv, d, "sam")

	// Picker items: 1 unassigned, then agents by name: ada, bob, carol, sam.
	pickBob := "3"
	for name, c := range map[string]*termclient.Client{"bob": bob, "sam": sam} {
		waitScreen(t, c, name, "Refund for order")
		if err := c.Type("j"); err != nil { // second card: carol's
			t.Fatal(err)
		}
		if err := c.Type("a"); err != nil {
			t.Fatal(err)
		}
	}
	// The agent is refused before the picker opens; the supervisor picks.
	waitScreen(t, bob, "bob", "Not allowed:", "belongs to carol")
	if strings.Contains(bob.Screen(), "Assign FB-1002 to") {
		t.Fatalf("the agent's assign picker opened:\n%s", bob.Screen())
	}
	if got, _ := d.store.Ticket(context.Background(), tk.ID); got.Owner != "carol" {
		t.Fatalf("agent's reassignment went through: owner %q", got.Owner)
	}
	waitScreen(t, sam, "sam", "Assign FB-1002 to", "bob (")

	if err := sam.Type(pickBob); err != nil {
		t.Fatal(err)
	}
	waitScreen(t, sam, "sam", "FB-1002 assigned to bob")
	// bob sees his new card's owner without a keypress.
	if _, err := bob.WaitFor(wait, func(s string) bool { return lineWith(s, "Refund for order", "bob") }); err != nil {
		t.Fatalf("bob's board did not show the reassignment: %v\n%s", err, bob.Screen())
	}
	if got, _ := d.store.Ticket(context.Background(), tk.ID); got.Owner != "bob" {
		t.Fatalf("supervisor's reassignment: owner %q", got.Owner)
	}
	lastActor(t, d, tk.ID, "sam")
}

func TestPresenceShowsWhoHasACardOpen(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "Printer on fire", domain.High, "")
	srv, _ := serve(t, d, Config{})
	bob := connect(t, srv, d, "bob")
	carol := connect(t, srv, d, "carol")
	waitScreen(t, bob, "bob", "Printer on fire")
	waitScreen(t, carol, "carol", "Printer on fire")

	if err := bob.Type("\r"); err != nil { // open the card
		t.Fatal(err)
	}
	if _, err := carol.WaitFor(wait, func(s string) bool { return lineWith(s, "FB-1001", "◉bob") }); err != nil {
		t.Fatalf("carol does not see bob on the card: %v\n%s", err, carol.Screen())
	}
	// bob hangs up without closing the card: the server clears his mark.
	bob.Close()
	if _, err := carol.WaitFor(wait, func(s string) bool {
		return strings.Contains(s, "FB-1001") && !strings.Contains(s, "◉bob")
	}); err != nil {
		t.Fatalf("bob's mark outlived his session: %v\n%s", err, carol.Screen())
	}
}

func TestChangeFromAnotherProcessShowsUp(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	tk := d.ticket(t, "Printer on fire", domain.High, "")
	srv, _ := serve(t, d, Config{})
	bob := connect(t, srv, d, "bob")
	waitScreen(t, bob, "bob", "Printer on fire")

	// Another process (the CLI, an import) opens the same file.
	ctx := context.Background()
	other, err := store.Open(ctx, d.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	start := time.Now()
	if _, err := other.CreateTicket(ctx, "ada", store.NewTicket{Title: "Parcel never arrived", Channel: domain.Email,
		Category: domain.Logistics, Priority: domain.High}); err != nil {
		t.Fatal(err)
	}
	// "Within a second or two": the feed polls every 150 ms.
	if _, err := bob.WaitText(3*time.Second, "Parcel never arrived"); err != nil {
		t.Fatalf("new ticket from another process not shown: %v\n%s", err, bob.Screen())
	}
	t.Logf("created elsewhere → on screen in %v", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	if _, err := other.Move(ctx, "ada", tk.ID, tk.Version, domain.InProgress); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.WaitFor(3*time.Second, func(s string) bool {
		return strings.Contains(s, "In progress 1") && strings.Contains(s, "FB-1001 moved to In progress by ada")
	}); err != nil {
		t.Fatalf("move from another process not shown: %v\n%s", err, bob.Screen())
	}
	t.Logf("moved elsewhere → on screen in %v", time.Since(start).Round(time.Millisecond))
}

func TestIdentityComesFromKeyNotUserName(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, logs := serve(t, d, Config{})
	// bob's key, claiming to be the supervisor.
	c := connect(t, srv, d, "bob", func(o *termclient.Options) { o.User = "sam" })
	scr := waitScreen(t, c, "bob as sam", "bob (agent)")
	if strings.Contains(scr, "sam") {
		t.Fatalf("session shows the claimed user name:\n%s", scr)
	}
	if !strings.Contains(logs.String(), `msg="auth ok"`) || !strings.Contains(logs.String(), "agent=bob user=sam") {
		t.Fatalf("auth log should name the agent and the claimed user:\n%s", logs)
	}
}

func TestUnknownKeyRefused(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, logs := serve(t, d, Config{})
	stranger := newKey(t)
	_, err := termclient.Dial(context.Background(), termclient.Options{
		Addr: srv.Addr().String(), User: "bob", Signer: stranger, HostKey: srv.HostKey()})
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("unknown key: err = %v, want an authentication failure", err)
	}
	if want := "key=" + gossh.FingerprintSHA256(stranger.PublicKey()) + ` reason="unknown key"`; !strings.Contains(logs.String(), want) {
		t.Fatalf("log lacks %q:\n%s", want, logs)
	}
}

func TestPasswordAndKeyboardInteractiveRefused(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, _ := serve(t, d, Config{})
	asked := false
	for name, auth := range map[string]gossh.AuthMethod{
		"password": gossh.Password("hunter2"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			asked = true
			return []string{"hunter2"}, nil
		}),
	} {
		_, err := termclient.DialConfig(context.Background(), srv.Addr().String(), &gossh.ClientConfig{
			User: "bob", Auth: []gossh.AuthMethod{auth}, HostKeyCallback: gossh.FixedHostKey(srv.HostKey()), Timeout: wait})
		if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("%s: err = %v, want an authentication failure", name, err)
		}
	}
	if asked {
		t.Error("the server offered a keyboard-interactive challenge")
	}
}

func TestNoPTYGetsOneLineAndExitStatus1(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, _ := serve(t, d, Config{})
	c := connect(t, srv, d, "bob", func(o *termclient.Options) { o.NoPTY = true })
	err := c.Wait(wait)
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("exit: %v, want exit status 1", err)
	}
	got := c.Stderr()
	if !strings.HasPrefix(got, "loopdesk needs an interactive terminal: ssh -t -p ") || strings.Count(got, "\n") != 1 {
		t.Fatalf("stderr = %q, want one line asking for ssh -t", got)
	}
}

// TestRefusalInClientLanguage: a client whose locale is Chinese is
// refused in Chinese.
func TestRefusalInClientLanguage(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, _ := serve(t, d, Config{})
	c := connect(t, srv, d, "bob", func(o *termclient.Options) {
		o.NoPTY = true
		o.Env = map[string]string{"LANG": "zh_CN.UTF-8"}
	})
	var exit *gossh.ExitError
	if err := c.Wait(wait); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("exit: %v, want exit status 1", err)
	}
	if got := c.Stderr(); !strings.HasPrefix(got, "loopdesk 需要交互式终端：ssh -t -p ") {
		t.Fatalf("stderr = %q, want the refusal in Chinese", got)
	}
}

func TestHostKeyPersistsAcrossRestart(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	keyPath := d.path + ".hostkey"
	first, err := New(d.store, Config{HostKeyPath: keyPath})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Fatalf("host key mode %#o, want 0600", perm)
	}
	// A restarted server (same path) presents the same key to clients.
	srv, _ := serve(t, d, Config{HostKeyPath: keyPath})
	if !keysEqual(first.HostKey(), srv.HostKey()) {
		t.Fatal("host key changed across restarts")
	}
	c := connect(t, srv, d, "bob") // FixedHostKey(first key) would fail otherwise
	waitScreen(t, c, "bob", "bob (agent)")

	// A key others can read is refused, as sshd refuses one.
	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(d.store, Config{HostKeyPath: keyPath}); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable host key: err = %v", err)
	}
}

func TestMaxSessionsRefusesTheExtraOneWithAMessage(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, logs := serve(t, d, Config{MaxSessions: 2})
	waitScreen(t, connect(t, srv, d, "bob"), "bob", "bob (agent)")
	waitScreen(t, connect(t, srv, d, "carol"), "carol", "carol (agent)")
	extra := connect(t, srv, d, "sam")
	var exit *gossh.ExitError
	if err := extra.Wait(wait); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("extra session: %v, want exit status 1", err)
	}
	if got := extra.Stderr(); !strings.Contains(got, "the server is full (2 sessions)") {
		t.Fatalf("extra session stderr = %q", got)
	}
	if !strings.Contains(logs.String(), "limit=sessions") {
		t.Fatalf("limit not logged:\n%s", logs)
	}
}

func TestShutdownSaysGoodbyeAndClosesCleanly(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "Printer on fire", domain.High, "")
	srv, logs := serve(t, d, Config{})
	bob := connect(t, srv, d, "bob")
	carol := connect(t, srv, d, "carol")
	waitScreen(t, bob, "bob", "Printer on fire")
	waitScreen(t, carol, "carol", "Printer on fire")

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for name, c := range map[string]*termclient.Client{"bob": bob, "carol": carol} {
		if err := c.Wait(wait); err != nil {
			t.Errorf("%s: session end: %v", name, err)
		}
		// The board left the alternate screen; the goodbye is on the main one.
		if !strings.Contains(c.Screen(), i18n.EN.T(i18n.ServerShutdown)) {
			t.Errorf("%s: no goodbye on screen:\n%s", name, c.Screen())
		}
	}
	if n := srv.Sessions(); n != 0 {
		t.Errorf("%d sessions left after shutdown", n)
	}
	if strings.Count(logs.String(), "reason=shutdown") != 2 {
		t.Errorf("session ends not logged as shutdown:\n%s", logs)
	}
	if _, err := termclient.Dial(context.Background(), termclient.Options{Addr: srv.Addr().String(), User: "bob",
		Signer: d.keys["bob"], HostKey: srv.HostKey(), Timeout: time.Second}); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
	if res, err := d.store.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Errorf("integrity after shutdown: %q %v", res, err)
	}
}

func TestIdleSessionIsClosedWithAMessage(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, logs := serve(t, d, Config{IdleTimeout: 500 * time.Millisecond})
	c := connect(t, srv, d, "bob")
	waitScreen(t, c, "bob", "bob (agent)")
	if err := c.Wait(wait); err != nil {
		t.Fatalf("idle session end: %v", err)
	}
	if scr := c.Screen(); !strings.Contains(scr, "closed after 500ms without input") {
		t.Fatalf("no idle message:\n%s", scr)
	}
	// The log line follows the session's exit status.
	waitLog(t, logs, "reason=idle")
}

func TestRateLimitPerAddress(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, logs := serve(t, d, Config{Rate: 0.01, Burst: 1}) // one connection, then one per 100 s
	waitScreen(t, connect(t, srv, d, "bob"), "bob", "bob (agent)")
	_, err := termclient.Dial(context.Background(), termclient.Options{Addr: srv.Addr().String(), User: "carol",
		Signer: d.keys["carol"], HostKey: srv.HostKey()})
	if err == nil {
		t.Fatal("second connection from the same address within the rate was accepted")
	}
	if !strings.Contains(logs.String(), "limit=rate") {
		t.Fatalf("rate limit not logged:\n%s", logs)
	}
}

func TestSessionLanguageSizeAndResize(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "打印机着火了", domain.High, "")
	srv, _ := serve(t, d, Config{})

	zh := connect(t, srv, d, "bob", func(o *termclient.Options) { o.Env = map[string]string{"LANG": "zh_CN.UTF-8"} })
	waitScreen(t, zh, "bob (zh)", "待处理", "打印机着火了")

	// A client that reports 0×0 gets an 80×24 board until it sends a size.
	zero := connect(t, srv, d, "carol", func(o *termclient.Options) { o.ZeroSize = true; o.Width, o.Height = 80, 24 })
	if _, err := zero.WaitFor(wait, func(s string) bool { return statusRow(s, "carol (agent)") == 22 }); err != nil {
		t.Fatalf("0×0 client: status line not on row 22 of 24: %v\n%s", err, zero.Screen())
	}
	// Resizing re-lays the board out at the new size.
	if err := zero.Resize(120, 40); err != nil {
		t.Fatal(err)
	}
	if _, err := zero.WaitFor(wait, func(s string) bool { return statusRow(s, "carol (agent)") == 38 }); err != nil {
		t.Fatalf("after resize: status line not on row 38 of 40: %v\n%s", err, zero.Screen())
	}
}

// statusRow is the row of the first line containing text, or -1.
func statusRow(screen, text string) int {
	for i, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

// lineWith reports whether one screen line contains all of texts.
func lineWith(screen string, texts ...string) bool {
	for _, l := range strings.Split(screen, "\n") {
		all := true
		for _, t := range texts {
			all = all && strings.Contains(l, t)
		}
		if all {
			return true
		}
	}
	return false
}

func lastActor(t *testing.T, d *desk, id int64, want string) {
	t.Helper()
	evs, err := d.store.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := evs[len(evs)-1].Actor; got != want {
		t.Fatalf("last event by %q, want %q", got, want)
	}
}

// waitLog fails the test unless the server soon logs text.
func waitLog(t *testing.T, logs *logBuffer, text string) {
	t.Helper()
	waitCond(t, func() bool { return strings.Contains(logs.String(), text) },
		func() string { return fmt.Sprintf("log lacks %q:\n%s", text, logs) })
}

// waitCond fails the test with failure() unless cond soon holds.
func waitCond(t *testing.T, cond func() bool, failure func() string) {
	t.Helper()
	for deadline := time.Now().Add(wait); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal(failure())
		}
		time.Sleep(10 * time.Millisecond) // polling interval, not an assertion
	}
}

func keysEqual(a, b gossh.PublicKey) bool { return string(a.Marshal()) == string(b.Marshal()) }

// TestMouseOverSSH: a remote board asks the client's terminal for the
// mouse, and a wheel notch (an SGR mouse report) moves the cursor down;
// it clicks back onto the first card.
func TestMouseOverSSH(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "Printer on fire", domain.High, "")
	d.ticket(t, "Refund for order", domain.Medium, "")
	srv, _ := serve(t, d, Config{})
	bob := connect(t, srv, d, "bob")
	waitScreen(t, bob, "bob", "Refund for order")
	if err := bob.Type("\x1b[<65;10;10M"); err != nil { // wheel down at column 10, row 10
		t.Fatal(err)
	}
	if _, err := bob.WaitFor(wait, func(s string) bool { return lineWith(s, "▌", "FB-1002") }); err != nil {
		t.Fatalf("the wheel did not move the cursor: %v\n%s", err, bob.Screen())
	}
	if err := bob.Type("\x1b[<0;10;4M\x1b[<0;10;4m"); err != nil { // left click on the first card (row 4)
		t.Fatal(err)
	}
	if _, err := bob.WaitFor(wait, func(s string) bool { return lineWith(s, "▌", "FB-1001") }); err != nil {
		t.Fatalf("the click did not select the first card: %v\n%s", err, bob.Screen())
	}
}
