package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/loopdesk/loopdesk/internal/jsonshape"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/store/storetest"
)

// TestMain makes the test binary double as loopdesk, so scripts run the
// real command (its flag parsing, exit codes and output streams).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"loopdesk": main})
}

// TestScripts runs testdata/script/*.txtar: the CLI as a user types it.
// Each script has its own data directory and default database under
// $WORK; $WEBHOOK receives replies (see the webhook command).
// TestScriptsPostgres runs them again on PostgreSQL.
func TestScripts(t *testing.T) {
	runScripts(t, false)
}

// TestScriptsPostgres runs the same scripts on PostgreSQL: $LOOPDESK_DB
// names a schema of its own on the server LOOPDESK_TEST_POSTGRES names,
// dropped after the script. A line only one engine can pass is marked
// [postgres] or [!postgres].
func TestScriptsPostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip(storetest.PostgresEnv + " not set: PostgreSQL scripts skipped")
	}
	runScripts(t, true)
}

func runScripts(t *testing.T, pg bool) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Condition: func(cond string) (bool, error) {
			if cond == "postgres" {
				return pg, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(e *testscript.Env) error {
			e.Setenv("XDG_DATA_HOME", filepath.Join(e.WorkDir, "data"))
			db := filepath.Join(e.WorkDir, "desk.db")
			if pg {
				pgURL, drop, err := store.NewSchema(context.Background(), os.Getenv(storetest.PostgresEnv), "loopdesk_cli_")
				if err != nil {
					return err
				}
				e.Defer(func() {
					if err := drop(context.Background()); err != nil {
						e.T().Fatal(err)
					}
				})
				db = pgURL
				e.Setenv("DB_WITH_PASSWORD", withPassword(db, "s3cret-pw"))
			}
			e.Setenv("LOOPDESK_DB", db)
			e.Setenv("LANG", "en_US.UTF-8")
			h := newWebhook()
			e.Defer(h.Close)
			e.Setenv("WEBHOOK", h.URL)
			e.Values["webhook"] = h
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exitcode":  exitcodeCmd,
			"webhook":   webhookCmd,
			"jsonshape": jsonshapeCmd,
		},
	})
}

// exitcodeCmd is "exitcode N PROGRAM ARGS...": run PROGRAM and want exit
// status N; its stdout and stderr are kept for the next checks.
func exitcodeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program args...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// jsonshapeCmd is "jsonshape": the last command's stdout (JSON or JSON
// lines) must have only snake_case keys and enums spelled as names.
func jsonshapeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: jsonshape")
	}
	out := ts.ReadFile("stdout")
	if out == "" {
		ts.Fatalf("jsonshape: no output to check")
	}
	if err := jsonshape.Check([]byte(out)); err != nil {
		ts.Fatalf("jsonshape: %v", err)
	}
}

// webhookCmd prints what $WEBHOOK received, one reply a line: ticket,
// customer, whether it carried an idempotency key, and the text.
func webhookCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: webhook")
	}
	h := ts.Value("webhook").(*webhook)
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, p := range h.got {
		fmt.Fprintf(ts.Stdout(), "%s customer=%q key=%t %s\n", p.Ticket, p.Customer, h.keys[i] != "", p.Text)
	}
}

// withPassword is the URL db with a password in it (the test server
// trusts local users, so it is never checked; commands must not print it).
func withPassword(db, password string) string {
	u, err := url.Parse(db)
	if err != nil {
		return db
	}
	u.User = url.UserPassword(u.User.Username(), password)
	return u.String()
}
