package intake

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's target.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// Imports raise the collector's target while any of them runs and put
// back what was there when the last ends; a higher target, or none
// (GOGC=off), is left as the user chose it.
func TestImportsRaiseTheGCTargetWhileTheyRun(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	first := raiseGC()
	second := raiseGC()
	if p := gcPercent(); p != importGCPercent {
		t.Fatalf("two imports running: GOGC %d, want %d", p, importGCPercent)
	}
	first()
	if p := gcPercent(); p != importGCPercent {
		t.Fatalf("one import still running: GOGC %d, want %d", p, importGCPercent)
	}
	second()
	if p := gcPercent(); p != 100 {
		t.Fatalf("no import running: GOGC %d, want the 100 before", p)
	}
	for _, user := range []int{-1, 800} {
		debug.SetGCPercent(user)
		restore := raiseGC()
		if p := gcPercent(); p != user {
			t.Errorf("GOGC %d chosen: %d while an import runs", user, p)
		}
		restore()
		if p := gcPercent(); p != user {
			t.Errorf("GOGC %d chosen: %d after the import", user, p)
		}
	}
}
