package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/time/rate"

	"github.com/loopdesk/loopdesk/internal/bind"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
)

// Config sets up a Server. Store, Intake and Recipients are required;
// zero values of the rest take the defaults below.
type Config struct {
	Store  *store.Store
	Intake *intake.Intake
	// Channel is the intake channel the mail posts as (its events name
	// it); it must exist: loopdesk channel add email --kind email.
	Channel string
	// Recipients are the addresses mail is accepted for, e.g.
	// support@example.com; any other RCPT TO gets 550.
	Recipients []string
	// Domain names this server in its greeting and is the right-hand side
	// of the desk's own Message-IDs, by which loops are recognised.
	Domain string

	MaxMessageBytes int64 // whole message as sent (default 25 MiB): 552 past it
	MaxRecipients   int   // RCPT TO per message (default 20)
	Parse           Limits
	// SenderRate is the messages per hour one sender (envelope address)
	// may send after a burst of SenderBurst; past it, 451 (try later).
	SenderRate  float64
	SenderBurst int
	// AddrRate is the connections per second one client address may
	// open after a burst of AddrBurst; past it, 421. The company's mail
	// server is one address, so keep this generous.
	AddrRate  float64
	AddrBurst int
	// ReadTimeout bounds the wait for each command or data line.
	ReadTimeout time.Duration
	Log         *slog.Logger
}

// Defaults.
const (
	DefaultChannel         = "email"
	DefaultMaxMessageBytes = 25 << 20
	DefaultMaxRecipients   = 20
	DefaultSenderRate      = 30 // per hour
	DefaultSenderBurst     = 10
	DefaultAddrRate        = 20 // per second
	DefaultAddrBurst       = 100
	DefaultReadTimeout     = 2 * time.Minute
	maxLimiterEntries      = 10_000
)

// Server is the SMTP listener of the e-mail channel.
type Server struct {
	cfg        Config
	recipients map[string]bool
	smtp       *smtp.Server
	ln         net.Listener
	senders    *limiters
	addrs      *limiters
}

// New checks cfg and makes a server; Listen and Serve start it.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Intake == nil {
		return nil, errors.New("mail: a store and an intake are required")
	}
	if len(cfg.Recipients) == 0 {
		return nil, errors.New("mail: no recipient addresses configured (e.g. support@example.com)")
	}
	if cfg.Channel == "" {
		cfg.Channel = DefaultChannel
	}
	if cfg.Domain == "" {
		cfg.Domain = "localhost"
	}
	cfg.MaxMessageBytes = orDefault(cfg.MaxMessageBytes, DefaultMaxMessageBytes)
	cfg.MaxRecipients = orDefault(cfg.MaxRecipients, DefaultMaxRecipients)
	cfg.SenderRate = orDefault(cfg.SenderRate, DefaultSenderRate)
	cfg.SenderBurst = orDefault(cfg.SenderBurst, DefaultSenderBurst)
	cfg.AddrRate = orDefault(cfg.AddrRate, DefaultAddrRate)
	cfg.AddrBurst = orDefault(cfg.AddrBurst, DefaultAddrBurst)
	cfg.ReadTimeout = orDefault(cfg.ReadTimeout, DefaultReadTimeout)
	if cfg.Parse == (Limits{}) {
		cfg.Parse = DefaultLimits
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:        cfg,
		recipients: map[string]bool{},
		senders:    newLimiters(rate.Limit(cfg.SenderRate/3600), cfg.SenderBurst),
		addrs:      newLimiters(rate.Limit(cfg.AddrRate), cfg.AddrBurst),
	}
	for _, r := range cfg.Recipients {
		if !strings.Contains(r, "@") {
			return nil, fmt.Errorf("mail: recipient %q is not an address", r)
		}
		s.recipients[normAddr(r)] = true
	}
	srv := smtp.NewServer(s)
	srv.Domain = cfg.Domain
	srv.MaxMessageBytes = cfg.MaxMessageBytes
	srv.MaxRecipients = cfg.MaxRecipients
	srv.ReadTimeout = cfg.ReadTimeout
	srv.WriteTimeout = cfg.ReadTimeout
	srv.EnableSMTPUTF8 = true // the parser takes UTF-8 headers and addresses
	srv.ErrorLog = slogPrinter{cfg.Log}
	s.smtp = srv
	return s, nil
}

func orDefault[T int | int64 | float64 | time.Duration](v, d T) T {
	if v == 0 {
		return d
	}
	return v
}

