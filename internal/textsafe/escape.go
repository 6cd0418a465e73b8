package textsafe

import (
	"iter"
	"unicode/utf8"
)

// Control characters with a role in escape sequences. The C1 forms are the
// single-character equivalents of ESC followed by 0x40–0x5F; terminals in
// UTF-8 mode act on them as runes (U+009B is CSI, U+0090 is DCS, …).
const (
	bel = 0x07
	can = 0x18
	sub = 0x1a
	esc = 0x1b

	c1DCS = 0x90
	c1SOS = 0x98
	c1CSI = 0x9b
	c1ST  = 0x9c
	c1OSC = 0x9d
	c1PM  = 0x9e
	c1APC = 0x9f
)

// escState is where a simplified ECMA-48 parser is within an escape sequence.
type escState uint8

const (
	ground     escState = iota // plain text
	escape                     // after ESC
	escInter                   // after ESC and intermediate bytes, before the final byte
	csi                        // control sequence: parameters and intermediates before the final byte
	ctrlString                 // DCS, SOS, PM or APC payload, ended by ST
	oscString                  // OSC payload, ended by ST or BEL
)

// textRunes yields the runes of s outside escape sequences. Invalid UTF-8
// comes out as one U+FFFD per run of bad bytes. Control characters that are
// not part of a sequence (\n, \b, DEL, lone C1 …) are yielded for the caller
// to classify. An unterminated string sequence (DCS, OSC, …) swallows the rest
// of s, as it would in a terminal.
func textRunes(s string) iter.Seq[rune] {
	return func(yield func(rune) bool) {
		state := ground
		inBadRun := false
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			bad := r == utf8.RuneError && size == 1
			if bad && inBadRun {
				continue
			}
			inBadRun = bad
			if state.step(r) && !yield(r) {
				return
			}
		}
	}
}

// step advances the parser by r and reports whether r is text. A rune that
// cannot continue the current sequence abandons it (the part seen so far is
// dropped) and is read again as text; such a broken sequence cannot do
// anything once its introducer is gone.
func (st *escState) step(r rune) bool {
	switch *st {
	case ground:
		switch {
		case r == esc:
			*st = escape
		case r >= 0x80 && r <= 0x9f:
			*st = c1State(r)
		default:
			return true
		}
	case escape:
		switch {
		case r == '[':
			*st = csi
		case r == ']':
			*st = oscString
		case r == 'P', r == 'X', r == '^', r == '_':
			*st = ctrlString
		case r >= 0x20 && r <= 0x2f:
			*st = escInter
		case r >= 0x30 && r <= 0x7e:
			*st = ground
		case r == esc:
			// A lone ESC: drop it, this one starts afresh.
		default:
			*st = ground
			return st.step(r)
		}
	case escInter:
		switch {
		case r >= 0x20 && r <= 0x2f:
		case r >= 0x30 && r <= 0x7e:
			*st = ground
		default:
			*st = ground
			return st.step(r)
		}
	case csi:
		switch {
		case r >= 0x20 && r <= 0x3f:
		case r >= 0x40 && r <= 0x7e:
			*st = ground
		default:
			*st = ground
			return st.step(r)
		}
	case ctrlString, oscString:
		switch {
		case r == esc:
			// ESC \ is ST; any other escape sequence also ends the string.
			*st = escape
		case r == c1ST, r == can, r == sub, r == bel && *st == oscString:
			*st = ground
		}
	}
	return false
}

// c1State is the state a C1 control puts the parser in: the introducers open
// a sequence, every other C1 control is a complete (dropped) sequence.
func c1State(r rune) escState {
	switch r {
	case c1CSI:
		return csi
	case c1OSC:
		return oscString
	case c1DCS, c1SOS, c1PM, c1APC:
		return ctrlString
	}
	return ground
}
