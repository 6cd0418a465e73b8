package server

import (
	"context"
	"fmt"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/tui"
)

// endReason says why a board ended: it picks the goodbye line and is logged.
type endReason int

const (
	endQuit         endReason = iota // the agent quit or the connection dropped
	endShutdown                      // the server is stopping
	endIdle                          // no input for Config.IdleTimeout
	endKeyRemoved                    // the key it logged in with was removed
	endAgentRemoved                  // its agent was removed
)

func (r endReason) String() string {
	return [...]string{"quit", "shutdown", "idle", "key_removed", "agent_removed"}[r]
}

// session is one SSH session's board: who it is, its feed subscription
// and its program, so the server can stop it.
type session struct {
	id      string // also the presence key
	agent   domain.Agent
	key     string // fingerprint the agent logged in with
	remote  string
	lang    i18n.Lang
	sub     *live.Sub
	input   *inputReader
	winch   <-chan ssh.Window // the library's window sizes, drained at the end
	screen  *screen           // set by program; restored at the end
	started time.Time
	// ctx ends when the session is released; it ends input forwarding.
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	prog   *tea.Program
	reason endReason
	idle   *time.Timer
}

// stop quits the board for r; the first reason given wins.
func (ss *session) stop(r endReason) {
	ss.mu.Lock()
	if ss.reason == endQuit {
		ss.reason = r
	}
	p := ss.prog
	ss.mu.Unlock()
	if p != nil {
		// Quit blocks until the program's event loop runs.
		go p.Quit()
	}
}

// attach records the session's program, or refuses it when the session
// was stopped before the program existed.
func (ss *session) attach(p *tea.Program) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.reason != endQuit {
		return false
	}
	ss.prog = p
	return true
}

func (ss *session) endReason() endReason {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.reason
}

// watchIdle stops the session once the client has sent nothing for d.
// Output does not count: a board that keeps changing is not in use.
func (ss *session) watchIdle(d time.Duration) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.idle = time.AfterFunc(d, func() {
		quiet := time.Since(ss.input.lastRead())
		if quiet < d {
			ss.mu.Lock()
			if ss.idle != nil {
				ss.idle.Reset(d - quiet)
			}
			ss.mu.Unlock()
			return
		}
		ss.stop(endIdle)
	})
}

func (ss *session) stopIdle() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.idle != nil {
		ss.idle.Stop()
		ss.idle = nil
	}
}

// recoverMiddleware is outermost: a panic in one session is logged and
// ends that session, not the server.
func (s *Server) recoverMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session panic", "remote", sess.RemoteAddr().String(), "panic", fmt.Sprint(r),
					"stack", string(debug.Stack()))
				_ = sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// sessionMiddleware admits a session (identity, terminal, capacity), runs
// the board (next) and releases everything once the program has returned,
// never merely when the connection's context ends.
func (s *Server) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ss, refusal := s.admit(sess)
		if ss == nil {
			_, winch, _ := sess.Pty()
			drainWindowChanges(winch)
			fmt.Fprintln(sess.Stderr(), refusal)
			_ = sess.Exit(1)
			return
		}
		defer s.release(sess, ss)
		next(sess)
		if ss.screen != nil {
			ss.screen.close()
		}
		drainWindowChanges(ss.winch)
		code := 0
		switch ss.endReason() {
		case endShutdown:
			fmt.Fprintln(sess, ss.lang.T(i18n.ServerShutdown))
		case endIdle:
			fmt.Fprintln(sess, ss.lang.T(i18n.ServerIdle, s.cfg.IdleTimeout))
		case endKeyRemoved:
			fmt.Fprintln(sess, ss.lang.T(i18n.ServerKeyRemoved))
			code = 1
		case endAgentRemoved:
			fmt.Fprintln(sess, ss.lang.T(i18n.ServerAgentRemoved))
			code = 1
		}
		// Before release: Shutdown closes connections once every session
		// is released, and must not cut off the exit status.
		_ = sess.Exit(code)
	}
}

// drainWindowChanges reads the window sizes nobody else will: the library
// delivers each on a channel of one, and would otherwise block the
// session's request loop (and leak it) on the next resize once the board
// has ended.
func drainWindowChanges(winch <-chan ssh.Window) {
	if winch != nil {
		go func() {
			for range winch { //nolint:revive // draining
			}
		}()
	}
}

