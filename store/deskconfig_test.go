package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestLoadDeskConfigKeepsDefaultsForMissingKeys(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		c, err := LoadDeskConfig(strings.NewReader("[problems]\nvip_high = false\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := DefaultDeskConfig()
		want.Impact.VIPHigh = false
		if c != want {
			t.Fatalf("got %+v, want %+v", c, want)
		}
	})
}

func TestLoadDeskConfigReadsEveryKey(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		c, err := LoadDeskConfig(strings.NewReader(`
[problems]
high_customers = 8
medium_customers = 0
vip_high = false
[waiting]
remind_after = "none"
resolve_after = "1d12h"
[compensation]
approval_limit = 0
`))
		if err != nil {
			t.Fatal(err)
		}
		want := DeskConfig{
			Impact:            ImpactRules{HighCustomers: 8, VIPHigh: false},
			Waits:             WaitWindows{Resolve: 36 * time.Hour},
			CompensationLimit: 0,
		}
		if c != want {
			t.Fatalf("got %+v, want %+v", c, want)
		}
	})
}

func TestLoadDeskConfigErrors(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		for _, tc := range []struct{ in, want string }{
			{"[problems]\nhigh_customers = -1\n", `desk config: toml: line 2 (last key "problems.high_customers"): want a whole number from 0 to 1000000000, not -1`},
			{"[problems]\nvip_high = 1\n", `line 2 (last key "problems.vip_high")`},
			{"[waiting]\n\nresolve_after = \"-2d\"\n", `line 3 (last key "waiting.resolve_after"): duration "-2d"`},
			{"[compensation]\napproval_limit = \"200\"\n", `line 2 (last key "compensation.approval_limit"): want a whole number from 0 to 1000000000, not "200"`},
			{"[waiting]\nremind_after = \"3d\"\nresolve_after = \"3d\"\n", "waiting.remind_after (72h0m0s) must be before resolve_after (72h0m0s)"},
			{"[compensation]\nlimit = 3\n", "desk config: compensation.limit: unknown key"},
		} {
			_, err := LoadDeskConfig(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%q: got %v, want one line with %q", tc.in, err, tc.want)
			}
		}
	})
}

// The loaded file governs the store it is opened with.
func TestDeskConfigOptionsApply(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		c, err := LoadDeskConfig(strings.NewReader("[waiting]\nremind_after = \"none\"\nresolve_after = \"1d\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range c.Options() {
			o(s)
		}
		ctx := context.Background()
		tk := working(t, s, "printer jams", domain.Low)
		if _, err := s.StartWait(ctx, "bob", tk.ID, tk.Version, "which tray?"); err != nil {
			t.Fatal(err)
		}
		advance(now, 25*time.Hour)
		if r, d, err := s.SweepWaits(ctx); err != nil || r != 0 || d != 1 {
			t.Fatalf("no reminder, resolve after a day: %d reminded, %d resolved, %v", r, d, err)
		}
	})
}
