package server

// Attacks from careless and hostile clients, driven over real SSH on
// loopback: huge terminals, request floods, pre-auth connection floods,
// revoked access and a taken port. Memory is judged by the live heap
// after a collection, against a generous bound; nothing here is timed.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/bind"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/server/termclient"
)

// maxHeapGrowth is what one attack may add to the live heap: a 500×200
// board is a few megabytes, an unclamped 100000×100000 one is gigabytes.
const maxHeapGrowth = 64 << 20

// liveHeap is the heap still in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func checkGrowth(t *testing.T, what string, before uint64) {
	t.Helper()
	after := liveHeap()
	growth := int64(after) - int64(before)
	t.Logf("%s: live heap %d MiB -> %d MiB", what, before>>20, after>>20)
	if growth > maxHeapGrowth {
		t.Fatalf("%s grew the live heap by %d MiB (bound %d MiB)", what, growth>>20, maxHeapGrowth>>20)
	}
}

func TestHugeTerminalIsClampedAndSessionEnds(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "Printer on fire", domain.High, "")
	srv, logs := serve(t, d, Config{})
	before := liveHeap()

	// Asks for 100000×100000 at connect; the board it gets is 500×200.
	// (The test's own emulator stays 120×40: a 500×200 one would cost the
	// test process 26 MiB that are not the server's.)
	c := connect(t, srv, d, "bob", func(o *termclient.Options) {
		o.AskWidth, o.AskHeight = 100_000, 100_000
		o.Width, o.Height = 120, 40
	})
	waitLog(t, logs, "width=500 height=200")
	waitScreen(t, c, "bob", "bob (agent)") // drawn, clipped to the emulator
	// Then on resize: one beyond anything, one Bubble Tea itself would
	// take (4000×250 is a million cells), and one in the input stream
	// (an in-band size report). The real resize after them shows they
	// were all handled, in order: until the board is re-laid out for
	// 100×30, the status line is below the emulator's last row.
	for _, s := range [][2]int{{100_000, 100_000}, {4000, 250}} {
		if err := c.WindowChange(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Type("\x1b[48;100000;100000;0;0t"); err != nil {
		t.Fatal(err)
	}
	if err := c.Resize(100, 30); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitFor(wait, func(s string) bool { return statusRow(s, "bob (agent)") == 28 }); err != nil {
		t.Fatalf("after resizes: status line not on row 28 of 30: %v\n%s", err, c.Screen())
	}
	checkGrowth(t, "huge terminal", before)

	// The session still ends when asked.
	if err := c.Type("q"); err != nil {
		t.Fatal(err)
	}
	if err := c.Wait(wait); err != nil {
		t.Fatalf("quit after huge window: %v", err)
	}
}

func TestClampSize(t *testing.T) {
	for _, c := range []struct{ w, h, ww, wh int }{
		{0, 0, 80, 24}, {-1, 30, 80, 30}, {120, 0, 120, 24}, {120, 40, 120, 40},
		{100_000, 100_000, maxWidth, maxHeight}, {maxWidth, maxHeight, maxWidth, maxHeight},
	} {
		if w, h := clampSize(c.w, c.h); w != c.ww || h != c.wh {
			t.Errorf("clampSize(%d, %d) = %d×%d, want %d×%d", c.w, c.h, w, h, c.ww, c.wh)
		}
	}
	// On the wire sizes are uint32: past 2³¹ they must not turn negative.
	if w, h, wpx, hpx := clampWire(1<<32-1, 1<<31, 1<<32-1, 7); w != maxWidth || h != maxHeight || wpx != maxPixels || hpx != 7 {
		t.Errorf("clampWire = %d %d %d %d", w, h, wpx, hpx)
	}
}

// dialRaw logs in as agent with a plain x/crypto/ssh client.
func dialRaw(t *testing.T, srv *Server, d *desk, agent string) *gossh.Client {
	t.Helper()
	conn, err := termclient.DialConfig(context.Background(), srv.Addr().String(), &gossh.ClientConfig{
		User: agent, Auth: []gossh.AuthMethod{gossh.PublicKeys(d.keys[agent])},
		HostKeyCallback: gossh.FixedHostKey(srv.HostKey()), Timeout: wait})
	if err != nil {
		t.Fatalf("%s: dial: %v", agent, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func envPayload(k, v string) []byte { return gossh.Marshal(struct{ Key, Value string }{k, v}) }

func TestEnvFloodDoesNotGrowMemory(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, _ := serve(t, d, Config{})
	conn := dialRaw(t, srv, d, "bob")
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	before := liveHeap()
	// 10,000 env requests of 32 KiB each: 320 MiB if kept. Fire and
	// forget, as an attacker would; the reply to the last one says the
	// server has read them all (requests are handled in order).
	for _, kv := range [][2]string{{"LC_ALL", strings.Repeat("x", 32<<10)}, {"FLOOD", "x"}} {
		payload := envPayload(kv[0], kv[1])
		for range 5000 {
			if _, err := sess.SendRequest("env", false, payload); err != nil {
				t.Fatal(err)
			}
		}
	}
	if ok, err := sess.SendRequest("env", true, envPayload("LANG", "en_US.UTF-8")); err != nil || !ok {
		t.Fatalf("LANG after the flood: ok %v err %v", ok, err)
	}
	checkGrowth(t, "env flood", before)
}

func TestSessionRequestsBounded(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	srv, _ := serve(t, d, Config{})
	conn := dialRaw(t, srv, d, "bob")
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	req := func(typ string, payload []byte) bool {
		t.Helper()
		ok, err := sess.SendRequest(typ, true, payload)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		return ok
	}
	for _, c := range []struct {
		typ     string
		payload []byte
		want    bool
	}{
		{"env", envPayload("LANG", "zh_CN.UTF-8"), true},
		{"env", envPayload("TERM", "xterm-256color"), true},
		{"env", envPayload("LC_MESSAGES", "zh_CN.UTF-8"), true},
		{"env", envPayload("LD_PRELOAD", "/tmp/x.so"), false},
		{"env", envPayload("PATH", "/bin"), false},
		{"env", envPayload("LC_all", "C"), false},
		{"env", envPayload("LANG", strings.Repeat("x", maxEnvValue+1)), false},
		{"env", []byte("garbage"), false},
		{"x11-req", gossh.Marshal(struct {
			Single        bool
			Proto, Cookie string
			Screen        uint32
		}{false, "MIT-MAGIC-COOKIE-1", "00", 0}), false},
		{"auth-agent-req@openssh.com", nil, false},
		{"subsystem", gossh.Marshal(struct{ Name string }{"sftp"}), false},
		{"signal", gossh.Marshal(struct{ Signal string }{"INT"}), false},
		{"pty-req", gossh.Marshal(ptyRequest{Term: strings.Repeat("x", maxTerm+1), Columns: 80, Rows: 24}), false},
	} {
		if got := req(c.typ, c.payload); got != c.want {
			t.Errorf("%s %q: accepted %v, want %v", c.typ, c.payload[:min(len(c.payload), 40)], got, c.want)
		}
	}
	// Three locale variables were taken; thirteen more fit, then no more.
	for i := range maxEnvVars - 3 {
		if !req("env", envPayload("LC_NUMERIC", fmt.Sprint(i))) {
			t.Fatalf("env %d refused below the cap", i+4)
		}
	}
	if req("env", envPayload("LC_NUMERIC", "C")) {
		t.Fatalf("env accepted past the cap of %d", maxEnvVars)
	}

	// No forwarding: neither global requests nor other channel types.
	if ok, _, err := conn.SendRequest("tcpip-forward", true, gossh.Marshal(struct {
		Addr string
		Port uint32
	}{"127.0.0.1", 0})); err != nil || ok {
		t.Errorf("tcpip-forward: ok %v err %v, want refused", ok, err)
	}
	if _, _, err := conn.OpenChannel("direct-tcpip", gossh.Marshal(struct {
		Host     string
		Port     uint32
		OrigHost string
		OrigPort uint32
	}{"127.0.0.1", 22, "127.0.0.1", 1})); err == nil {
		t.Error("direct-tcpip channel opened")
	}
	// A few sessions per connection (one is open), then no more.
	for i := 1; i < maxChannelsPerConn; i++ {
		if _, err := conn.NewSession(); err != nil {
			t.Fatalf("session %d on one connection: %v", i+1, err)
		}
	}
	var open *gossh.OpenChannelError
	if _, err := conn.NewSession(); !errors.As(err, &open) || open.Reason != gossh.ResourceShortage {
		t.Fatalf("session %d on one connection: err %v, want resource shortage", maxChannelsPerConn+1, err)
	}
}

func TestPreauthFloodLeavesRoomForAgents(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "Printer on fire", domain.High, "")
	srv, logs := serve(t, d, Config{MaxSessions: 4})
	addr := srv.Addr().(*net.TCPAddr)

	// 200 idle TCP connections from five addresses (127.0.0.2–6; on
	// loopback all of 127/8 is local) that never start the handshake.
	const flood = 200
	var idle []net.Conn
	t.Cleanup(func() {
		for _, c := range idle {
			c.Close()
		}
	})
	for i := range flood {
		from := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i%5))}
		c, err := (&net.Dialer{LocalAddr: from}).Dial("tcp", addr.String())
		if err != nil {
			t.Fatalf("flood connection %d: %v", i, err)
		}
		idle = append(idle, c)
	}
	// Every flood connection has been admitted or refused.
	waitLogCount(t, logs, flood, `msg=connection `, `msg="limit hit"`)
	if !strings.Contains(logs.String(), "limit=preauth_per_address") {
		t.Fatalf("per-address pre-auth limit not logged:\n%s", logs)
	}

	// An agent from another address gets in on its first connection.
	bob := connect(t, srv, d, "bob")
	waitScreen(t, bob, "bob", "bob (agent)", "Printer on fire")
	t.Logf("agent got in on connection 1 while %d idle connections were open", flood)
}

