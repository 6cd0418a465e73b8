package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONEscapesWhatTerminalsObey(t *testing.T) {
	in := "pay\u009b31m \u202eevil\u200b\x7f 退款"
	b, _ := json.Marshal(map[string]string{"title": in})
	out := JSON(b)
	for _, bad := range []string{"\u009b", "\u202e", "\u200b", "\x7f", "\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("%q passed raw: %s", bad, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(out), &back); err != nil || back["title"] != in {
		t.Fatalf("not the same data after respelling: %v %q", err, back["title"])
	}
}

// A rune above U+FFFF is escaped as a surrogate pair: "\ue0067" would read
// back as U+E006 followed by "7".
func TestJSONEscapesAstralRunesAsSurrogatePairs(t *testing.T) {
	in := "flag \U0001F3F4\U000E0067\U000E0062\U000E007F end"
	b, _ := json.Marshal(in)
	out := JSON(b)
	if !strings.Contains(out, `\udb40\udc67`) {
		t.Errorf("U+E0067 not escaped as a surrogate pair: %s", out)
	}
	var back string
	if err := json.Unmarshal([]byte(out), &back); err != nil || back != in {
		t.Fatalf("JSON(%q) = %s reads back as %q (%v)", in, out, back, err)
	}
}

func FuzzJSON(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	f.Add("\U000E0067\U0010FFFF\U0001F600")
	f.Fuzz(func(t *testing.T, in string) {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		out := JSON(b)
		// Documented sanitised form: encoding/json turns each invalid
		// UTF-8 byte into U+FFFD; everything else comes back exactly.
		var want strings.Builder
		for _, r := range in {
			want.WriteRune(r)
		}
		var back string
		if err := json.Unmarshal([]byte(out), &back); err != nil || back != want.String() {
			t.Fatalf("JSON(%q) = %s reads back as %q (%v), want %q", in, out, back, err, want.String())
		}
		checkSafe(t, in, out, false)
	})
}
