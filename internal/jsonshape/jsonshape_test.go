package jsonshape

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		doc, want string
	}{
		{`{"key":"FB-1","priority":"high","sla_clocks":[{"due_at":"x"}]}`, ""},
		{"{\"a\":1}\n{\"b_2\":[1,2]}\n", ""},
		{`{"backlog":{"in_progress":3}}`, ""},
		{`{"Created":1}`, "$.Created is not snake_case"},
		{`{"timeline":[{"Seq":1}]}`, "$.timeline[0].Seq is not snake_case"},
		{`{"sla":[{"priority":0}]}`, "enum $.sla[0].priority is a number"},
		{`{"x":{"dueAt":"y"}}`, "$.x.dueAt is not snake_case"},
		{`{"backlog":{"In Progress":3}}`, "map key $.backlog.In Progress"},
		{`{"a":`, "value 1"},
	} {
		err := Check([]byte(c.doc))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.doc, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want %q", c.doc, err, c.want)
		}
	}
}
