//go:build !unix

package loadtest

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }

// residentBytes is not measured on this platform.
func residentBytes() int64 { return 0 }
