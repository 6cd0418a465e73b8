package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/sla"
	"github.com/loopdesk/loopdesk/store"
)

// cliEnv is what every command shares: output streams and the common
// (persistent) flags.
type cliEnv struct {
	stdin          io.Reader // nil: os.Stdin
	stdout, stderr io.Writer
	db             string
	as             string
	lang           string
	slaPath        string
	aliasesPath    string
	deskPath       string
}

// persistentFlags puts the common flags on the root, for every command.
func (e *cliEnv) persistentFlags(root *cobra.Command) {
	fs := root.PersistentFlags()
	fs.StringVar(&e.db, "db", "", "database: a SQLite file or a postgres:// URL (default $LOOPDESK_DB, else loopdesk.db in the user data directory)")
	fs.StringVar(&e.as, "as", "", "act as this agent (default $LOOPDESK_AGENT or the OS user)")
	fs.StringVar(&e.lang, "lang", "", "interface language: zh or en (default from the locale)")
	fs.StringVar(&e.aliasesPath, "aliases", "", "extra spellings of channels, categories, priorities, statuses and tiers, TOML (default $LOOPDESK_ALIASES, else aliases.toml in the data directory if present)")
	fs.StringVar(&e.deskPath, "desk", "", "problem impact rules, waiting windows and compensation approval limit, TOML (default $LOOPDESK_DESK, else desk.toml in the data directory if present, else built-in)")
	fs.StringVar(&e.slaPath, "sla", "", "policies and calendars of the SLA, TOML (default $LOOPDESK_SLA, else sla.toml in the data directory if present, else built-in)")
}

// dataDir is where loopdesk keeps its databases (store.DataDir).
func dataDir() (string, error) {
	dir, err := store.DataDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for the default database; pass --db PATH: %w", err)
	}
	return dir, nil
}

// dbPath resolves --db, then LOOPDESK_DB, then the default file. A
// command that falls back to the default says on stderr which desk it
// opened: `demo` keeps its tickets in another file of the same directory,
// and a board or a list that comes up empty right after it must not
// look like lost work.
func (e *cliEnv) dbPath(defaultName string) (string, error) {
	if e.db != "" {
		return e.db, nil
	}
	if p := os.Getenv("LOOPDESK_DB"); p != "" {
		return p, nil
	}
	dir, err := dataDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, defaultName)
	e.sayDesk(path, filepath.Join(dir, demoName))
	return path, nil
}

// demoName is the demo desk's file in the data directory.
const demoName = "demo.db"

// sayDesk tells which default desk a command opens, and where the demo's
// tickets are when the desk opened is not the demo's and is new.
func (e *cliEnv) sayDesk(path, demoPath string) {
	if path == demoPath {
		fmt.Fprintf(e.stderr, "using the demo desk %s (other commands use %s; pass --db %s to reach this one)\n",
			tilde(path), tilde(filepath.Join(filepath.Dir(path), "loopdesk.db")), tilde(path))
		return
	}
	fmt.Fprintf(e.stderr, "using desk %s (--db or $LOOPDESK_DB to choose another)\n", tilde(path))
	if _, err := os.Stat(path); err == nil {
		return
	}
	if _, err := os.Stat(demoPath); err == nil {
		fmt.Fprintf(e.stderr, "  a new, empty desk: the demo's tickets are in %[1]s (--db %[1]s)\n", tilde(demoPath))
	}
}

// tilde writes a path under the home directory as ~/…, as a person
// would type it.
func tilde(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == "/" {
		return path
	}
	if rest, ok := strings.CutPrefix(path, home+string(filepath.Separator)); ok {
		return "~" + string(filepath.Separator) + rest
	}
	return path
}

// agentName resolves --as, then LOOPDESK_AGENT, then the OS user.
func (e *cliEnv) agentName() (string, error) {
	if e.as != "" {
		return e.as, nil
	}
	if n := os.Getenv("LOOPDESK_AGENT"); n != "" {
		return n, nil
	}
	u, err := user.Current()
	if err != nil {
		return "", fmt.Errorf("cannot tell who you are; pass --as NAME: %w", err)
	}
	return strings.ToLower(u.Username), nil
}

