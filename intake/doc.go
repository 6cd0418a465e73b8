// Package intake brings feedback in from outside: it turns interchange
// records (CSV, JSON Lines) into tickets in batches, reporting every bad row
// with its line number and reason without stopping the others, and
// exports tickets back to the interchange format.
package intake
