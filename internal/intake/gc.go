package intake

import (
	"runtime/debug"
	"sync"
)

// importGCPercent is the garbage collector's target while imports run
// (GOGC 400 instead of 100). An import makes short-lived garbage fast —
// each row's record, triage and search document — and at 100 the
// collector ran so often that the one writer spent its time in mark
// assists and preemptions (runtime.asyncPreempt was a tenth of the CPU
// profile): the CLI import of 1M rows took 80-88 s, 73-74 s at 400, its
// peak RSS 457 MiB, 580 at 400.
const importGCPercent = 400

// gcRaise is how many imports of this process run, and the target to
// restore when the last one ends.
var gcRaise struct {
	sync.Mutex
	running int
	before  int
}

// raiseGC sets the collector's target to importGCPercent, unless it is
// higher already or off (a GOGC the user chose), until the returned func
// is called; imports running at once restore it when the last ends.
func raiseGC() (restore func()) {
	gcRaise.Lock()
	defer gcRaise.Unlock()
	if gcRaise.running == 0 {
		gcRaise.before = debug.SetGCPercent(importGCPercent)
		if gcRaise.before < 0 || gcRaise.before > importGCPercent {
			debug.SetGCPercent(gcRaise.before)
		}
	}
	gcRaise.running++
	return func() {
		gcRaise.Lock()
		defer gcRaise.Unlock()
		if gcRaise.running--; gcRaise.running == 0 {
			debug.SetGCPercent(gcRaise.before)
		}
	}
}
