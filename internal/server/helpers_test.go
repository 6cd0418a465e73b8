package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/server/termclient"
	"github.com/loopdesk/loopdesk/store"
)

// wait is how long a test waits for a screen to show something. It is a
// deadline, not a pause: conditions are re-checked on every output.
const wait = 10 * time.Second

// desk is a database with an admin (ada), two agents (bob, carol) and a
// supervisor (sam), each with an SSH key.
type desk struct {
	path  string
	store *store.Store
	keys  map[string]gossh.Signer
}

func newDesk(t testing.TB) *desk {
	t.Helper()
	return newDeskAt(t, filepath.Join(t.TempDir(), "desk.db"))
}

// newDeskAt is newDesk on the database at path (a file or a URL).
func newDeskAt(t testing.TB, path string) *desk {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	d := &desk{path: path, store: st, keys: map[string]gossh.Signer{}}
	if _, err := st.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	d.register(t, "ada")
	for _, a := range []domain.Agent{
		{Name: "bob", Role: domain.RoleAgent},
		{Name: "carol", Role: domain.RoleAgent},
		{Name: "sam", Role: domain.RoleSupervisor},
	} {
		if err := st.AddAgent(ctx, "ada", a); err != nil {
			t.Fatal(err)
		}
		d.register(t, a.Name)
	}
	return d
}

// register gives agent a fresh key.
func (d *desk) register(t testing.TB, agent string) {
	t.Helper()
	signer := newKey(t)
	pub := signer.PublicKey()
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub)))
	if err := d.store.AddAgentKey(context.Background(), "ada", agent, gossh.FingerprintSHA256(pub), line); err != nil {
		t.Fatal(err)
	}
	d.keys[agent] = signer
}

func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ticket creates a ticket as ada and, when owner is set, assigns it.
func (d *desk) ticket(t testing.TB, title string, p domain.Priority, owner string) domain.Ticket {
	t.Helper()
	ctx := context.Background()
	tk, err := d.store.CreateTicket(ctx, "ada", store.NewTicket{
		Title: title, Body: "body of " + title, Channel: domain.Hotline, Category: domain.Question, Priority: p,
		CustomerName: "王小明", CustomerPhone: "13800138000",
	})
	if err != nil {
		t.Fatal(err)
	}
	if owner != "" {
		if tk, err = d.store.Assign(ctx, "ada", tk.ID, tk.Version, owner); err != nil {
			t.Fatal(err)
		}
	}
	return tk
}

// logBuffer collects the server's log for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// serve starts a server on d at 127.0.0.1:0 and stops it when the test
// ends. cfg may set limits; its host key, address and logger are filled in.
func serve(t testing.TB, d *desk, cfg Config) (*Server, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = d.path + ".hostkey"
	}
	cfg.Listen = "127.0.0.1:0"
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := New(d.store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return srv, logs
}

// connect logs in as agent with a 100×30 PTY.
func connect(t testing.TB, srv *Server, d *desk, agent string, opts ...func(*termclient.Options)) *termclient.Client {
	t.Helper()
	o := termclient.Options{Addr: srv.Addr().String(), User: agent, Signer: d.keys[agent], HostKey: srv.HostKey(),
		Env: map[string]string{"LANG": "en_US.UTF-8"}}
	for _, f := range opts {
		f(&o)
	}
	c, err := termclient.Dial(context.Background(), o)
	if err != nil {
		t.Fatalf("%s: connect: %v", agent, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitScreen fails the test unless c's screen soon contains all of texts.
func waitScreen(t testing.TB, c *termclient.Client, who string, texts ...string) string {
	t.Helper()
	scr, err := c.WaitText(wait, texts...)
	if err != nil {
		t.Fatalf("%s: waiting for %q: %v; screen:\n%s", who, texts, err, scr)
	}
	return scr
}

// noLeaks fails the test if goroutines started during it are still running
// once its cleanups have run. Register it first so it runs last.
//
// Goroutines parked in a Bubble Tea tick are not counted: tea.Tick cannot
// be cancelled, so the board's countdown timer (20 s) outlives the program
// and then ends on its own.
func noLeaks(t *testing.T) {
	before := liveGoroutines()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for liveGoroutines() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond) // polling interval, not an assertion
		}
		if n := liveGoroutines(); n > before {
			buf := make([]byte, 1<<20)
			t.Errorf("%d goroutines leaked:\n%s", n-before, buf[:runtime.Stack(buf, true)])
		}
	})
}

func liveGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "bubbletea/v2.Tick.func1") ||
			strings.Contains(g, "bubbletea/v2.(*Program).execBatchMsg(") && strings.Contains(g, "WaitGroup).Wait") {
			continue
		}
		count++
	}
	return count
}
