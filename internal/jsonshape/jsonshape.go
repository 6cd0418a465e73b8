// Package jsonshape checks that a JSON document follows the project's
// output conventions: snake_case keys and enums written as names, never as
// numbers. Tests of every JSON-emitting command run their output through
// Check, so a new field spelled the Go way fails a test instead of reaching
// a script.
package jsonshape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var snake = regexp.MustCompile(`^[a-z0-9_]+$`)

// enumKeys are the keys whose values are enums wherever they appear.
var enumKeys = []string{"status", "priority", "channel", "category", "tier", "customer_tier",
	"kind", "state", "role", "sentiment", "delivery", "result", "lang"}

// mapKeys are objects keyed by data (a status, a day), not by field names;
// their keys are checked as values of the named enum instead.
var mapKeys = []string{"backlog"}

// Check reports every key of doc (one JSON value, or JSON lines) that is
// not snake_case and every enum-named field holding a number.
func Check(doc []byte) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var problems []string
	for n := 0; dec.More(); n++ {
		var v any
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("value %d: %w", n+1, err)
		}
		walk("$", v, &problems)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func walk(path string, v any, problems *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := path + "." + k
			if !snake.MatchString(k) {
				*problems = append(*problems, "key "+p+" is not snake_case")
			}
			if _, isNum := x.(json.Number); isNum && slices.Contains(enumKeys, k) {
				*problems = append(*problems, "enum "+p+" is a number")
			}
			if m, ok := x.(map[string]any); ok && slices.Contains(mapKeys, k) {
				for mk, mv := range m {
					if !snake.MatchString(mk) {
						*problems = append(*problems, "map key "+p+"."+mk+" is not an enum name")
					}
					walk(p+"."+mk, mv, problems)
				}
				continue
			}
			walk(p, x, problems)
		}
	case []any:
		for i, x := range v {
			walk(fmt.Sprintf("%s[%d]", path, i), x, problems)
		}
	}
}
