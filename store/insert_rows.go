package store

import (
	"context"
	"strings"
)

// insertRows gathers the rows of one table to write them with multi-row
// INSERT statements: a statement per row spent most of its cost in the
// statement rather than the row (the driver binding it, SQLite opening a
// statement journal and copying the pages it touches into it).
type insertRows struct {
	*multiInsert
	args []any
}

// multiInsert is the statements that insert rows of a table: one for
// each of insertChunks rows.
type multiInsert struct {
	width   int // values per row
	queries []string
}

// insertChunks are the sizes of the statements flush runs, largest first:
// a few fixed texts, so the writer's statement cache keeps each prepared.
var insertChunks = []int{64, 8, 1}

// newMultiInsert is the statements that insert rows of cols, "a, b, c",
// into table.
func newMultiInsert(table, cols string) *multiInsert {
	width := strings.Count(cols, ",") + 1
	head := "INSERT INTO " + table + " (" + cols + ")"
	m := &multiInsert{width: width}
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	for _, k := range insertChunks {
		m.queries = append(m.queries, head+" VALUES "+strings.TrimSuffix(strings.Repeat(tuple+", ", k), ", "))
	}
	return m
}

// rowsFor gathers rows of m's table with room for n of them made at once:
// growing by appends, the values of a batch of 2000 tickets were copied
// over and over, 3 s of an import writer's 96 s of CPU at a million rows.
func rowsFor(m *multiInsert, n int) insertRows {
	return insertRows{multiInsert: m, args: make([]any, 0, n*m.width)}
}

// add appends a row's values, as many as the width.
func (r *insertRows) add(values ...any) { r.args = append(r.args, values...) }

// insertOne inserts one row of m's table in tx.
func insertOne(ctx context.Context, tx *wtx, m *multiInsert, values ...any) error {
	r := insertRows{multiInsert: m, args: values}
	return r.flush(ctx, tx)
}

// flush writes the rows gathered, in the order added.
func (r *insertRows) flush(ctx context.Context, tx *wtx) error {
	args := r.args
	for i, k := range insertChunks {
		for n := k * r.width; len(args) >= n; args = args[n:] {
			if _, err := tx.ExecContext(ctx, r.queries[i], args[:n]...); err != nil {
				return err
			}
		}
	}
	clear(r.args)
	r.args = r.args[:0]
	return nil
}
