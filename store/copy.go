package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/privfile"
)

// CopyReport is what CopyDesk copied and verified.
type CopyReport struct {
	From          string        `json:"from"`
	To            string        `json:"to"`
	SchemaVersion int           `json:"schema_version"`
	Tables        []CopiedTable `json:"tables"`
	Rows          int64         `json:"rows"`
	Seconds       float64       `json:"seconds"`
	RowsPerSecond float64       `json:"rows_per_second"`
}

// CopiedTable is one table of a copy: its rows in the source, the rows
// the target holds after the copy committed, and whether the two agree
// in count and in the sums of every integer column (ids, versions,
// sequence numbers, times, counts) and of the lengths of every text and
// blob column.
type CopiedTable struct {
	Table    string `json:"table"`
	Rows     int64  `json:"rows"`
	Copied   int64  `json:"copied"`
	Verified bool   `json:"verified"`
}

// ErrTargetNotEmpty is CopyDesk refusing a target that already holds a desk.
var ErrTargetNotEmpty = errors.New("the target is not empty")

// CopyOptions tune CopyDesk.
type CopyOptions struct {
	// Progress, if set, is told each table once it is written.
	Progress func(table string, rows int64)
}

// copyParams bounds the parameters of one multi-row INSERT, under
// SQLite's limit (32766) and PostgreSQL's (65535).
const copyParams = 32000

// copyBatchRows is the most rows one INSERT of a copy carries.
const copyBatchRows = 500

// CopyDesk copies the desk at from (a SQLite file or a PostgreSQL URL)
// into the new, empty desk at to, either engine to either: every table
// the catalog lists (but notCopied), ids kept, in one transaction on the
// target, so a copy that fails leaves nothing half-written. The source is
// read in one snapshot and may stay in use. The desk secret is copied to
// the target's SecretPath first: customer hashes are keyed by it. After
// the commit every table's count and column sums are compared with the
// source's snapshot; a difference is an error.
func CopyDesk(ctx context.Context, from, to string, o CopyOptions) (rep CopyReport, err error) {
	start := time.Now()
	rep = CopyReport{From: Redact(from), To: Redact(to)}
	if from == to {
		return rep, errors.New("copy: source and target are the same desk")
	}
	if !IsPostgres(from) {
		if _, err := os.Stat(from); err != nil {
			return rep, fmt.Errorf("copy: no desk at %s: %w", from, err)
		}
	}
	newFile := false
	if !IsPostgres(to) {
		_, err := os.Stat(to)
		newFile = errors.Is(err, fs.ErrNotExist)
	}
	src, err := Open(ctx, from)
	if err != nil {
		return rep, err
	}
	defer src.Close()
	secretMade, err := copySecret(SecretPath(from), SecretPath(to))
	if err != nil {
		return rep, err
	}
	dst, err := Open(ctx, to, func(s *Store) { s.noRecount = true })
	if err != nil {
		return rep, err
	}
	defer func() {
		cerr := dst.Close()
		if err == nil {
			err = cerr
			return
		}
		if newFile { // a new file the copy failed to fill goes again
			for _, p := range []string{to, to + "-wal", to + "-shm"} {
				os.Remove(p)
			}
			if secretMade {
				os.Remove(SecretPath(to))
			}
		}
	}()
	sv, err := src.SchemaVersion(ctx)
	if err != nil {
		return rep, err
	}
	dv, err := dst.SchemaVersion(ctx)
	if err != nil {
		return rep, err
	}
	if sv != dv {
		return rep, fmt.Errorf("copy: schema versions differ: %s is at %d, %s at %d", rep.From, sv, rep.To, dv)
	}
	rep.SchemaVersion = sv

	// One snapshot of the source for the copy and its verification.
	stx, err := src.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return rep, err
	}
	defer stx.Rollback() //nolint:errcheck // read-only
	tables, err := src.catalog(ctx, stx)
	if err != nil {
		return rep, err
	}
	counts := map[string]int64{}
	err = dst.write(ctx, func(tx *wtx) error {
		return copyTables(ctx, src, stx, dst, tx.Tx, tables, counts, o)
	})
	if err != nil {
		return rep, err
	}
	var bad []string
	for _, t := range tables {
		want, err := src.tableSums(ctx, stx, t)
		if err != nil {
			return rep, err
		}
		got, err := dst.tableSums(ctx, dst.r, t)
		if err != nil {
			return rep, err
		}
		ok := slices.Equal(want, got)
		if !ok {
			bad = append(bad, t.name)
		}
		rep.Tables = append(rep.Tables, CopiedTable{Table: t.name, Rows: counts[t.name], Copied: got[0], Verified: ok})
		rep.Rows += got[0]
	}
	rep.Seconds = time.Since(start).Seconds()
	if rep.Seconds > 0 {
		rep.RowsPerSecond = float64(rep.Rows) / rep.Seconds
	}
	if len(bad) > 0 {
		return rep, fmt.Errorf("copy: %s differ from the source after the copy: %s", Redact(to), strings.Join(bad, ", "))
	}
	return rep, nil
}

