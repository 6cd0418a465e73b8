// Package loadtest measures the SSH server under many sessions: how long a
// committed change takes to reach every open board, and what a session
// costs the server in memory and CPU. The server runs in this process on a
// fresh temporary database on loopback; the SSH clients run in a child
// process (Clients), so the server's heap, RSS and CPU figures are the
// server's alone, not the clients' terminal emulators.
//
// The two processes speak a line protocol over the child's stdin and
// stdout: the child prints "ready N" once all N boards show the first
// marker; then, per round, the parent sends "expect R MARKER", the child
// answers "armed R", the parent commits the marker as a ticket title, and
// the child prints "seen R T1 … TN" (Unix nanoseconds at which each
// session's screen showed the marker, 0 if it never did).
package loadtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/server"
	"github.com/loopdesk/loopdesk/store"
)

// Options bound a run.
type Options struct {
	Sessions int           // boards to open
	Moves    int           // changes to commit and time
	Timeout  time.Duration // the whole run
	// Width×Height is every client's terminal; 100×30 when zero.
	Width, Height int
	// Clients starts this program's client half with the given arguments
	// (loopdesk-bench re-executes itself as "loopdesk-bench ssh-clients").
	Clients func(ctx context.Context, args []string) *exec.Cmd
	Log     io.Writer // progress lines; nil discards
	// External commits through a second handle on the database, as the
	// CLI in another process would, so changes reach the server through
	// the database file (its feed's watch, or polling where it cannot
	// watch); each commit waits a random part of a poll interval first,
	// so commits do not all land at the same phase of a poll.
	// Otherwise changes are committed through the server's Desk, the path
	// a change made in another SSH session takes.
	External bool
	// DB, when a postgres:// URL, runs the desk in a new schema of that
	// database (dropped after) instead of a temporary SQLite file.
	DB string
	// TwoNodes runs a second server with a store of its own on the same
	// database, as another `loopdesk serve` node would be: the sessions
	// open on node B, the changes are made on node A (its Desk), so what
	// is timed is a change crossing nodes through the database.
	TwoNodes bool
	// CPUProfile, when set, receives a CPU profile of this process (the
	// server) while changes are committed.
	CPUProfile io.Writer
}

// roundTimeout is how long one change may take to reach every session
// before the sessions that missed it are counted as missed.
const roundTimeout = 10 * time.Second

// Run sets up a desk, a server and the client process, commits Moves
// changes and reports.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Sessions < 1 || o.Moves < 1 || o.Clients == nil {
		return Report{}, errors.New("loadtest: need at least one session, one move and a client command")
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	// Progress lines and the client process's stderr share it.
	o.Log = &lockedWriter{w: o.Log}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "loopdesk-bench-*")
	if err != nil {
		return Report{}, err
	}
	defer os.RemoveAll(dir)

	db := filepath.Join(dir, "bench.db")
	if o.DB != "" {
		url, drop, err := store.NewSchema(ctx, o.DB, "loopdesk_bench_")
		if err != nil {
			return Report{}, err
		}
		defer drop(context.WithoutCancel(ctx)) //nolint:errcheck // a schema left over is named loopdesk_bench_*
		db = url
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		return Report{}, err
	}
	defer st.Close()
	d, err := seed(ctx, st, o.Sessions, dir)
	if err != nil {
		return Report{}, fmt.Errorf("seed: %w", err)
	}
	srv, stop, err := startServer(ctx, st, filepath.Join(dir, "hostkey"), o.Sessions)
	if err != nil {
		return Report{}, err
	}
	defer stop()

	d.commit = srv.Desk().Update
	watched := srv
	if o.TwoNodes {
		stB, err := store.Open(ctx, db)
		if err != nil {
			return Report{}, err
		}
		defer stB.Close()
		srvB, stopB, err := startServer(ctx, stB, filepath.Join(dir, "hostkey-b"), o.Sessions)
		if err != nil {
			return Report{}, err
		}
		defer stopB()
		watched = srvB
	}
	if o.External {
		ext, err := store.Open(ctx, db)
		if err != nil {
			return Report{}, err
		}
		defer ext.Close()
		d.commit = func(ctx context.Context, actor string, id, version int64, p store.Patch) (domain.Ticket, error) {
			time.Sleep(mrand.N(server.DefaultFeedInterval))
			return ext.Update(ctx, actor, id, version, p)
		}
	}
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 100, 30
	}
	r := Report{Sessions: o.Sessions, External: o.External, TwoNodes: o.TwoNodes, Engine: st.Engine(), Width: o.Width, Height: o.Height}
	before := sample()
	child, err := startClients(ctx, o, watched, d)
	if err != nil {
		return r, err
	}
	defer child.stop()
	fmt.Fprintf(o.Log, "opening %d sessions…\n", o.Sessions)
	connectStart := time.Now()
	if _, err := child.expect(ctx, "ready", 2*time.Minute); err != nil {
		return r, fmt.Errorf("opening sessions: %w", err)
	}
	r.ConnectWall = time.Since(connectStart)
	connected := sample()
	r.HeapPerSession = (int64(connected.heap) - int64(before.heap)) / int64(o.Sessions)
	r.RSSPerSession = (connected.rss - before.rss) / int64(o.Sessions)
	r.CPUConnect = connected.cpu - before.cpu
	r.ServerSessions = watched.Sessions()

	fmt.Fprintf(o.Log, "committing %d changes…\n", o.Moves)
	if o.CPUProfile != nil {
		if err := pprof.StartCPUProfile(o.CPUProfile); err != nil {
			return r, err
		}
		defer pprof.StopCPUProfile()
	}
	movesStart := time.Now()
	for round := 1; round <= o.Moves; round++ {
		lat, missed, err := d.round(ctx, child, round)
		if err != nil {
			return r, fmt.Errorf("round %d: %w", round, err)
		}
		r.Latencies = append(r.Latencies, lat...)
		r.Missed += missed
		r.Moves++
	}
	r.MovesWall = time.Since(movesStart)
	r.CPUMoves = sample().cpu - connected.cpu
	return r, nil
}

