package webintake

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/survey"
	"github.com/loopdesk/loopdesk/store"
)

// Defaults for Options fields left zero.
const (
	DefaultFormChannel  = "website"
	DefaultMaxBodyBytes = 1 << 20
	DefaultMaxItems     = 500
)

// Options configures a Server.
type Options struct {
	// FormChannel is the intake channel the web form posts as; the form
	// is off until a channel of this name exists.
	FormChannel  string
	MaxBodyBytes int64 // largest API request body
	MaxItems     int   // most items in one API request
	Log          *slog.Logger

	// Per-address rate limits (token buckets; 429 with Retry-After once
	// spent): APIRate requests per second after a burst of APIBurst for
	// the API, FormRate and FormBurst for the form and survey pages. Zero
	// means the default, a negative rate no limit. Addresses are the
	// connection's: behind a reverse proxy every client shares the
	// proxy's bucket, so raise the limits there or limit at the proxy.
	APIRate, FormRate   float64
	APIBurst, FormBurst int
	// MaxAddresses bounds the addresses each limiter tracks (memory).
	MaxAddresses int
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
}

// Server serves the feedback API, the web form and the health check.
type Server struct {
	store  *store.Store
	intake *intake.Intake
	opt    Options
	mux    *http.ServeMux
	guard  *formGuard
	api    *limiter // nil: no limit
	public *limiter // the form and survey pages; nil: no limit
}

// New returns a Server storing through in into st.
func New(st *store.Store, in *intake.Intake, opt Options) *Server {
	if opt.FormChannel == "" {
		opt.FormChannel = DefaultFormChannel
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opt.MaxItems <= 0 {
		opt.MaxItems = DefaultMaxItems
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	opt.APIRate, opt.APIBurst = orDefault(opt.APIRate, DefaultAPIRate), cmp.Or(opt.APIBurst, DefaultAPIBurst)
	opt.FormRate, opt.FormBurst = orDefault(opt.FormRate, DefaultFormRate), cmp.Or(opt.FormBurst, DefaultFormBurst)
	opt.MaxAddresses = cmp.Or(opt.MaxAddresses, DefaultAddresses)
	s := &Server{store: st, intake: in, opt: opt, mux: http.NewServeMux(), guard: newFormGuard(opt.Now),
		api:    newLimiter(opt.APIRate, opt.APIBurst, opt.MaxAddresses, opt.Now),
		public: newLimiter(opt.FormRate, opt.FormBurst, opt.MaxAddresses, opt.Now),
	}
	// Method checks happen in the handlers, so a wrong method gets the
	// same JSON (API) or page (form) as every other error there.
	s.mux.HandleFunc("/api/v1/feedback", s.limit(s.api, s.apiTooMany, s.feedback))
	s.mux.HandleFunc("/feedback", s.limit(s.public, s.formTooMany, s.form))
	s.mux.HandleFunc("/healthz", s.health)
	s.mux.HandleFunc(store.SurveyPath, s.limit(s.public, s.formTooMany, survey.Handler(st, opt.Log).ServeHTTP))
	return s
}

func orDefault(rate, def float64) float64 {
	if rate == 0 {
		return def
	}
	return rate
}

// limit runs h if the client's address has a token left in l, and
// tooMany otherwise, after setting Retry-After.
func (s *Server) limit(l *limiter, tooMany, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := l.allow(r.RemoteAddr); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			tooMany(w, r)
			return
		}
		h(w, r)
	}
}

func (s *Server) apiTooMany(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusTooManyRequests, apiError{Error: "too many requests from your address; retry after the Retry-After seconds"})
}

func (s *Server) formTooMany(w http.ResponseWriter, r *http.Request) {
	t := pickLang(r, r.URL.Query().Get("lang"))
	s.render(w, http.StatusTooManyRequests, "notice", &formPage{T: t, Summary: t.TooMany})
}

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, "GET, HEAD")
		return
	}
	if _, err := s.store.LatestSeq(r.Context()); err != nil {
		s.opt.Log.Error("health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Timeouts of the HTTP server: slow clients cannot hold connections open
// (ReadHeaderTimeout is the Slowloris guard).
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	shutdownTimeout   = 10 * time.Second
)

// Run listens on addr (host:port) and serves until ctx ends, then stops
// gracefully: requests in flight finish, so a sender that was about to
// get its 201 gets it.
func (s *Server) Run(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened (tests use port 0).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.opt.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	s.opt.Log.Info("HTTP intake listening", "addr", ln.Addr().String())
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	err := hs.Shutdown(stop)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
