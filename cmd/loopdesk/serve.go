package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/loopdesk/loopdesk/internal/live"
	"github.com/loopdesk/loopdesk/internal/server"
	"github.com/loopdesk/loopdesk/store"
)

func runServe(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("serve", "loopdesk serve [--db PATH] [--listen ADDR] [--host-key PATH] [--idle-timeout D] [--max-sessions N] [--rate R] [--lang zh|en]")
	listen := fs.String("listen", server.DefaultListen, "address to listen on; \":22\" serves plain `ssh HOST` (needs CAP_NET_BIND_SERVICE)")
	hostKey := fs.String("host-key", "", "host key file, created on first start (default: the database path + \".hostkey\")")
	idle := fs.Duration("idle-timeout", time.Hour, "close a session after this long without input (0: never)")
	maxSessions := fs.Int("max-sessions", server.DefaultMaxSessions, "boards open at once; more are told the server is full")
	rate := fs.Float64("rate", 2, "new connections per second per client address (0: no limit)")
	burst := fs.Int("burst", 10, "connections a client address may open at once before --rate applies")
	httpAddr := fs.String("http", "", "also take feedback over HTTP on this address (API, web form, health check), e.g. 127.0.0.1:8080; with --listen \"\" only that")
	intakeOpts := addIntakeFlags(fs)
	baseURL := fs.String("base-url", os.Getenv("LOOPDESK_BASE_URL"), "public address of the HTTP server, for survey links (default $LOOPDESK_BASE_URL, else http://<--http>)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *maxSessions < 1 || *rate < 0 || *burst < 1 || *idle < 0 {
		return usagef("serve: --max-sessions and --burst must be at least 1, --rate and --idle-timeout not negative")
	}
	lang, err := env.language()
	if err != nil {
		return err
	}
	path, err := env.dbPath("loopdesk.db")
	if err != nil {
		return err
	}
	if *hostKey == "" {
		*hostKey = path + ".hostkey"
	}
	log := slog.New(slog.NewTextHandler(env.stderr, nil))
	cfg, err := env.slaConfig()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, path, store.WithSLA(cfg))
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("closing database", "err", err)
			return
		}
		log.Info("database closed", "path", path)
	}()
	in, err := intakeOpts.build(st, log)
	if err != nil {
		return err
	}
	web, err := httpServer(st, in, *httpAddr, log)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *baseURL == "" && *httpAddr != "" {
		*baseURL = "http://" + *httpAddr
	}
	// Wherever the file is open for writing: record SLA breaches, deliver
	// replies, close resolved tickets nobody answered.
	bg, stopBG := context.WithCancel(ctx)
	defer stopBG()
	go live.RunSweeper(bg, st, sweepInterval, log)
	go runClosedLoop(bg, st, log)
	if *listen == "" {
		if web == nil {
			return usagef("serve: nothing to serve; give --listen ADDR, --http ADDR or both")
		}
		fmt.Fprintf(env.stdout, "loopdesk taking feedback on http://%s (form: /feedback; Ctrl+C stops)\n", *httpAddr)
		return web(ctx)
	}
	warnIfNoKeys(ctx, st, log)
	srv, err := server.New(st, server.Config{
		Listen: *listen, HostKeyPath: *hostKey, IdleTimeout: *idle, MaxSessions: *maxSessions,
		Rate: *rate, Burst: *burst, Lang: lang, Logger: log, Intake: in, SurveyBase: *baseURL,
	})
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if _, port, err := net.SplitHostPort(*listen); err == nil {
		fmt.Fprintf(env.stdout, "loopdesk serving %s on %s; agents connect with: ssh -p %s NAME@HOST (Ctrl+C stops)\n", path, *listen, port)
	}
	if web != nil {
		fmt.Fprintf(env.stdout, "taking feedback on http://%s (form: /feedback)\n", *httpAddr)
		return serveBoth(ctx, srv.Run, web)
	}
	return srv.Run(ctx)
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