// admit identifies the agent from the key the connection authenticated
// with and checks the session may run; it returns the message to refuse
// with otherwise, in the language of the client's locale.
func (s *Server) admit(sess ssh.Session) (*session, string) {
	remote := sess.RemoteAddr().String()
	lang := sessionLang(sess.Environ(), s.cfg.Lang)
	key := sess.PublicKey()
	if key == nil {
		s.log.Warn("session refused", "remote", remote, "reason", "no public key")
		return nil, lang.T(i18n.ServerNoKey)
	}
	fp := gossh.FingerprintSHA256(key)
	gen := s.accessGen.Load()
	agent, err := s.store.AgentByKey(sess.Context(), fp)
	if err != nil {
		s.log.Warn("session refused", "remote", remote, "key", fp, "reason", "key not registered", "err", err)
		return nil, lang.T(i18n.ServerKeyUnknown)
	}
	log := s.log.With("remote", remote, "key", fp, "agent", agent.Name)
	log.Info("auth ok", "user", clientText(sess.User()))
	pty, winch, ok := sess.Pty()
	if !ok {
		log.Info("session refused", "reason", "no terminal")
		return nil, lang.T(i18n.ServerNoTerminal, sshHint(sess, agent.Name))
	}
	if sess.RawCommand() != "" {
		log.Info("session refused", "reason", "command")
		return nil, lang.T(i18n.ServerNoCommand, sshHint(sess, agent.Name))
	}

	s.mu.Lock()
	switch {
	case s.closing:
		s.mu.Unlock()
		return nil, lang.T(i18n.ServerShutdown)
	case len(s.sessions) >= s.cfg.MaxSessions:
		s.mu.Unlock()
		log.Warn("limit hit", "limit", "sessions", "max", s.cfg.MaxSessions)
		return nil, lang.T(i18n.ServerFull, s.cfg.MaxSessions)
	}
	s.nextID++
	ctx, cancel := context.WithCancel(context.Background())
	ss := &session{
		ctx:     ctx,
		cancel:  cancel,
		id:      fmt.Sprintf("ssh-%d", s.nextID),
		agent:   agent,
		key:     fp,
		remote:  remote,
		lang:    lang,
		sub:     s.feed.Subscribe(),
		input:   newInputReader(sess),
		winch:   winch,
		started: time.Now(),
	}
	s.sessions[sess] = ss
	s.running.Add(1)
	s.mu.Unlock()

	if s.accessGen.Load() != gen {
		// An agent or key changed since the lookup above.
		s.recheck(sess.Context(), ss)
	}
	if s.cfg.IdleTimeout > 0 {
		ss.watchIdle(s.cfg.IdleTimeout)
	}
	log.Info("session start", "session", ss.id, "term", clientText(pty.Term),
		"width", pty.Window.Width, "height", pty.Window.Height, "lang", ss.lang.String())
	return ss, ""
}

// release undoes admit once the board has returned.
func (s *Server) release(sess ssh.Session, ss *session) {
	ss.cancel()
	ss.stopIdle()
	s.feed.Unsubscribe(ss.sub)
	s.presence.Leave(ss.id)
	s.mu.Lock()
	delete(s.sessions, sess)
	s.mu.Unlock()
	s.running.Done()
	s.log.Info("session end", "session", ss.id, "agent", ss.agent.Name, "key", ss.key, "remote", ss.remote,
		"reason", ss.endReason().String(), "duration", time.Since(ss.started).Round(time.Millisecond).String())
}

// program builds the session's board: the TUI as the session's agent,
// with input, output, size and colour profile of this client.
func (s *Server) program(sess ssh.Session) *tea.Program {
	s.mu.Lock()
	ss := s.sessions[sess]
	s.mu.Unlock()
	if ss == nil {
		return nil
	}
	// Clamped on arrival (requests.go), as MakeOptions uses it too.
	pty, _, _ := sess.Pty()
	w, h := pty.Window.Width, pty.Window.Height
	m := tui.New(tui.Options{Desk: s.Desk(), Feed: ss.sub, Me: ss.agent, Lang: ss.lang, Now: s.cfg.Now,
		Presence: s.presence, Session: ss.id, Renders: s.renders, Intake: s.cfg.Intake, SurveyBase: s.cfg.SurveyBase, NoMouse: s.cfg.NoMouse})
	ss.screen = newScreen(sess, colorprofile.Env(append(sess.Environ(), "TERM="+pty.Term)), w, h)
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithInput(quietReader{ss.ctx}), // see input.go
		tea.WithWindowSize(w, h),
		tea.WithFilter(remoteFilter),
		// The server, not each board, handles SIGINT and SIGTERM.
		tea.WithoutSignalHandler(),
		// The screen draws (screen.go); the program's frame ticker only
		// passes on what commands write (the clipboard), so it need not
		// wake sixty times a second.
		tea.WithoutRenderer(),
		tea.WithFPS(sequenceFPS),
	)
	p := tea.NewProgram(screenModel{m, ss.screen}, opts...)
	if !ss.attach(p) {
		return nil
	}
	go forwardInput(ss.ctx, ss.input, pty.Term, p)
	return p
}

// remoteFilter replaces MakeOptions' filter (a program has one): ctrl+z
// cannot suspend a program running on the server, and every window size
// is clamped (clampSize), whether it came as an SSH window-change or as
// a size report inside the client's input stream.
func remoteFilter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	case tea.WindowSizeMsg:
		w, h := clampSize(m.Width, m.Height)
		return tea.WindowSizeMsg{Width: w, Height: h}
	}
	return msg
}

// sessionLang picks the language from the locale the client sent
// (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them), else the
// server's default.
func sessionLang(environ []string, fallback i18n.Lang) i18n.Lang {
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := vars[name]; v != "" {
			if l, err := i18n.Parse(v); err == nil {
				return l
			}
			return i18n.EN // C, POSIX and other locales
		}
	}
	return fallback
}

// sshHint is the command line that would have worked.
func sshHint(sess ssh.Session, agent string) string {
	host, port, err := net.SplitHostPort(sess.LocalAddr().String())
	if err != nil {
		return "ssh -t " + agent + "@HOST"
	}
	if port == "22" {
		return fmt.Sprintf("ssh -t %s@%s", agent, host)
	}
	return fmt.Sprintf("ssh -t -p %s %s@%s", port, agent, host)
}
