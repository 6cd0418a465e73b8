// Package sla computes service-level clocks for support tickets: business
// calendars (time zone, working hours, holidays, make-up workdays), the
// per-priority policies that set first-response, update and resolution
// targets, the clocks derived from a ticket's history, and the TOML file an
// admin uses to configure all of it.
//
// Everything here is pure computation. Nothing reads the wall clock: the
// caller passes the current instant in, so results are reproducible and
// testable. The only input parsed is a configuration from an io.Reader.
package sla