// Listen binds addr, so a caller can report the address before serving.
func (s *Server) Listen(addr string) error {
	ln, err := bind.TCP(addr)
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// Addr is the bound address (after Listen).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers connections until Close or Shutdown, then returns nil.
func (s *Server) Serve() error {
	if s.ln == nil {
		return errors.New("mail: Serve before Listen")
	}
	err := s.smtp.Serve(s.ln)
	if errors.Is(err, smtp.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// ShutdownGrace is how long Run lets open sessions finish after its
// context ends before it drops them.
const ShutdownGrace = 10 * time.Second

// Run serves (after Listen) until ctx ends, then shuts down gracefully.
func (s *Server) Run(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownGrace)
	defer cancel()
	if err := s.Shutdown(grace); err != nil {
		s.Close()
	}
	return <-done
}

// Close stops at once, dropping open connections (their senders retry).
func (s *Server) Close() error { return ignoreClosed(s.smtp.Close()) }

// Shutdown stops accepting and waits for open sessions until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return ignoreClosed(s.smtp.Shutdown(ctx)) }

func ignoreClosed(err error) error {
	if errors.Is(err, smtp.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// SMTP replies the server gives.
var (
	errTooFast     = &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Too many connections from your address; try again later"}
	errSenderRate  = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Too many messages from this sender; try again later"}
	errNoSuchUser  = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox here"}
	errUnreadable  = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Message could not be read"}
	errTemporarily = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary failure storing the message; try again later"}
)

// NewSession implements smtp.Backend: one per connection.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	if !s.addrs.allow(hostOf(c.Conn().RemoteAddr())) {
		return nil, errTooFast
	}
	return &session{srv: s, remote: c.Conn().RemoteAddr().String()}, nil
}

// session is one SMTP conversation; go-smtp calls it from one goroutine.
type session struct {
	srv    *Server
	remote string
	from   string
}

func (ss *session) Reset()        { ss.from = "" }
func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	key := normAddr(from)
	if key == "" {
		key = "<>@" + ss.remote // bounces are limited per client address
	}
	if !ss.srv.senders.allow(key) {
		return errSenderRate
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !ss.srv.recipients[normAddr(to)] {
		return errNoSuchUser
	}
	return nil
}

func (ss *session) Data(r io.Reader) error {
	// go-smtp stops the reader at MaxMessageBytes with its 552 error.
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	res, err := ss.srv.Deliver(context.Background(), ss.from, raw)
	switch {
	case errors.Is(err, ErrMalformed), errors.Is(err, store.ErrInvalid):
		ss.srv.cfg.Log.Warn("mail refused", "remote", ss.remote, "err", err)
		return &smtp.SMTPError{Code: errUnreadable.Code, EnhancedCode: errUnreadable.EnhancedCode, Message: errUnreadable.Message + ": " + oneLine(err.Error())}
	case err != nil:
		ss.srv.cfg.Log.Error("mail not stored", "remote", ss.remote, "err", err)
		return errTemporarily
	}
	ss.srv.cfg.Log.Info("mail", "remote", ss.remote, "outcome", res.Outcome, "ticket", res.Ticket, "reason", res.Reason)
	return nil
}

// oneLine keeps an error fit for an SMTP reply line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "")
	}
	return s
}

// limiters is a token bucket per key, bounded in number.
type limiters struct {
	r     rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*rate.Limiter
}

func newLimiters(r rate.Limit, burst int) *limiters {
	return &limiters{r: r, burst: burst, m: map[string]*rate.Limiter{}}
}

func (l *limiters) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[key]
	if !ok {
		if len(l.m) >= maxLimiterEntries {
			// A flood of keys: start over rather than grow. Each key
			// merely gets a fresh burst.
			clear(l.m)
		}
		lim = rate.NewLimiter(l.r, l.burst)
		l.m[key] = lim
	}
	return lim.Allow()
}

func hostOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	return a.String()
}

// slogPrinter lets go-smtp's connection errors reach the desk's log.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Printf(format string, v ...any) {
	p.log.Warn("smtp: " + fmt.Sprintf(format, v...))
}
func (p slogPrinter) Println(v ...any) { p.log.Warn("smtp: " + fmt.Sprintln(v...)) }

// Listen is what `loopdesk serve --smtp ADDR` runs: a server for the
// recipients on addr, posting as the "email" intake channel, bound before
// it returns so the caller can announce it; the function serves until
// its context ends. Senders are hashed under the store's desk secret.
func Listen(st *store.Store, in *intake.Intake, addr string, recipients []string, log *slog.Logger) (func(context.Context) error, error) {
	if _, err := st.ChannelByName(context.Background(), DefaultChannel); err != nil {
		return nil, fmt.Errorf("mail: intake channel %q: %w (add it with: loopdesk channel add %s --kind email)", DefaultChannel, err, DefaultChannel)
	}
	host, _ := os.Hostname()
	var rcpts []string
	for _, r := range recipients {
		if r = strings.TrimSpace(r); r != "" {
			rcpts = append(rcpts, r)
		}
	}
	s, err := New(Config{Store: st, Intake: in, Recipients: rcpts, Domain: host, Log: log})
	if err != nil {
		return nil, err
	}
	if err := s.Listen(addr); err != nil {
		return nil, err
	}
	return s.Run, nil
}