// waitLogCount fails the test unless the log soon has n lines with any
// of texts.
func waitLogCount(t *testing.T, logs *logBuffer, n int, texts ...string) {
	t.Helper()
	count := func() int {
		s, c := logs.String(), 0
		for _, text := range texts {
			c += strings.Count(s, text)
		}
		return c
	}
	waitCond(t, func() bool { return count() >= n }, func() string {
		return fmt.Sprintf("%d of %d log lines with %q:\n%s", count(), n, texts, logs)
	})
}

func TestRemovingKeyOrAgentEndsTheirSessions(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	d.ticket(t, "Printer on fire", domain.High, "")
	srv, logs := serve(t, d, Config{})
	clients := map[string]*termclient.Client{}
	for _, name := range []string{"bob", "carol", "sam"} {
		clients[name] = connect(t, srv, d, name)
		waitScreen(t, clients[name], name, name+" (", "Printer on fire")
	}
	ctx := context.Background()
	if err := d.store.RemoveAgentKey(ctx, "ada", "bob", gossh.FingerprintSHA256(d.keys["bob"].PublicKey())); err != nil {
		t.Fatal(err)
	}
	if err := d.store.RemoveAgent(ctx, "ada", "carol"); err != nil {
		t.Fatal(err)
	}
	for name, msg := range map[string]string{"bob": i18n.EN.T(i18n.ServerKeyRemoved), "carol": i18n.EN.T(i18n.ServerAgentRemoved)} {
		c := clients[name]
		var exit *gossh.ExitError
		if err := c.Wait(wait); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
			t.Fatalf("%s: session end %v, want exit status 1", name, err)
		}
		if !strings.Contains(c.Screen(), msg) {
			t.Errorf("%s: no %q on screen:\n%s", name, msg, c.Screen())
		}
	}
	waitLog(t, logs, "reason=agent_removed")
	// sam is untouched. The ended sessions leave the count once their
	// handlers return, which may be just after the clients saw the exit.
	waitCond(t, func() bool { return srv.Sessions() == 1 }, func() string {
		return fmt.Sprintf("%d sessions open, want sam's only", srv.Sessions())
	})
	if err := clients["sam"].Type("j"); err != nil {
		t.Fatal(err)
	}
}

