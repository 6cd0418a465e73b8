// Package widget holds the board's leaf widgets: inputs that know nothing of
// tickets, the store or the board model. The application passes in what
// they read (key bindings); they never reach back into it.
package widget
