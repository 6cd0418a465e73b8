package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/internal/mail"
	"github.com/loopdesk/loopdesk/internal/report"
	"github.com/loopdesk/loopdesk/internal/server"
	"github.com/loopdesk/loopdesk/internal/triage/learn"
	"github.com/loopdesk/loopdesk/store"
)

func serveCmd(env *cliEnv) *cobra.Command {
	c := verb("Serve the live board over SSH (and feedback over HTTP)",
		"serve [--listen ADDR] [--http ADDR] [--smtp ADDR --smtp-to ADDRS] [--host-key PATH] [--idle-timeout D] [--max-sessions N] [--rate R] [--burst N] [--brief-at HH:MM]", noArgs)
	fs := c.Flags()
	listen := fs.String("listen", server.DefaultListen, "address to listen on; \":22\" serves plain `ssh HOST` (needs CAP_NET_BIND_SERVICE)")
	hostKey := fs.String("host-key", "", "host key file, created on first start (default: the database file + \".hostkey\"; for a postgres:// desk, in the data directory: copy it to every node)")
	idle := fs.Duration("idle-timeout", time.Hour, "close a session after this long without input (0: never)")
	maxSessions := fs.Int("max-sessions", server.DefaultMaxSessions, "boards open at once; more are told the server is full")
	rate := fs.Float64("rate", 2, "new connections per second per client address (0: no limit)")
	burst := fs.Int("burst", 10, "connections a client address may open at once before --rate applies")
	httpAddr := fs.String("http", "", "also take feedback over HTTP on this address (API, web form, health check), e.g. 127.0.0.1:8080; with --listen \"\" only that")
	smtpAddr := fs.String("smtp", "", "also take e-mail over SMTP on this address (the mail server forwards support@ here), e.g. 127.0.0.1:2525")
	smtpTo := fs.String("smtp-to", "", "with --smtp: the addresses mail is accepted for, comma-separated, e.g. support@example.com")
	intakeOpts := addIntakeFlags(fs)
	briefAt := fs.String("brief-at", "", "mail the daily brief to the supervisors at this time of day, HH:MM in the desk's time zone, once a day")
	baseURL := fs.String("base-url", os.Getenv("LOOPDESK_BASE_URL"), "public address of the HTTP server, for survey links (default $LOOPDESK_BASE_URL, else http://<--http>)")
	noMouse := fs.Bool("no-mouse", false, "Boards leave the mouse to the agent's terminal (selecting text) instead of clicking cards and scrolling with the wheel")
	c.RunE = func(c *cobra.Command, _ []string) error {
		return runServe(c.Context(), env, serveOptions{*listen, *hostKey, *idle, *maxSessions, *rate, *burst, *httpAddr, *smtpAddr, *smtpTo, intakeOpts, *baseURL, *briefAt, *noMouse})
	}
	return c
}

// serveOptions are serve's flags.
type serveOptions struct {
	listen, hostKey string
	idle            time.Duration
	maxSessions     int
	rate            float64
	burst           int
	httpAddr        string
	smtpAddr        string
	smtpTo          string
	intake          *intakeFlags
	baseURL         string
	briefAt         string
	noMouse         bool
}

