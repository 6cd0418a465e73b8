package store

import (
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"modernc.org/sqlite"
)

// A ticket's index document (SQLite) also carries filter tags since
// migration 0025: exact tokens of its channel, category, team and owner
// (or that it has none). A search combined with those filters is then
// one index query, the query's grams AND the filter's tags, read in board
// order within the column's keys and stopping at the page or the cap, as
// the search alone is, instead of walking the column testing each ticket
// for the text and the filter (a common word with a channel filter read
// tens of thousands of rows at 1M tickets).
//
// A tag is tagPrefix, a letter for its kind, then the value's bytes in
// lower-case hex: at least four characters, so never a gram (one to three
// folded characters, see foldRune), and never another kind's or value's
// tag, whatever the ASCII case (the ascii tokenizer folds it; hex is
// lower-case already). An empty value has no tag: no filter asks for one.

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("search_tags", 4, searchTagsSQL)
}

// tagPrefix begins every filter tag: a private use character, which the
// ascii tokenizer keeps within a token.
const tagPrefix = "\uF8FF"

// Kinds of filter tag.
const (
	tagChannel  = 'c'
	tagCategory = 'g'
	tagTeam     = 't'
	tagOwner    = 'o'
)

// tagUnassigned is the tag of a ticket without an owner (owner IS NULL).
const tagUnassigned = tagPrefix + "unassigned"

// searchTag is the tag of one filter value; "" for an empty one.
func searchTag(kind byte, value string) string {
	if value == "" {
		return ""
	}
	return tagPrefix + string(kind) + hex.EncodeToString([]byte(value))
}

// searchTags is the filter tags of a ticket, separated by spaces: what
// migration 0025's triggers add to its document (search_tags) and what
// intake's batches add in Go (taggedDoc). owner nil is no owner.
func searchTags(channel, category, team string, owner *string) string {
	tags := []string{searchTag(tagChannel, channel), searchTag(tagCategory, category), searchTag(tagTeam, team)}
	if owner == nil {
		tags = append(tags, tagUnassigned)
	} else {
		tags = append(tags, searchTag(tagOwner, *owner))
	}
	var b strings.Builder
	for _, t := range tags {
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// taggedDoc is a ticket's whole index document: its grams (searchDoc),
// then its tags, as the SQL of searchDocSQL joins them.
func taggedDoc(grams, channel, category, team string, owner *string) string {
	return grams + " " + searchTags(channel, category, team, owner)
}

// searchDocSQL is the SQL of a ticket's index document, as the triggers
// make it: on SQLite its grams and its tags (migration 0025), on
// PostgreSQL its grams, whose index has no tags.
func (e engine) searchDocSQL() string {
	const grams = "search_grams(title, body, customer_name, product, order_no)"
	if e == enginePostgres {
		return grams
	}
	return grams + " || ' ' || search_tags(channel, category, team, owner)"
}

// searchTagsSQL is search_tags(channel, category, team, owner). A NULL
// channel, category or team has no tag; a NULL owner is unassigned.
func searchTagsSQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var vals [4]*string
	for i, a := range args {
		switch v := a.(type) {
		case nil:
		case string:
			vals[i] = &v
		case []byte:
			s := string(v)
			vals[i] = &s
		default:
			return nil, fmt.Errorf("search_tags: %T is not text", a)
		}
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return searchTags(deref(vals[0]), deref(vals[1]), deref(vals[2]), vals[3]), nil
}

// filterTags is the tags a ticket's document holds when it passes f's
// filters other than the search and the priority (which the search key
// orders by, see searchKey); ok is false when f has a filter the tags do
// not answer (at risk, escalated, review).
func (f Filter) filterTags() (tags []string, ok bool) {
	rest := f
	rest.Search, rest.Priority = "", nil
	rest.Channel, rest.Category, rest.Team, rest.Owner, rest.Unassigned = "", "", "", "", false
	if rest != (Filter{}) {
		return nil, false
	}
	for _, t := range []string{searchTag(tagChannel, string(f.Channel)), searchTag(tagCategory, string(f.Category)),
		searchTag(tagTeam, f.Team), searchTag(tagOwner, f.Owner)} {
		if t != "" {
			tags = append(tags, t)
		}
	}
	if f.Unassigned {
		tags = append(tags, tagUnassigned)
	}
	return tags, true
}

// byIndex reports whether the board reads f's pages and counts from the
// index in board order (searchPage, searchCount): a search alone, or, on
// SQLite, a search with only filters the tags and keys answer.
func (s *Store) byIndex(f Filter) bool {
	if f.searchOnly() {
		return true
	}
	if s.eng != engineSQLite || strings.TrimSpace(f.Search) == "" {
		return false
	}
	_, ok := f.filterTags()
	return ok
}

// priorityKeys narrows the key range [lo, hi] of column st to priority p
// (nil: any): the keys of a priority are one range within the column's.
// empty reports that nothing is left.
func priorityKeys(st domain.Status, p *domain.Priority, lo, hi int64) (int64, int64, bool, error) {
	if p == nil {
		return lo, hi, lo > hi, nil
	}
	plo, err := searchKey(st, *p, 0)
	if err != nil {
		return 0, 0, false, err
	}
	phi, err := searchKey(st, *p, 1<<keyIDBits-1)
	if err != nil {
		return 0, 0, false, err
	}
	lo, hi = max(lo, plo), min(hi, phi)
	return lo, hi, lo > hi, nil
}