// desk is the seeded database: the ticket whose title carries the markers.
type desk struct {
	st      *store.Store
	admin   string
	ticket  domain.Ticket
	keyFile string
	commit  func(ctx context.Context, actor string, id, version int64, p store.Patch) (domain.Ticket, error)
}

// seed makes an admin, one agent with a fresh key per session (keys go to
// a 0600 file for the client process) and a small board whose first card,
// the marker ticket, every session sees.
func seed(ctx context.Context, st *store.Store, sessions int, dir string) (*desk, error) {
	admin, err := st.Login(ctx, "bench_admin")
	if err != nil {
		return nil, err
	}
	d := &desk{st: st, admin: admin.Name, keyFile: filepath.Join(dir, "keys")}
	d.ticket, err = st.CreateTicket(ctx, admin.Name, store.NewTicket{Title: marker(0), Channel: domain.Hotline,
		Category: domain.Malfunction, Priority: domain.High})
	if err != nil {
		return nil, err
	}
	for i := 1; i < 24; i++ {
		t, err := st.CreateTicket(ctx, admin.Name, store.NewTicket{Title: fmt.Sprintf("bench ticket %d", i),
			Channel: domain.Channels[i%len(domain.Channels)], Category: domain.Question, Priority: domain.Priority(1 + i%2)})
		if err != nil {
			return nil, err
		}
		if i%3 == 0 {
			if _, err := st.Move(ctx, admin.Name, t.ID, t.Version, domain.InProgress); err != nil {
				return nil, err
			}
		}
	}
	var keys strings.Builder
	for i := range sessions {
		name := fmt.Sprintf("bench%03d", i)
		if err := st.AddAgent(ctx, admin.Name, domain.Agent{Name: name, Role: domain.RoleAgent}); err != nil {
			return nil, err
		}
		seed := make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(seed); err != nil {
			return nil, err
		}
		signer, err := gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(seed))
		if err != nil {
			return nil, err
		}
		pub := signer.PublicKey()
		if err := st.AddAgentKey(ctx, admin.Name, name, gossh.FingerprintSHA256(pub),
			strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub)))); err != nil {
			return nil, err
		}
		fmt.Fprintf(&keys, "%s %s\n", name, hex.EncodeToString(seed))
	}
	return d, os.WriteFile(d.keyFile, []byte(keys.String()), 0o600)
}

// marker is round r's title: short enough to show whole on a card, and
// unique, so a screen showing it has certainly rendered round r.
func marker(r int) string { return fmt.Sprintf("mk%05d", r) }

// round commits one marker and collects, per session, the time from the
// commit to the marker on that session's screen.
func (d *desk) round(ctx context.Context, c *clients, r int) ([]time.Duration, int, error) {
	m := marker(r)
	if err := c.send(fmt.Sprintf("expect %d %s", r, m)); err != nil {
		return nil, 0, err
	}
	if _, err := c.expect(ctx, "armed "+strconv.Itoa(r), roundTimeout); err != nil {
		return nil, 0, err
	}
	t, err := d.commit(ctx, d.admin, d.ticket.ID, d.ticket.Version, store.Patch{Title: &m})
	if err != nil {
		return nil, 0, err
	}
	committed := time.Now()
	d.ticket = t
	fields, err := c.expect(ctx, "seen "+strconv.Itoa(r), roundTimeout+5*time.Second)
	if err != nil {
		return nil, 0, err
	}
	var lat []time.Duration
	missed := 0
	for _, f := range fields {
		ns, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, 0, fmt.Errorf("client said %q", f)
		}
		if ns == 0 {
			missed++
			continue
		}
		// The feed may publish between COMMIT and Update returning.
		lat = append(lat, max(0, time.Unix(0, ns).Sub(committed)))
	}
	return lat, missed, nil
}

// startServer serves st's board on a free loopback port; stop shuts it
// down (within 10 s).
func startServer(ctx context.Context, st *store.Store, hostKey string, sessions int) (srv *server.Server, stop func(), err error) {
	srv, err = server.New(st, server.Config{Listen: "127.0.0.1:0", HostKeyPath: hostKey, MaxSessions: sessions})
	if err != nil {
		return nil, nil, err
	}
	if err := srv.Start(ctx); err != nil {
		return nil, nil, err
	}
	return srv, func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}, nil
}