func runServe(ctx context.Context, env *cliEnv, o serveOptions) error {
	if o.maxSessions < 1 || o.rate < 0 || o.burst < 1 || o.idle < 0 {
		return usagef("serve: --max-sessions and --burst must be at least 1, --rate and --idle-timeout not negative")
	}
	var hour, minute int
	if o.briefAt != "" {
		var err error
		if hour, minute, err = report.ParseBriefAt(o.briefAt); err != nil {
			return usageError{err.Error()}
		}
	}
	lang, err := env.language()
	if err != nil {
		return err
	}
	path, err := env.dbPath("loopdesk.db")
	if err != nil {
		return err
	}
	if o.hostKey == "" {
		o.hostKey = store.DeskFile(path, ".hostkey")
	}
	log := slog.New(slog.NewTextHandler(env.stderr, nil))
	opts, err := env.storeOptions()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, path, opts...)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("closing database", "err", err)
			return
		}
		log.Info("database closed", "db", store.Redact(path))
	}()
	in, err := o.intake.build(st, log)
	if err != nil {
		return err
	}
	web, err := httpServer(st, in, o.httpAddr, log)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if o.smtpAddr != "" {
		if strings.TrimSpace(o.smtpTo) == "" {
			return usagef("serve: --smtp needs --smtp-to ADDRS, the addresses mail is accepted for")
		}
		smtpRun, err := mail.Listen(st, in, o.smtpAddr, strings.Split(o.smtpTo, ","), log)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		web = alongside(web, smtpRun)
	}
	if o.baseURL == "" && o.httpAddr != "" {
		o.baseURL = "http://" + o.httpAddr
	}
	// On the node that leads the desk's upkeep (every process, on SQLite):
	// record SLA breaches, deliver replies, close resolved tickets nobody
	// answered, retrain, mail the brief, merge the search index.
	bg, stopBG := context.WithCancel(ctx)
	defer stopBG()
	retrain := &learn.Retrainer{Store: st, Rules: o.intake.rules, Ref: o.intake.model, Log: log}
	brief := report.BriefSchedule{Store: st, Send: (&mail.Sender{}).SendMessage, Lang: lang, Hour: hour, Minute: minute, Log: log}
	go live.RunLeading(bg, st, log, func(ctx context.Context) {
		var wg sync.WaitGroup
		wg.Go(func() { live.RunSweeper(ctx, st, sweepInterval, log) })
		wg.Go(func() { runClosedLoop(ctx, st, log) })
		wg.Go(func() { live.RunSearchMerge(ctx, st, searchMergeInterval, log) })
		wg.Go(func() { retrain.Run(ctx) })
		if o.briefAt != "" {
			wg.Go(func() { brief.Run(ctx, time.Minute, 15*time.Minute) })
		}
		wg.Wait()
	})
	if o.listen == "" {
		if web == nil {
			return usagef("serve: nothing to serve; give --listen ADDR, --http ADDR, --smtp ADDR or several")
		}
		if o.httpAddr != "" {
			fmt.Fprintf(env.stdout, "loopdesk taking feedback on http://%s (form: /feedback; Ctrl+C stops)\n", o.httpAddr)
		}
		announceSMTP(env, o)
		return web(ctx)
	}
	warnIfNoKeys(ctx, st, log)
	srv, err := server.New(st, server.Config{
		Listen: o.listen, HostKeyPath: o.hostKey, IdleTimeout: o.idle, MaxSessions: o.maxSessions,
		Rate: o.rate, Burst: o.burst, Lang: lang, Logger: log, Intake: in, SurveyBase: o.baseURL, NoMouse: o.noMouse,
	})
	if err != nil {
		return err
	}
	// Bind before saying so: a taken port is one clear error, not a banner then a failure.
	if err := srv.Listen(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if _, port, err := net.SplitHostPort(o.listen); err == nil {
		fmt.Fprintf(env.stdout, "loopdesk serving %s on %s; agents connect with: ssh -p %s NAME@HOST (Ctrl+C stops)\n", store.Redact(path), o.listen, port)
	}
	if o.httpAddr != "" {
		fmt.Fprintf(env.stdout, "taking feedback on http://%s (form: /feedback)\n", o.httpAddr)
	}
	announceSMTP(env, o)
	if web != nil {
		return serveBoth(ctx, srv.Run, web)
	}
	return srv.Run(ctx)
}

// announceSMTP says where mail is taken, once every listener is bound.
func announceSMTP(env *cliEnv, o serveOptions) {
	if o.smtpAddr != "" {
		fmt.Fprintf(env.stdout, "taking e-mail for %s on smtp://%s\n", o.smtpTo, o.smtpAddr)
	}
}

// alongside runs b beside a (either may be nil).
func alongside(a, b func(context.Context) error) func(context.Context) error {
	if a == nil {
		return b
	}
	return func(ctx context.Context) error { return serveBoth(ctx, a, b) }
}

// warnIfNoKeys tells a new admin why nobody can log in yet.
func warnIfNoKeys(ctx context.Context, st *store.Store, log *slog.Logger) {
	agents, err := st.Agents(ctx)
	if err != nil {
		return
	}
	for _, a := range agents {
		if keys, err := st.AgentKeys(ctx, a.Name); err == nil && len(keys) > 0 {
			return
		}
	}
	log.Warn("no agent has an SSH key yet, so nobody can log in; add one with: loopdesk agent key add NAME --key-file ~/.ssh/id_ed25519.pub")
}
