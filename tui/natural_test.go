package tui

import (
	"slices"
	"testing"
)

func TestNaturalCompare(t *testing.T) {
	got := []string{"agent10", "Agent2", "agent1", "bob", "agent02b", "agent2a", "王芳", "agent"}
	slices.SortFunc(got, naturalCompare)
	want := []string{"agent", "agent1", "Agent2", "agent2a", "agent02b", "agent10", "bob", "王芳"}
	if !slices.Equal(got, want) {
		t.Errorf("natural order %v, want %v", got, want)
	}
}
