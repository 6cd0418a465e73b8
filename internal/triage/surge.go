package triage

// Surge reports whether negative feedback is arriving abnormally fast: the
// count in the last hour is above multiple × the usual hourly rate and is at
// least minCount. The floor keeps quiet desks quiet: 2 complaints against a
// baseline of 0.1 an hour is twenty times the rate but not an emergency.
// A negative or NaN baseline counts as 0 and a minCount below 1 as 1, so
// zero negative feedback is never a surge.
func Surge(lastHourNegative int, baselinePerHour float64, multiple float64, minCount int) bool {
	if !(baselinePerHour > 0) {
		baselinePerHour = 0
	}
	return lastHourNegative >= max(minCount, 1) &&
		float64(lastHourNegative) > multiple*baselinePerHour
}
