package triage

// automaton is an Aho–Corasick matcher over the bytes of normalised text.
// Every keyword of a rule set lives in one automaton, so a text is scanned
// once no matter how many keywords there are. Keywords are valid UTF-8 and so
// is normalised text, so byte matches always start and end on rune
// boundaries.
type automaton struct {
	root  [256]int32 // transitions out of the root; 0 means stay at the root
	first []int32    // edges of state s are edges[first[s]:first[s+1]]
	edges []edge
	fail  []int32
	term  []int32 // index of the pattern ending in this state, or -1
	dict  []int32 // nearest terminal state on the fail chain, 0 if none
}

type edge struct {
	b  byte
	to int32
}

// newAutomaton builds the automaton for patterns, which must be non-empty
// and distinct; a match reports the index of its pattern.
func newAutomaton(patterns []string) *automaton {
	// Build the trie with per-state edge lists, then flatten them.
	children := [][]edge{nil}
	term := []int32{-1}
	for i, p := range patterns {
		s := int32(0)
		for j := 0; j < len(p); j++ {
			next := int32(-1)
			for _, e := range children[s] {
				if e.b == p[j] {
					next = e.to
					break
				}
			}
			if next < 0 {
				next = int32(len(children))
				children = append(children, nil)
				term = append(term, -1)
				children[s] = append(children[s], edge{p[j], next})
			}
			s = next
		}
		term[s] = int32(i)
	}

	n := len(children)
	a := &automaton{
		first: make([]int32, n+1),
		fail:  make([]int32, n),
		term:  term,
		dict:  make([]int32, n),
	}
	for s, es := range children {
		a.first[s] = int32(len(a.edges))
		a.edges = append(a.edges, es...)
	}
	a.first[n] = int32(len(a.edges))
	for _, e := range children[0] {
		a.root[e.b] = e.to
	}

	// Breadth-first, so a state's fail target is final before its children.
	queue := make([]int32, 0, n)
	for _, e := range children[0] {
		queue = append(queue, e.to)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range children[s] {
			f := a.next(a.fail[s], e.b)
			a.fail[e.to] = f
			if a.term[f] >= 0 {
				a.dict[e.to] = f
			} else {
				a.dict[e.to] = a.dict[f]
			}
			queue = append(queue, e.to)
		}
	}
	return a
}

// next is the goto function with fail links folded in.
func (a *automaton) next(s int32, b byte) int32 {
	for s != 0 {
		for _, e := range a.edges[a.first[s]:a.first[s+1]] {
			if e.b == b {
				return e.to
			}
		}
		s = a.fail[s]
	}
	return a.root[b]
}

// scan calls emit for every occurrence of every pattern in text, in order
// of end offset; end is exclusive.
func (a *automaton) scan(text string, emit func(pattern int32, end int)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = a.next(s, text[i])
		for t := s; t != 0; t = a.dict[t] {
			if p := a.term[t]; p >= 0 {
				emit(p, i+1)
			}
		}
	}
}
