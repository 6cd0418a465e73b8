package triage

import (
	"math"
	"testing"
)

func TestSurge(t *testing.T) {
	tests := []struct {
		name     string
		count    int
		baseline float64
		multiple float64
		minCount int
		want     bool
	}{
		{"quiet desk, tiny count", 2, 0.1, 3, 10, false},
		{"quiet desk, real burst", 12, 0.1, 3, 10, true},
		{"normal day", 20, 15, 3, 10, false},
		{"three times baseline", 46, 15, 3, 10, true},
		{"exactly the multiple is not above it", 45, 15, 3, 10, false},
		{"exactly minCount", 10, 1, 3, 10, true},
		{"one short of minCount", 9, 1, 3, 10, false},
		{"no baseline yet", 10, 0, 3, 10, true},
		{"negative baseline counts as zero", 10, -5, 3, 10, true},
		{"NaN baseline counts as zero", 10, math.NaN(), 3, 10, true},
		{"NaN multiple never fires", 100, 1, math.NaN(), 10, false},
		{"zero negatives never surge", 0, 0, 3, 0, false},
		{"minCount below one means one", 1, 0, 3, -4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Surge(tt.count, tt.baseline, tt.multiple, tt.minCount); got != tt.want {
				t.Errorf("Surge(%d, %v, %v, %d) = %v, want %v", tt.count, tt.baseline, tt.multiple, tt.minCount, got, tt.want)
			}
		})
	}
}