func (e *cliEnv) language() (i18n.Lang, error) {
	if e.lang == "" {
		return i18n.Detect(), nil
	}
	l, err := i18n.Parse(e.lang)
	if err != nil {
		return "", usageError{err.Error()}
	}
	return l, nil
}

// open opens the database and logs the caller in (the first user of an
// empty database becomes its admin).
func (e *cliEnv) open(ctx context.Context) (*store.Store, domain.Agent, error) {
	path, err := e.dbPath("loopdesk.db")
	if err != nil {
		return nil, domain.Agent{}, err
	}
	return e.openAt(ctx, path)
}

// withStore opens the desk as the acting agent, runs fn and closes it.
func (e *cliEnv) withStore(ctx context.Context, fn func(s *store.Store, me domain.Agent) error) error {
	s, me, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s, me)
}

func (e *cliEnv) openAt(ctx context.Context, path string) (*store.Store, domain.Agent, error) {
	name, err := e.agentName()
	if err != nil {
		return nil, domain.Agent{}, err
	}
	opts, err := e.storeOptions()
	if err != nil {
		return nil, domain.Agent{}, err
	}
	s, err := store.Open(ctx, path, opts...)
	if err != nil {
		return nil, domain.Agent{}, err
	}
	me, err := s.Login(ctx, name)
	if err != nil {
		s.Close()
		return nil, domain.Agent{}, err
	}
	return s, me, nil
}

// storeOptions are the store options of the desk's configuration files:
// the SLA (slaConfig) and the desk file (deskConfig).
func (e *cliEnv) storeOptions() ([]store.Option, error) {
	cfg, err := e.slaConfig()
	if err != nil {
		return nil, err
	}
	desk, err := e.deskConfig()
	if err != nil {
		return nil, err
	}
	return append(desk.Options(), store.WithSLA(cfg)), nil
}

// deskConfig loads --desk, then $LOOPDESK_DESK, then desk.toml in the data
// directory if it exists, else the built-in defaults.
func (e *cliEnv) deskConfig() (store.DeskConfig, error) {
	path := configPath(e.deskPath, "LOOPDESK_DESK", "desk.toml")
	if path == "" {
		return store.DefaultDeskConfig(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return store.DeskConfig{}, err
	}
	defer f.Close()
	cfg, err := store.LoadDeskConfig(f)
	if err != nil {
		return store.DeskConfig{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// useAliases loads --aliases, then $LOOPDESK_ALIASES, then aliases.toml in
// the data directory if it exists, into the vocabulary every flag, import
// and API request is read with; without one the built-in vocabulary.
func (e *cliEnv) useAliases() error {
	path := configPath(e.aliasesPath, "LOOPDESK_ALIASES", "aliases.toml")
	v, err := domain.NewVocabulary(nil)
	if path != "" {
		f, ferr := os.Open(path)
		if ferr != nil {
			return ferr
		}
		defer f.Close()
		if v, err = domain.LoadAliases(f); err != nil {
			err = fmt.Errorf("%s: %w", path, err)
		}
	}
	if err != nil {
		return err
	}
	domain.UseVocabulary(v)
	return nil
}

// configPath is flagv, else $env, else name in the data directory when
// that file exists, else "".
func configPath(flagv, env, name string) string {
	if flagv != "" {
		return flagv
	}
	if p := os.Getenv(env); p != "" {
		return p
	}
	if dir, err := dataDir(); err == nil {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return filepath.Join(dir, name)
		}
	}
	return ""
}

// slaConfig loads --sla, then $LOOPDESK_SLA, then sla.toml in the data
// directory if it exists, else the built-in defaults.
func (e *cliEnv) slaConfig() (*sla.Config, error) {
	path := configPath(e.slaPath, "LOOPDESK_SLA", "sla.toml")
	if path == "" {
		return sla.Default(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, err := sla.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// sla knows nothing of loopdesk's categories; a misspelt one would
	// silently never apply.
	for k := range cfg.Policies.ByCategory {
		if !domain.Category(k.Category).Valid() {
			return nil, fmt.Errorf("%s: policies.%s.category: %q is not a category id (want one of %s)", path, k.Priority, k.Category, domain.JoinIDs(domain.Categories))
		}
	}
	return cfg, nil
}
