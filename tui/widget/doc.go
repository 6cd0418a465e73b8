// Package widget holds the board's leaf widgets: a line editor
// (LineInput), form fields (Field) and the Form that lays them out, a
// Picker, a Prompt and a Confirm. They know nothing of tickets, the store,
// the board model or the message catalogues: the application passes in
// their words, its key bindings (Keys) and its styles (Styles), and reads
// back what was decided as a Result (Done or Cancelled) and values. They
// never reach back into the application.
//
// The line editor is ours rather than bubbles' textinput because
// textinput places its real cursor by rune count, so after a wide (CJK)
// character the terminal cursor sits in the wrong cell
// (https://github.com/charmbracelet/bubbles/issues/906). LineInput
// measures every position in terminal cells, as the rest of the board
// does.
package widget
