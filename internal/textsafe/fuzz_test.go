package textsafe

import (
	"strings"
	"testing"
)

func FuzzLine(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Line(in)
		checkSafe(t, in, out, false)
		if strings.Contains(out, "\n") || strings.Contains(out, "  ") ||
			strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") {
			t.Fatalf("Line(%q) = %q: stray whitespace", in, out)
		}
		if again := Line(out); again != out {
			t.Fatalf("Line not idempotent: %q → %q → %q", in, out, again)
		}
	})
}

func FuzzBlock(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Block(in)
		checkSafe(t, in, out, true)
		if strings.Contains(out, "\n\n\n\n") || strings.Contains(out, " \n") ||
			strings.HasPrefix(out, "\n") || strings.HasSuffix(out, "\n") || strings.HasSuffix(out, " ") {
			t.Fatalf("Block(%q) = %q: stray whitespace", in, out)
		}
		if again := Block(out); again != out {
			t.Fatalf("Block not idempotent: %q → %q → %q", in, out, again)
		}
	})
}

func FuzzTruncate(f *testing.F) {
	for i, s := range nasty {
		f.Add(s, i%12)
	}
	f.Fuzz(func(t *testing.T, in string, cells int) {
		cells %= 100
		_ = Truncate(in, cells) // unsanitised input must not panic either
		line := Line(in)
		sum := 0
		for _, w := range graphemes(line) {
			sum += w
		}
		if sum != Width(line) {
			t.Fatalf("%q: graphemes add up to %d cells, Width says %d", line, sum, Width(line))
		}
		out := Truncate(line, cells)
		checkSafe(t, in, out, false)
		if w := Width(out); w > max(cells, 0) {
			t.Fatalf("Truncate(%q, %d) = %q, %d cells", line, cells, out, w)
		}
		switch {
		case cells < 1:
			if out != "" {
				t.Fatalf("Truncate(%q, %d) = %q, want empty", line, cells, out)
			}
		case Width(line) <= cells:
			if out != line {
				t.Fatalf("Truncate(%q, %d) = %q, want it unchanged", line, cells, out)
			}
		case !strings.HasSuffix(out, ellipsis) || !strings.HasPrefix(line, strings.TrimSuffix(out, ellipsis)):
			t.Fatalf("Truncate(%q, %d) = %q, want a prefix and %q", line, cells, out, ellipsis)
		}
		if w := Width(PadRight(line, cells)); w != max(cells, 0) {
			t.Fatalf("PadRight(%q, %d) is %d cells wide", line, cells, w)
		}
	})
}

func FuzzWrap(f *testing.F) {
	for i, s := range nasty {
		f.Add(s, i%12)
	}
	f.Fuzz(func(t *testing.T, in string, cells int) {
		cells = 1 + (cells%80+80)%80
		text := Block(in)
		lines := Wrap(text, cells)
		for _, l := range lines {
			if strings.Contains(l, "\n") {
				t.Fatalf("Wrap(%q, %d): line %q holds a line break", text, cells, l)
			}
			if Width(l) > cells && firstGrapheme(l) != l {
				t.Fatalf("Wrap(%q, %d): line %q is %d cells", text, cells, l, Width(l))
			}
		}
		// Wrapping only ever removes spaces.
		squeeze := strings.NewReplacer(" ", "", "\n", "")
		if got, want := squeeze.Replace(strings.Join(lines, "")), squeeze.Replace(text); got != want {
			t.Fatalf("Wrap(%q, %d) = %q: text changed", text, cells, lines)
		}
	})
}

// firstGrapheme returns the first grapheme cluster of s.
func firstGrapheme(s string) string {
	for g := range graphemes(s) {
		return g
	}
	return ""
}