// copySecret puts the desk secret at from beside the target, 0600; made
// is false when the target already had this secret. A target holding
// another secret is refused: it belongs to another desk.
func copySecret(from, to string) (made bool, err error) {
	data, err := os.ReadFile(from)
	if err != nil {
		return false, fmt.Errorf("copy: desk secret: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return false, fmt.Errorf("copy: desk secret: %w", err)
	}
	_, statErr := os.Stat(to)
	got, err := privfile.CreateOnce(to, data)
	if err != nil {
		return false, fmt.Errorf("copy: desk secret: %w", err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(data)) {
		return false, fmt.Errorf("copy: %w: %s already holds another desk's secret (remove that file only if its desk is gone)", ErrTargetNotEmpty, to)
	}
	return errors.Is(statErr, fs.ErrNotExist), nil
}

// copyTables writes every table of the source snapshot into the target's
// transaction, after checking the target is a new desk with the same
// tables and columns.
func copyTables(ctx context.Context, src *Store, stx *sql.Tx, dst *Store, tx *sql.Tx, tables []copyTable, counts map[string]int64, o CopyOptions) error {
	var n [3]int64
	for i, t := range []string{"tickets", "agents", "events"} {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n[i]); err != nil {
			return err
		}
	}
	if n != [3]int64{} {
		return fmt.Errorf("copy: %w: %s holds %d tickets, %d agents and %d events; copy into a new database (or a new schema: ?search_path=…)",
			ErrTargetNotEmpty, Redact(dst.path), n[0], n[1], n[2])
	}
	targets, err := dst.catalog(ctx, tx)
	if err != nil {
		return err
	}
	if err := sameTables(tables, targets); err != nil {
		return err
	}
	byName := map[string]copyTable{}
	for _, t := range targets {
		byName[t.name] = t
	}
	// A new desk's seeded rows (teams, templates, column counts) make way
	// for the source's.
	for i := len(targets) - 1; i >= 0; i-- {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+quoteName(targets[i].name)); err != nil {
			return fmt.Errorf("copy: clear %s: %w", targets[i].name, err)
		}
	}
	// The search index is built once the tickets are in, in one
	// statement in key order, not a document a row by the trigger (FTS5
	// would flush a segment for every multi-row INSERT).
	if _, err := tx.ExecContext(ctx, "INSERT INTO search_batch (id) VALUES (1)"); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	for _, t := range tables {
		n, err := copyRows(ctx, stx, tx, t, byName[t.name])
		if err != nil {
			return fmt.Errorf("copy: table %s: %w", t.name, err)
		}
		if err := dst.moveSequence(ctx, src, stx, tx, t, byName[t.name]); err != nil {
			return fmt.Errorf("copy: table %s: sequence: %w", t.name, err)
		}
		counts[t.name] = n
		if o.Progress != nil {
			o.Progress(t.name, n)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_search (rowid, grams)
		SELECT search_key(status, priority, id), `+dst.eng.searchDocSQL()+`
		FROM tickets ORDER BY 1`); err != nil {
		return fmt.Errorf("copy: search index: %w", err)
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM search_batch")
	return err
}

// sameTables refuses a target whose tables or columns are not the source's.
func sameTables(src, dst []copyTable) error {
	cols := map[string]string{}
	for _, t := range dst {
		cols[t.name] = strings.Join(slices.Sorted(slices.Values(t.cols)), ",")
	}
	for _, t := range src {
		c, ok := cols[t.name]
		if !ok {
			return fmt.Errorf("copy: table %s is not in the target", t.name)
		}
		if s := strings.Join(slices.Sorted(slices.Values(t.cols)), ","); s != c {
			return fmt.Errorf("copy: table %s has columns (%s) in the source, (%s) in the target", t.name, s, c)
		}
		delete(cols, t.name)
	}
	for name := range cols {
		return fmt.Errorf("copy: table %s is in the target only", name)
	}
	return nil
}

// quoteName quotes an identifier for either engine.
func quoteName(n string) string { return `"` + strings.ReplaceAll(n, `"`, `""`) + `"` }

func quoteNames(ns []string) string {
	q := make([]string, len(ns))
	for i, n := range ns {
		q[i] = quoteName(n)
	}
	return strings.Join(q, ", ")
}

// copyRows copies one table in key order, copyBatchRows rows an INSERT.
// A column referencing the table's own rows (a ticket merged into a later
// one) is written NULL and set once every row is in.
func copyRows(ctx context.Context, stx, tx *sql.Tx, t, target copyTable) (int64, error) {
	order := ""
	if len(t.pk) > 0 {
		order = " ORDER BY " + quoteNames(t.pk)
	}
	rows, err := stx.QueryContext(ctx, "SELECT "+quoteNames(t.cols)+" FROM "+quoteName(t.name)+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	kinds := make([]colKind, len(t.cols))
	self := map[int]bool{}
	pkAt := -1
	for i, c := range t.cols {
		kinds[i] = t.kinds[i]
		for j, tc := range target.cols {
			if tc == c {
				kinds[i] = target.kinds[j]
			}
		}
		for _, r := range t.selfRefs {
			self[i] = self[i] || r == c
		}
		if len(t.pk) == 1 && t.pk[0] == c {
			pkAt = i
		}
	}
	per := max(1, min(copyBatchRows, copyParams/len(t.cols)))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	head := "INSERT INTO " + quoteName(t.name) + " (" + quoteNames(t.cols) + ") VALUES "
	full := head + strings.TrimSuffix(strings.Repeat(one+", ", per), ", ")
	type later struct {
		col      string
		key, val any
	}
	var fix []later
	args := make([]any, 0, per*len(t.cols))
	var n int64
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		q := full
		if len(args) < cap(args) {
			q = head + strings.TrimSuffix(strings.Repeat(one+", ", len(args)/len(t.cols)), ", ")
		}
		_, err := tx.ExecContext(ctx, q, args...)
		args = args[:0]
		return err
	}
	for rows.Next() {
		vals := make([]any, len(t.cols))
		ptrs := make([]any, len(t.cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			vals[i] = carry(v, kinds[i])
			if self[i] && vals[i] != nil {
				fix = append(fix, later{t.cols[i], vals[pkAt], vals[i]})
				vals[i] = nil
			}
		}
		args = append(args, vals...)
		n++
		if len(args) == cap(args) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if err := flush(); err != nil {
		return n, err
	}
	for _, f := range fix {
		if _, err := tx.ExecContext(ctx, "UPDATE "+quoteName(t.name)+" SET "+quoteName(f.col)+" = ? WHERE "+quoteName(t.pk[0])+" = ?", f.val, f.key); err != nil {
			return n, err
		}
	}
	return n, nil
}

// carry converts a value read from one engine to what the target
// column's kind takes: text read as bytes is text, and the reverse.
func carry(v any, k colKind) any {
	switch x := v.(type) {
	case []byte:
		if k == kindText {
			return string(x)
		}
	case string:
		if k == kindBlob {
			return []byte(x)
		}
	case bool: // flags are kept as 0 and 1
		if x {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// moveSequence moves the target's sequence of t's numbered column past
// every copied id and past the source's own high-water mark (ids of rows
// deleted at the end are not handed out again): setval on PostgreSQL,
// sqlite_sequence for an AUTOINCREMENT table on SQLite.
func (s *Store) moveSequence(ctx context.Context, src *Store, stx, tx *sql.Tx, t, target copyTable) error {
	if target.identity == "" {
		return nil
	}
	var high int64
	col, table := quoteName(target.identity), quoteName(t.name)
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max("+col+"), 0) FROM "+table).Scan(&high); err != nil {
		return err
	}
	if t.identity != "" {
		mark, err := src.sequenceMark(ctx, stx, t)
		if err != nil {
			return err
		}
		high = max(high, mark)
	}
	if s.eng == enginePostgres {
		// setval's least value is 1: an empty table's sequence starts there.
		_, err := tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence(?1, ?2), greatest(?3::bigint, 1), ?3::bigint > 0)", t.name, target.identity, high)
		return err
	}
	res, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", high, t.name)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 || high == 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", t.name, high)
	return err
}

// sequenceMark is the last id t's sequence handed out.
func (s *Store) sequenceMark(ctx context.Context, q querier, t copyTable) (int64, error) {
	var mark int64
	if s.eng == engineSQLite {
		err := q.QueryRowContext(ctx, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)", t.name).Scan(&mark)
		return mark, err
	}
	var seq sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT pg_get_serial_sequence(?, ?)", t.name, t.identity).Scan(&seq); err != nil || !seq.Valid {
		return 0, err
	}
	err := q.QueryRowContext(ctx, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "+seq.String).Scan(&mark)
	return mark, err
}

// sumModulus keeps each summed integer small enough that a table's sum
// stays within int64 on SQLite, whose sum() stops at an overflow.
const sumModulus = 1000000007

// tableSums is t's row count, then for each column the sum of its
// integers (modulo sumModulus) or of its texts' and blobs' lengths, or the
// count of its non-NULL reals (float sums depend on the order added).
func (s *Store) tableSums(ctx context.Context, q querier, t copyTable) ([]int64, error) {
	exprs := []string{"count(*)"}
	for i, c := range t.cols {
		var e string
		switch t.kinds[i] {
		case kindInteger:
			e = fmt.Sprintf("coalesce(sum(%s %% %d), 0)", quoteName(c), sumModulus)
		case kindText, kindBlob:
			e = "coalesce(sum(length(" + quoteName(c) + ")), 0)"
		default:
			e = "count(" + quoteName(c) + ")"
		}
		if s.eng == enginePostgres {
			e = "(" + e + ")::bigint"
		}
		exprs = append(exprs, e)
	}
	sums := make([]int64, len(exprs))
	ptrs := make([]any, len(exprs))
	for i := range sums {
		ptrs[i] = &sums[i]
	}
	if err := q.QueryRowContext(ctx, "SELECT "+strings.Join(exprs, ", ")+" FROM "+quoteName(t.name)).Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("verify %s: %w", t.name, err)
	}
	return sums, nil
}
