package store

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/loopdesk/loopdesk/sla"
)

// DeskConfig is what the admin sets in the desk file: the rules that give
// problems their priority, the windows of waiting on the customer and the
// compensation value above which a supervisor approves.
type DeskConfig struct {
	Impact            ImpactRules
	Waits             WaitWindows
	CompensationLimit int64
}

// DefaultDeskConfig is the desk without a file.
func DefaultDeskConfig() DeskConfig {
	return DeskConfig{Impact: DefaultImpactRules, Waits: DefaultWaitWindows, CompensationLimit: DefaultCompensationLimit}
}

// Options are the Open options that apply c.
func (c DeskConfig) Options() []Option {
	return []Option{WithImpactRules(c.Impact), WithWaitWindows(c.Waits), WithCompensationLimit(c.CompensationLimit)}
}

// LoadDeskConfig reads a desk file (TOML):
//
//	[problems]
//	high_customers = 20     # this many distinct customers make a problem high (0: never by count)
//	medium_customers = 5    # ... medium
//	vip_high = true         # any VIP customer makes it high
//	[waiting]
//	remind_after = "2d"     # remind the customer after; "none" never
//	resolve_after = "7d"    # resolve unanswered after; "none" never
//	[compensation]
//	approval_limit = 200    # above this value a supervisor approves
//
// Keys the file leaves out keep their defaults. A bad value is an error
// naming its line and key; an unknown key is an error naming the key.
func LoadDeskConfig(r io.Reader) (DeskConfig, error) {
	def := DefaultDeskConfig()
	f := deskFile{}
	f.Problems.HighCustomers = wholeField(def.Impact.HighCustomers)
	f.Problems.MediumCustomers = wholeField(def.Impact.MediumCustomers)
	f.Problems.VIPHigh = def.Impact.VIPHigh
	f.Waiting.RemindAfter = windowField(def.Waits.Remind)
	f.Waiting.ResolveAfter = windowField(def.Waits.Resolve)
	f.Compensation.ApprovalLimit = wholeField(def.CompensationLimit)
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		return DeskConfig{}, fmt.Errorf("desk config: %w", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		errs := make([]error, len(keys))
		for i, k := range keys {
			errs[i] = fmt.Errorf("desk config: %s: unknown key (want problems.high_customers, medium_customers, vip_high; waiting.remind_after, resolve_after; compensation.approval_limit)", k)
		}
		return DeskConfig{}, errors.Join(errs...)
	}
	c := DeskConfig{
		Impact: ImpactRules{
			HighCustomers:   int(f.Problems.HighCustomers),
			MediumCustomers: int(f.Problems.MediumCustomers),
			VIPHigh:         f.Problems.VIPHigh,
		},
		Waits:             WaitWindows{Remind: time.Duration(f.Waiting.RemindAfter), Resolve: time.Duration(f.Waiting.ResolveAfter)},
		CompensationLimit: int64(f.Compensation.ApprovalLimit),
	}
	// A reminder due after the ticket was resolved would never be sent.
	if w := c.Waits; w.Remind > 0 && w.Resolve > 0 && w.Remind >= w.Resolve {
		return DeskConfig{}, fmt.Errorf("desk config: waiting.remind_after (%s) must be before resolve_after (%s)", f.Waiting.RemindAfter, f.Waiting.ResolveAfter)
	}
	return c, nil
}

// deskFile mirrors the desk file.
type deskFile struct {
	Problems struct {
		HighCustomers   wholeField `toml:"high_customers"`
		MediumCustomers wholeField `toml:"medium_customers"`
		VIPHigh         bool       `toml:"vip_high"`
	} `toml:"problems"`
	Waiting struct {
		RemindAfter  windowField `toml:"remind_after"`
		ResolveAfter windowField `toml:"resolve_after"`
	} `toml:"waiting"`
	Compensation struct {
		ApprovalLimit wholeField `toml:"approval_limit"`
	} `toml:"compensation"`
}

// wholeField is a count or a value, 0 to MaxCompensationValue. Its
// UnmarshalTOML lets the decoder put the line on its errors.
type wholeField int64

func (w *wholeField) UnmarshalTOML(v any) error {
	n, ok := v.(int64)
	if !ok || n < 0 || n > MaxCompensationValue {
		return fmt.Errorf("want a whole number from 0 to %d, not %s", MaxCompensationValue, tomlValue(v))
	}
	*w = wholeField(n)
	return nil
}

// windowField is a duration such as "2d", "36h" or "1d12h"; "none" is 0.
type windowField time.Duration

func (w *windowField) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf(`want a duration such as "2d", "36h" or "none", not %s`, tomlValue(v))
	}
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		*w = 0
		return nil
	}
	d, err := sla.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf(`%w (want such as "2d", "36h" or "none")`, err)
	}
	*w = windowField(d)
	return nil
}

func (w windowField) String() string {
	if w == 0 {
		return "none"
	}
	return time.Duration(w).String()
}

// tomlValue names a decoded TOML value for an error.
func tomlValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case int64, float64, bool:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("a %T", v)
}
