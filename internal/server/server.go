// Package server serves the loopdesk board over SSH with Charm wish.
// Agents log in with the public keys registered for them in the agents
// table (no passwords); each session runs its own Bubble Tea board as that
// agent, with its client's size and colour profile; one change feed per
// process keeps every board live. The server enforces the limits a shared
// service needs: an input idle timeout, a session cap, a per-address
// connection rate, bounds on unauthenticated connections and on what a
// session may ask for, and a graceful stop that says goodbye to every
// session.
//
// Files: server.go (configuration, lifecycle), auth.go (key
// authentication and connection admission), requests.go (what a session
// may ask: sizes, env, request types), access.go (ending sessions whose
// key or agent is removed), session.go (one board per SSH session),
// input.go (keystrokes to the program), screen.go (drawing a board on
// its client, changed rows only), desk.go and cache.go (the store as
// sessions share it), hostkey.go, limits.go.
package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/bind"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui"
)

// Defaults for Config fields left zero.
const (
	DefaultListen       = "127.0.0.1:23234"
	DefaultMaxSessions  = 200
	DefaultFeedInterval = 150 * time.Millisecond
	DefaultStopTimeout  = 10 * time.Second
)

const (
	// maxAuthTries is OpenSSH's default: enough for a client that offers
	// every key in its agent, few enough to slow down guessing.
	maxAuthTries = 6
	// handshakeTimeout bounds how long a connection may take to
	// authenticate: a real client needs well under a second.
	handshakeTimeout = 10 * time.Second
	// maxPreauth and maxPreauthPerAddr bound the connections that have
	// not authenticated yet, in all and from one address. They hold no
	// session slot: slots go to authenticated connections only.
	maxPreauth        = 128
	maxPreauthPerAddr = 8
	// preauthSlack is how many authenticated connections beyond
	// MaxSessions may be open, so the session after the last one still
	// gets to be told the server is full.
	preauthSlack = 16
)

// Config configures a Server.
type Config struct {
	Listen      string        // TCP address; DefaultListen when empty
	HostKeyPath string        // ed25519 host key, created (0600) on first start
	IdleTimeout time.Duration // close a session after this long without input; 0: never
	MaxSessions int           // boards open at once; DefaultMaxSessions when 0
	Rate        float64       // new connections per second per address; 0: no limit
	Burst       int           // connections an address may open at once; max(1, Rate) when 0
	Lang        i18n.Lang     // for sessions that send no LANG or LC_ALL
	Logger      *slog.Logger  // nil: discard
	// FeedInterval is how often the change feed polls the database
	// where it cannot watch the file (elsewhere it polls when the file
	// changes, and every live.SafetyInterval); DefaultFeedInterval when 0.
	FeedInterval time.Duration
	// StopTimeout bounds the graceful part of Run's shutdown;
	// DefaultStopTimeout when 0.
	StopTimeout time.Duration
	Now         func() time.Time // boards' clock; time.Now when nil
	// Intake gives the new-ticket form its triage suggestions (nil: none).
	Intake *intake.Intake
	// SurveyBase is the public address of the HTTP server, for survey
	// links made on the boards ("" : boards say it is not configured).
	SurveyBase string
	// NoMouse leaves the mouse to the agents' terminals (selecting text)
	// instead of clicking cards and scrolling with the wheel.
	NoMouse bool
}

// Server is one SSH endpoint over one store. It owns its listener, its
// change feed and its sessions; the caller owns the store and closes it
// after Shutdown returns.
type Server struct {
	cfg     Config
	store   *store.Store
	log     *slog.Logger
	ssh     *ssh.Server
	hostKey gossh.Signer
	rate    *rateLimiter
	preauth *preauth
	conns   slots // authenticated connections

	feed     *live.Feed
	seen     atomic.Int64 // newest event sequence the feed has read
	cache    *readCache
	presence *live.Presence
	renders  *tui.Renders // drawn cards, shared by the boards
	stopFeed context.CancelFunc
	feedDone chan struct{}

	ln        net.Listener
	serveDone chan error

	mu       sync.Mutex
	started  bool
	closing  bool
	sessions map[ssh.Session]*session
	running  sync.WaitGroup // sessions admitted and not yet released
	nextID   uint64
	stopped  chan struct{}
	// accessGen counts the agent and key changes watchAccess has seen, so
	// a session admitted while one was being checked is checked too.
	accessGen atomic.Int64
}