func TestListenReportsAPortInUse(t *testing.T) {
	noLeaks(t)
	d := newDesk(t)
	first, _ := serve(t, d, Config{})
	addr := first.Addr().String()

	second, err := New(d.store, Config{Listen: addr, HostKeyPath: d.path + ".hostkey"})
	if err != nil {
		t.Fatal(err)
	}
	want := "listen " + addr + ": address already in use"
	if err := second.Listen(); err == nil || err.Error() != want {
		t.Fatalf("Listen on a taken port: %v, want %q", err, want)
	}
	if err := second.Start(context.Background()); err == nil || err.Error() != want {
		t.Fatalf("Start on a taken port: %v, want %q", err, want)
	}

	// Bound before serving: the address is known (and taken) before
	// Start, and a server that never started gives it back on Shutdown.
	third, err := New(d.store, Config{Listen: "127.0.0.1:0", HostKeyPath: d.path + ".hostkey"})
	if err != nil {
		t.Fatal(err)
	}
	if err := third.Listen(); err != nil {
		t.Fatal(err)
	}
	bound := third.Addr().String()
	if _, err := bind.TCP(bound); err == nil || !strings.HasSuffix(err.Error(), "address already in use") {
		t.Fatalf("address bound by Listen was free: %v", err)
	}
	if err := third.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := bind.TCP(bound)
	if err != nil {
		t.Fatalf("Shutdown of an unstarted server kept its port: %v", err)
	}
	ln.Close()
}
