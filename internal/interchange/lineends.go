package interchange

import "io"

// lineMode is how a lineEnds reader treats a carriage return.
type lineMode uint8

const (
	undecided lineMode = iota // no line end seen yet
	lfEnds                    // lines end in "\n" or "\r\n": a lone '\r' is data
	crEnds                    // lines end in '\r' too: each one becomes '\n'
)

// lineEnds lets files whose lines end in a lone CR (old Mac exports) read
// like any other: in crEnds mode every "\r" and "\r\n" comes out as "\n".
// In undecided mode, the first line end decides: a lone CR selects crEnds,
// "\n" or "\r\n" selects lfEnds. Until then a CR is already passed on as
// '\n' and a '\n' right after it dropped, which is what encoding/csv makes
// of "\r\n" anyway, so no lookahead is needed.
type lineEnds struct {
	r      io.Reader
	mode   lineMode
	prevCR bool // the last byte was a '\r', passed on as '\n'
}

func (l *lineEnds) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		w := 0
		for _, b := range p[:n] {
			afterCR := l.prevCR
			l.prevCR = false
			switch {
			case b == '\n' && afterCR:
				if l.mode == undecided {
					l.mode = lfEnds
				}
				continue
			case afterCR && l.mode == undecided:
				l.mode = crEnds
			case b == '\n' && l.mode == undecided:
				l.mode = lfEnds
			}
			if b == '\r' && l.mode != lfEnds {
				b, l.prevCR = '\n', true
			}
			p[w] = b
			w++
		}
		// A chunk that was only the '\n' of a "\r\n" is no data: read on.
		if w > 0 || n == 0 || err != nil {
			return w, err
		}
	}
}
