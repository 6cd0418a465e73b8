package store

import (
	"testing"
	"time"
)

// TestNextMergeStep: a merge step that took its time keeps its size, a
// slower one shrinks and a faster one grows in proportion, within
// mergeStep and maxMergeStep; one too fast to time takes the most.
func TestNextMergeStep(t *testing.T) {
	for _, c := range []struct {
		step int
		took time.Duration
		want int
	}{
		{mergeStep, mergeStepTime, mergeStep},
		{1000, mergeStepTime, 1000},
		{1000, 2 * mergeStepTime, 500},
		{1000, mergeStepTime / 2, 2000},
		{mergeStep, 10 * mergeStepTime, mergeStep},
		{maxMergeStep, mergeStepTime / 4, maxMergeStep},
		{mergeStep, time.Nanosecond, maxMergeStep},
		{mergeStep, 0, maxMergeStep},
	} {
		if got := nextMergeStep(c.step, c.took); got != c.want {
			t.Errorf("after %d pages in %v: %d, want %d", c.step, c.took, got, c.want)
		}
	}
}