// New prepares a server on st: it loads (or creates) the host key and sets
// up authentication, limits and middleware. Nothing listens until Start.
func New(st *store.Store, cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.Burst <= 0 {
		cfg.Burst = max(1, int(cfg.Rate))
	}
	if cfg.Lang != i18n.ZH {
		cfg.Lang = i18n.EN
	}
	if cfg.FeedInterval <= 0 {
		cfg.FeedInterval = DefaultFeedInterval
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = DefaultStopTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	signer, err := loadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:       cfg,
		store:     st,
		log:       log,
		hostKey:   signer,
		rate:      newRateLimiter(cfg.Rate, cfg.Burst, maxRateEntries),
		preauth:   newPreauth(maxPreauth, maxPreauthPerAddr),
		conns:     make(slots, cfg.MaxSessions+preauthSlack),
		sessions:  map[ssh.Session]*session{},
		serveDone: make(chan error, 1),
		stopped:   make(chan struct{}),
	}
	s.cache = newReadCache(&s.seen)
	s.renders = tui.NewRenders(tui.DefaultRenders)
	s.ssh, err = wish.NewServer(
		func(srv *ssh.Server) error {
			srv.AddHostKey(signer)
			srv.HandshakeTimeout = handshakeTimeout
			if cfg.IdleTimeout > 0 {
				// A backstop for connections that never open a session;
				// sessions time out on input, with a message, before this.
				srv.IdleTimeout = cfg.IdleTimeout + time.Minute
			}
			srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
				return &gossh.ServerConfig{MaxAuthTries: maxAuthTries, AuthLogCallback: authLog(ctx)}
			}
			// Only board sessions, vetted; no forwarding of any kind (the
			// library refuses channel and global request types it has no
			// handler for).
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			srv.RequestHandlers = map[string]ssh.RequestHandler{}
			srv.ConnectionFailedCallback = s.connFailed
			return nil
		},
		// Public keys only: with no password or keyboard-interactive
		// handler, those methods are refused.
		wish.WithPublicKeyAuth(s.authorize),
		ssh.WrapConn(s.admitConn),
		// wish composes middleware so the last listed runs first: recovery
		// and logging wrap the session checks, which wrap the board.
		wish.WithMiddleware(
			bubbletea.MiddlewareWithProgramHandler(s.program),
			s.sessionMiddleware,
			s.recoverMiddleware,
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	return s, nil
}

// HostKey is the server's public host key (what clients pin in known_hosts).
func (s *Server) HostKey() gossh.PublicKey { return s.hostKey.PublicKey() }

// Addr is the address the server listens on (useful with port 0); nil
// before Listen or Start.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Presence is the server's registry of who has which card open, shared by
// its sessions.
func (s *Server) Presence() *live.Presence { return s.presence }

// Sessions is the number of boards open now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Listen binds the configured address without accepting yet, so that a
// caller reports a port in use before it says it is serving. Start binds
// it when the caller has not.
func (s *Server) Listen() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listenLocked()
}

func (s *Server) listenLocked() error {
	if s.ln != nil {
		return nil
	}
	ln, err := bind.TCP(s.cfg.Listen)
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// Start binds the configured address (unless Listen did), starts the
// change feed and accepts connections in the background.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("server already started")
	}
	if err := s.listenLocked(); err != nil {
		return err
	}
	// The feed outlives ctx's cancellation on purpose: Shutdown stops it
	// after the sessions have said goodbye.
	feedCtx, stopFeed := context.WithCancel(context.WithoutCancel(ctx))
	feed, err := live.NewFeed(feedCtx, seqSource{s.store, &s.seen}, s.cfg.FeedInterval, s.log)
	if err != nil {
		stopFeed()
		_ = s.ln.Close()
		s.ln = nil
		return fmt.Errorf("change feed: %w", err)
	}
	ln := s.ln
	s.started = true
	if err := feed.Watch(feedCtx, s.store); err != nil {
		s.log.Info("change feed polls only", "interval", s.cfg.FeedInterval.String(), "reason", err.Error())
	}
	s.feed, s.presence, s.stopFeed = feed, live.NewPresence(feed), stopFeed
	s.feedDone = make(chan struct{})
	access := feed.Subscribe()
	go func() {
		defer close(s.feedDone)
		var watch sync.WaitGroup
		watch.Go(func() { s.watchAccess(feedCtx, access) })
		// Other processes on the desk (nodes) show this one's viewers.
		watch.Go(func() { s.presence.Share(feedCtx, s.store, nodeName(), s.log) })
		feed.Run(feedCtx) // closes access when it ends
		watch.Wait()
	}()
	go func() { s.serveDone <- s.ssh.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "host_key", gossh.FingerprintSHA256(s.HostKey()),
		"max_sessions", s.cfg.MaxSessions, "idle_timeout", s.cfg.IdleTimeout.String(), "rate_per_addr", s.cfg.Rate)
	return nil
}

// Run starts the server and serves until ctx ends (SIGINT or SIGTERM in
// the CLI), then shuts down gracefully within Config.StopTimeout.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Start(ctx); err != nil {
		return err
	}
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-s.serveDone:
		s.log.Error("listener failed", "err", serveErr)
		s.serveDone <- serveErr // Shutdown waits for it too
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.StopTimeout)
	defer cancel()
	return errors.Join(serveErr, s.Shutdown(sctx))
}

// Shutdown stops accepting connections, tells every session the server is
// going away and quits its board, waits for them (until ctx ends), then
// closes any connection left and stops the change feed. It returns
// ctx's error if sessions had to be cut off. Safe to call more than once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.started {
		if s.ln != nil { // bound by Listen, never served
			_ = s.ln.Close()
			s.ln = nil
		}
		s.mu.Unlock()
		return nil
	}
	if s.closing {
		s.mu.Unlock()
		<-s.stopped
		return nil
	}
	s.closing = true
	open := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		open = append(open, ss)
	}
	s.mu.Unlock()
	defer close(s.stopped)

	s.log.Info("shutting down", "sessions", len(open))
	_ = s.ln.Close()
	for _, ss := range open {
		ss.stop(endShutdown)
	}
	drained := make(chan struct{})
	go func() {
		s.running.Wait()
		close(drained)
	}()
	var err error
	select {
	case <-drained:
	case <-ctx.Done():
		err = fmt.Errorf("sessions still open at shutdown deadline: %w", ctx.Err())
		s.log.Warn("cutting off sessions", "err", err)
	}
	// Connections without a board, and any that did not finish in time.
	_ = s.ssh.Close()
	<-s.serveDone //nolint:errcheck // Serve's error after Close is only ErrServerClosed
	s.stopFeed()
	<-s.feedDone
	s.log.Info("stopped")
	return err
}

// nodeName names this server among the desk's nodes in the presence
// table: host, process and a random part, since one process may run two.
func nodeName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%x", host, os.Getpid(), b)
}
