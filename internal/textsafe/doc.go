// Package textsafe makes untrusted customer text safe to show in a terminal
// and measures it the way the TUI lays it out.
//
// Ticket titles, bodies, customer names and notes are stored raw. Anything
// that displays them — the TUI, CLI output, logs — passes them through [Line]
// (single-line fields) or [Block] (multi-line text) first. Both remove every
// escape sequence, in its 7-bit (ESC …) and C1 (U+0080–U+009F) forms, drop
// the remaining control characters and all Unicode format characters
// (category Cf: zero-width spaces and joiners, bidi embeddings, overrides
// and isolates, the BOM, soft hyphens, tag characters), and replace invalid
// UTF-8 with U+FFFD. The result contains no byte a terminal acts on except
// '\n' from Block, so it cannot move the cursor, overwrite cells, change
// colours, set the clipboard, open hyperlinks or reorder text on screen.
//
// Dropping U+200D (zero-width joiner) splits joined emoji such as a family
// into their parts. That is deliberate: many terminals draw such sequences
// part by part anyway, and the parts have a width everyone agrees on.
//
// Widths are terminal cells as lipgloss v2 counts them ([ansi.StringWidth],
// grapheme clusters measured by displaywidth): East Asian wide characters
// and emoji take two cells. [Truncate], [PadRight] and [Wrap] cut between
// grapheme clusters, never by bytes or runes, and expect sanitised input.
package textsafe
