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
