package store

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// contactWeek is the width, in milliseconds of received time, of the
// weeks SQLite's contact-hash indexes lead with (migration 0026, whose
// index expressions spell it out): a batch of new tickets, received close
// together, writes into the few pages of its weeks instead of a page per
// ticket wherever its random hash falls. Division truncates toward zero in
// Go and SQLite alike, so week() here is the index's week there.
const contactWeek = int64(7 * 24 * time.Hour / time.Millisecond)

// week is the contact-index week of a received time in milliseconds.
func week(receivedMS int64) int64 { return receivedMS / contactWeek }

// contactIndex is the index of tickets over the contact-hash column col.
func contactIndex(col string) string { return "tickets_" + strings.TrimPrefix(col, "customer_") }

// customerTickets selects the ids of the tickets whose contact-hash
// column col equals the one argument. On SQLite it walks the weeks that
// hold any such hash (one step of the index each, by the week after the
// last) and probes each for the hash; PostgreSQL's indexes lead with the
// hash.
func (e engine) customerTickets(col string) string {
	if e == enginePostgres {
		return "SELECT id FROM tickets WHERE " + col + " = ?"
	}
	idx, wk := contactIndex(col), fmt.Sprintf("received_at / %d", contactWeek)
	// From before the first week there can be, each step the next week
	// that holds such a hash, until there is none (NULL).
	return fmt.Sprintf(`SELECT t.id FROM (WITH RECURSIVE w(b) AS (SELECT %[1]d
		UNION ALL SELECT (SELECT %[2]s FROM tickets INDEXED BY %[3]s WHERE %[4]s IS NOT NULL AND %[2]s > w.b
			ORDER BY %[2]s LIMIT 1) FROM w WHERE w.b IS NOT NULL) SELECT b FROM w) w
		CROSS JOIN tickets t INDEXED BY %[3]s ON t.%[2]s = w.b AND t.%[4]s = ?`,
		week(math.MinInt64)-1, wk, idx, col)
}

// contactProbes are the contact hashes of one kind a batch of arrivals
// looks up, each with the weeks of received time it is looked for in.
type contactProbes struct {
	hashes []string        // hex, once each: PostgreSQL's probes
	pairs  []string        // "week:hex", once each: SQLite's
	seen   map[string]bool // both
}

// add looks hash up in the weeks of received times from to to (ms).
func (c *contactProbes) add(hash []byte, from, to int64) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	h := hex.EncodeToString(hash)
	if !c.seen[h] {
		c.seen[h] = true
		c.hashes = append(c.hashes, h)
	}
	for w := week(from); w <= week(to); w++ {
		// Text, not a JSON pair: ->> on each pair cost a quarter of the
		// lookup (1.7 s of 6.6 at a million).
		if p := strconv.FormatInt(w, 10) + ":" + h; !c.seen[p] {
			c.seen[p] = true
			c.pairs = append(c.pairs, p)
		}
	}
}

// arg is the JSON array the join of contactJoin reads.
func (c *contactProbes) arg(e engine) []string {
	if e == enginePostgres {
		return c.hashes
	}
	return c.pairs
}

// contactJoin is a FROM clause of the tickets t whose contact-hash column
// col is one of the probes (contactProbes.arg) bound at param. The week
// is made a number by + 0: compared with a CAST, SQLite's planner reads
// the whole index instead (TestContactProbesUseTheIndex).
func (e engine) contactJoin(col, param string) string {
	if e == enginePostgres {
		return fmt.Sprintf("%s JOIN tickets t ON t.%s = %s", e.jsonTable(param, "j"), col, e.unhex("j.value"))
	}
	return fmt.Sprintf(`json_each(%[1]s) j CROSS JOIN tickets t INDEXED BY %[2]s
		ON t.received_at / %[3]d = substr(j.value, 1, instr(j.value, ':') - 1) + 0
		AND t.%[4]s = unhex(substr(j.value, instr(j.value, ':') + 1))`, param, contactIndex(col), contactWeek, col)
}
