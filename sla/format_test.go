package sla

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0m"},
		{59 * time.Second, "0m"},
		{-59 * time.Second, "-0m"},
		{45 * mn, "45m"},
		{-45 * mn, "-45m"},
		{h, "1h"},
		{2*h + 13*mn + 59*time.Second, "2h13m"},
		{-2*h - 13*mn, "-2h13m"},
		{23*h + 59*mn, "23h59m"},
		{-23*h - 59*mn, "-23h"},
		{-9*h - 5*mn, "-9h5m"},
		{day, "1d"},
		{3*day + 4*h + 59*mn, "3d4h"},
		{-3*day - 4*h, "-3d4h"},
		{10*day + 23*h, "10d23h"},
		{-10*day - 23*h, "-10d"},
		{100*day + 5*h, "100d5h"},
		{-100*day - 5*h, "-100d"},
		{999 * day, "999d"},
		{1000 * day, "999d+"},
		{-1000 * day, "-999d+"},
		{math.MaxInt64, "999d+"},
		{math.MinInt64, "-999d+"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFormatDurationWidth(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		d := time.Duration(r.Int64N(int64(2000*24*time.Hour))) - 1000*24*time.Hour
		if s := FormatDuration(d); len(s) > 6 || len(s) == 0 {
			t.Fatalf("FormatDuration(%v) = %q: %d cells", d, s, len(s))
		}
	}
}

func TestClockShort(t *testing.T) {
	tests := []struct {
		c    Clock
		want string
	}{
		{Clock{State: OK, Remaining: 2*h + 13*mn}, "2h13m"},
		{Clock{State: Breached, Remaining: -45 * mn}, "-45m"},
		{Clock{State: Breached}, "-0m"}, // breached at the weekend on a business clock
		{Clock{State: AtRisk}, "0m"},
	}
	for _, tt := range tests {
		if got := tt.c.Short(); got != tt.want {
			t.Errorf("%+v.Short() = %q, want %q", tt.c, got, tt.want)
		}
	}
}
