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

func TestUnitsFormatHours(t *testing.T) {
	zh := Units{Day: "天", Hour: "小时", Minute: "分"}
	const day = 24 * time.Hour
	for _, tt := range []struct {
		u    Units
		d    time.Duration
		want string
	}{
		{Short, 45 * mn, "45m"},
		{Short, 37*h + 13*mn, "37h13m"},
		{Short, 137*h + 13*mn, "137h"},
		{Short, 5 * day, "120h"},
		{Short, 20000 * h, "9999h+"},
		{zh, 13*h + 55*mn, "13小时55分"},
		{zh, 45 * mn, "45分"},
		{zh, 37 * h, "37小时"},
	} {
		if got := tt.u.FormatHours(tt.d); got != tt.want {
			t.Errorf("FormatHours(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	if got := zh.Format(3*day + 4*h + 5*mn); got != "3天4小时" {
		t.Errorf("zh Format = %q", got)
	}
	if got := zh.Format(13*h + 55*mn); got != "13小时55分" {
		t.Errorf("zh Format = %q", got)
	}
}
