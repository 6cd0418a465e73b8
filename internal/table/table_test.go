package table

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"
)

// TestChineseNamesAlign: the columns after a Chinese display name line up
// in terminal cells.
func TestChineseNamesAlign(t *testing.T) {
	var b bytes.Buffer
	w := New(&b)
	fmt.Fprint(w, "NAME\tDISPLAY\tROLE\n", "wang.fang\t王芳\tagent\n", "carol\tCarol Chen\tsupervisor\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "NAME       DISPLAY     ROLE\n" +
		"wang.fang  王芳        agent\n" +
		"carol      Carol Chen  supervisor\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestSameAsTabwriterForASCII: on text where runes are cells, the layout
// is text/tabwriter's, blocks of columns included.
func TestSameAsTabwriterForASCII(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"", "a", "bb", "ccc", "dddddd", "eeeeeeeeee"}
	for n := range 2000 {
		var in strings.Builder
		for range r.IntN(8) {
			for range r.IntN(5) {
				in.WriteString(words[r.IntN(len(words))] + "\t")
			}
			in.WriteString(words[r.IntN(len(words))])
			in.WriteString("\n")
		}
		if r.IntN(3) == 0 {
			in.WriteString("tail\tcell")
		}
		right := n%2 == 1
		var flags uint
		var got, want bytes.Buffer
		w := New(&got)
		if right {
			w.AlignRight()
			flags = tabwriter.AlignRight
		}
		tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', flags)
		fmt.Fprint(w, in.String())
		fmt.Fprint(tw, in.String())
		if err := errors.Join(w.Flush(), tw.Flush()); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("input %q (right %v):\ngot  %q\nwant %q", in.String(), right, got.String(), want.String())
		}
	}
}
