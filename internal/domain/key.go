package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// keyOffset makes the first ticket FB-1001: short keys like FB-7 read as
// typos over the phone.
const keyOffset = 1000

// Key is the human key of the ticket with the given row id, e.g. "FB-1042".
func Key(id int64) string { return "FB-" + strconv.FormatInt(id+keyOffset, 10) }

// ParseKey turns "FB-1042" (any case, or just "1042") into a row id.
func ParseKey(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "FB-")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= keyOffset {
		return 0, fmt.Errorf("not a ticket key: %q (want e.g. FB-1042)", s)
	}
	return n - keyOffset, nil
}
