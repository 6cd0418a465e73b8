package intake

import (
	"bufio"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/store/storetest"
)

// benchRows are the file sizes BenchmarkImport runs: 10k by default, a
// hundred thousand or a million on request (go test ... -rows 100000,1000000).
var benchRows = flag.String("rows", "10000", "BenchmarkImport: comma-separated numbers of generated rows")

// benchEngines are the engines BenchmarkImport imports into, each next to
// the other in one run (go test ... -engines sqlite,postgres; PostgreSQL
// on the server LOOPDESK_TEST_POSTGRES names, a schema of its own per import).
var benchEngines = flag.String("engines", "sqlite", "BenchmarkImport: comma-separated engines to import into: sqlite, postgres")

// BenchmarkImport measures, in one run and on the same rows, the three
// rates an import is judged by:
//
//   - full: the import end to end into an empty desk — parse, triage,
//     duplicate and repeat checks, tickets with their events, deadlines,
//     suggestions, rollups and search index — rows of the generated CSV
//     (cached in the temp directory) per second;
//   - raw: the same tickets, exactly as the import stored them (every
//     column), inserted by the bare driver into an empty desk's tickets
//     table with the search triggers dropped, in transactions of one
//     import batch, multi-row statements prepared once;
//   - index: the same tickets' search entries, under the same keys, into
//     an empty desk's search index alone, in key order, each document made
//     by search_grams and search_tags in the writer as the triggers make it;
//   - docs: the same, the documents made while reading (untimed): the
//     index accepting documents ready made, as the import's writer gets
//     them from the workers that make them on other cores;
//   - raw+docs: raw and docs into one desk, each batch one transaction:
//     the least an import's one writer does to keep the index in the same
//     transactions as the tickets — the ceiling of that design, nothing
//     else (events, rollups, repeats, duplicates) written or looked up;
//   - bare+docs: the same into a tickets table without its secondary
//     indexes (the UNIQUE external id kept), what that ceiling would be
//     if the board, the SLA clocks and the duplicate checks had no index.
//
// The baselines commit as the import does: a transaction per import
// batch (batchSize), on a connection with the settings of the import's
// writer (rawDB), into an index that merges as during an import, so the
// ratios compare like with like.
//
// On PostgreSQL it reports full only: the baselines are SQLite's driver.
// It reports rows/s of each and the ratios full/index, full/docs,
// full/raw and full/raw+docs; the seconds MergeSearch then takes to merge
// the index the import left (untimed: loopdesk import merges after the
// import, a board or server's upkeep after one elsewhere); and the
// import's peak memory: the Go heap, and the process's peak resident set
// (which also counts SQLite's page cache and the mapped file). The
// million-row run takes minutes:
//
//	go test -run '^$' -bench Import -benchtime 1x ./internal/intake/ -rows 1000000
func BenchmarkImport(b *testing.B) {
	for _, rows := range parseRows(b, *benchRows) {
		for _, engine := range strings.Split(*benchEngines, ",") {
			b.Run(fmt.Sprintf("rows=%d/engine=%s", rows, engine), func(b *testing.B) { benchImport(b, rows, engine) })
		}
	}
}

// benchImport is BenchmarkImport's run of rows rows into engine.
func benchImport(b *testing.B, rows int, engine string) {
	path, err := benchFile(rows)
	if err != nil {
		b.Fatal(err)
	}
	var full, merge time.Duration
	var base baseline
	for b.Loop() {
		b.StopTimer()
		s := benchStore(b, engine)
		in := newIntake(b, s, Config{})
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		peak := watchHeap()
		b.StartTimer()
		start := time.Now()
		sum, err := in.Import(context.Background(), "ada", bufio.NewReaderSize(f, 64<<10), interchange.CSV, nil)
		full += time.Since(start)
		heap := peak()
		f.Close()
		if err != nil || sum.Rows != rows || sum.Errors.Count != 0 {
			b.Fatalf("%+v %v", sum, err)
		}
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
		b.Logf("imported %d, linked %d, rejected %d of %d rows", sum.Imported, sum.Linked, sum.Rejected.Count, sum.Rows)
		if engine == "sqlite" {
			b.StopTimer()
			start := time.Now()
			if _, err := s.MergeSearch(context.Background()); err != nil {
				b.Fatal(err)
			}
			merge += time.Since(start)
			b.StartTimer()
			base.add(baselines(b, s.Path()))
		}
	}
	if merge > 0 {
		b.ReportMetric(merge.Seconds()/float64(b.N), "merge-s")
	}
	fullRate := float64(rows*b.N) / full.Seconds()
	b.ReportMetric(fullRate, "full-rows/s")
	if engine != "sqlite" {
		return
	}
	rate := func(d time.Duration) float64 { return float64(base.n) / d.Seconds() }
	b.ReportMetric(rate(base.raw), "raw-rows/s")
	b.ReportMetric(rate(base.index), "index-rows/s")
	b.ReportMetric(rate(base.docs), "docs-rows/s")
	b.ReportMetric(fullRate/rate(base.index), "full/index")
	b.ReportMetric(fullRate/rate(base.docs), "full/docs")
	b.ReportMetric(fullRate/rate(base.raw), "full/raw")
	b.ReportMetric(rate(base.both), "raw‖index-rows/s")
	b.ReportMetric(rate(base.rawDocs), "raw+docs-rows/s")
	b.ReportMetric(rate(base.bareDocs), "bare+docs-rows/s")
	b.ReportMetric(fullRate/rate(base.rawDocs), "full/raw+docs")
	if hwm := peakRSS(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "peak-RSS-MiB")
	}
}

// benchStore is an empty desk for one import on engine: a file, or a
// schema of its own on the test server.
func benchStore(b *testing.B, engine string) *store.Store {
	switch engine {
	case "sqlite":
		s, _ := newStore(b)
		return s
	case "postgres":
		db := storetest.Postgres(b)
		b.Setenv("XDG_DATA_HOME", b.TempDir()) // the desk secret's directory
		s, _ := newStoreAt(b, db)
		return s
	}
	b.Fatalf("-engines: %q is neither sqlite nor postgres", engine)
	return nil
}

// parseRows reads the -rows list.
func parseRows(b *testing.B, list string) []int {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("-rows %q: want positive numbers separated by commas", list)
		}
		out = append(out, n)
	}
	return out
}

// baseline is the time each baseline spent inserting n tickets.
type baseline struct {
	raw, index, docs, both, rawDocs, bareDocs time.Duration
	n                                         int
}

func (x *baseline) add(y baseline) {
	x.raw, x.index, x.docs, x.both = x.raw+y.raw, x.index+y.index, x.docs+y.docs, x.both+y.both
	x.rawDocs, x.bareDocs, x.n = x.rawDocs+y.rawDocs, x.bareDocs+y.bareDocs, x.n+y.n
}

// baselines copies the tickets of the desk at src, a batch at a time,
// into fresh desks — every column into tickets without the search
// triggers (raw), the search entries into the index alone with their
// documents made in the writer (index) and made beforehand (docs), raw
// and docs together (raw+docs, and bare+docs without the tickets'
// secondary indexes) — and returns the time each spent inserting and the
// number of tickets. It
// also times raw and index done at once, each batch into two more desks
// by two writers (both): the ceiling of an index kept in a file of its
// own by a writer of its own. Reading the batches from src is not timed.
func baselines(b *testing.B, src string) baseline {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	ctx := context.Background()
	from := rawDB(b, src)
	rawDesk, indexDesk, docsDesk := emptyDesk(b, "raw.db"), emptyDesk(b, "index.db"), emptyDesk(b, "docs.db")
	rawDesk2, indexDesk2 := emptyDesk(b, "raw2.db"), emptyDesk(b, "index2.db")
	rawDocsDesk, bareDocsDesk := emptyDesk(b, "rawdocs.db"), emptyDesk(b, "baredocs.db")
	// The index merges as during an import (store.BeginImport): not
	// until a level holds store.ImportCrisisMerge segments.
	for _, desk := range []*sql.DB{indexDesk, docsDesk, indexDesk2, rawDocsDesk, bareDocsDesk} {
		for _, set := range []struct {
			name string
			v    int
		}{{"automerge", 0}, {"crisismerge", store.ImportCrisisMerge}} {
			if _, err := desk.ExecContext(ctx, "INSERT INTO ticket_search (ticket_search, rank) VALUES (?, ?)", set.name, set.v); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, desk := range []*sql.DB{rawDesk, rawDesk2, rawDocsDesk, bareDocsDesk} {
		for _, trigger := range []string{"ticket_search_insert", "ticket_search_update", "ticket_search_delete"} {
			if _, err := desk.ExecContext(ctx, "DROP TRIGGER "+trigger); err != nil {
				b.Fatal(err)
			}
		}
	}
	dropIndexes(b, bareDocsDesk, "tickets")
	cols, err := names(ctx, from, "SELECT name FROM pragma_table_info(?) ORDER BY cid", "tickets") // in order
	if err != nil {
		b.Fatal(err)
	}
	newRaw := func() *multiInsert {
		return newMultiInsert("INSERT INTO tickets ("+strings.Join(cols, ", ")+") VALUES ", "("+placeholders(len(cols))+")", len(cols))
	}
	newIndex := func() *multiInsert {
		return newMultiInsert("INSERT INTO ticket_search (rowid, grams) VALUES ",
			"(?, search_grams(?, ?, ?, ?, ?) || ' ' || search_tags(?, ?, ?, ?))", 10)
	}
	newDocs := func() *multiInsert {
		return newMultiInsert("INSERT INTO ticket_search (rowid, grams) VALUES ", "(?, ?)", 2)
	}
	rawIns, indexIns, rawIns2, indexIns2 := newRaw(), newIndex(), newRaw(), newIndex()
	docsIns, rawDocsIns, rawDocsDocs, bareDocsIns, bareDocsDocs := newDocs(), newRaw(), newDocs(), newRaw(), newDocs()
	for _, m := range []*multiInsert{rawIns, indexIns, rawIns2, indexIns2, docsIns, rawDocsIns, rawDocsDocs, bareDocsIns, bareDocsDocs} {
		defer m.close()
	}
	pos := make(map[string]int, len(cols))
	for i, c := range cols {
		pos[c] = i
	}
	// A ticket's search key and document, read with it (the import's
	// keys: its place on the board; the document as migration 0025's
	// triggers make it, its grams and its filter tags).
	entry := []string{"search_key(status, priority, id)",
		"search_grams(title, body, customer_name, product, order_no) || ' ' || search_tags(channel, category, team, owner)"}
	var x baseline
	for after := int64(0); ; {
		batch, err := readTickets(ctx, from, append(slices.Clone(cols), entry...), after)
		if err != nil {
			b.Fatal(err)
		}
		if len(batch) == 0 {
			break
		}
		after = batch[len(batch)-1][pos["id"]].(int64)
		x.n += len(batch)
		rows := make([][]any, len(batch))
		for i, row := range batch {
			rows[i] = row[:len(cols)]
		}
		// The index's in key order, as the import writes them: FTS5
		// writes out what it holds when a key comes lower than the one
		// before.
		slices.SortFunc(batch, func(r, s []any) int { return cmp.Compare(r[len(cols)].(int64), s[len(cols)].(int64)) })
		index, docs := make([][]any, len(batch)), make([][]any, len(batch))
		for i, row := range batch {
			docs[i] = row[len(cols):]
			index[i] = []any{row[len(cols)]}
			for _, c := range []string{"title", "body", "customer_name", "product", "order_no", "channel", "category", "team", "owner"} {
				index[i] = append(index[i], row[pos[c]])
			}
		}
		for _, t := range []struct {
			d    *time.Duration
			ins  *multiInsert
			desk *sql.DB
			rows [][]any
		}{{&x.raw, rawIns, rawDesk, rows}, {&x.index, indexIns, indexDesk, index}, {&x.docs, docsIns, docsDesk, docs}} {
			start := time.Now()
			if err := t.ins.run(ctx, t.desk, t.rows); err != nil {
				b.Fatal(err)
			}
			*t.d += time.Since(start)
		}
		for _, t := range []struct {
			d     *time.Duration
			desk  *sql.DB
			loads []load
		}{
			{&x.rawDocs, rawDocsDesk, []load{{rawDocsIns, rows}, {rawDocsDocs, docs}}},
			{&x.bareDocs, bareDocsDesk, []load{{bareDocsIns, rows}, {bareDocsDocs, docs}}},
		} {
			start := time.Now()
			if err := insertTogether(ctx, t.desk, t.loads...); err != nil {
				b.Fatal(err)
			}
			*t.d += time.Since(start)
		}
		start := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		wg.Go(func() { errs[0] = rawIns2.run(ctx, rawDesk2, rows) })
		wg.Go(func() { errs[1] = indexIns2.run(ctx, indexDesk2, index) })
		wg.Wait()
		x.both += time.Since(start)
		if err := errors.Join(errs...); err != nil {
			b.Fatal(err)
		}
	}
	return x
}

// rawDB opens the desk file at path with the bare driver and the
// settings of the store's writer during an import (WAL, synchronous FULL,
// checkpoints at store.IngestCheckpointPages), one connection.
func rawDB(b *testing.B, path string) *sql.DB {
	b.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"+
		"&_pragma=synchronous(FULL)&_pragma=cache_size(-16000)&_txlock=immediate"+
		fmt.Sprintf("&_pragma=wal_autocheckpoint(%d)", store.IngestCheckpointPages))
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	b.Cleanup(func() { db.Close() })
	return db
}

// emptyDesk makes a new desk (schema and migrations by the store) and
// opens it with the bare driver.
func emptyDesk(b *testing.B, name string) *sql.DB {
	b.Helper()
	path := filepath.Join(b.TempDir(), name)
	s, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return rawDB(b, path)
}

// dropIndexes drops the indexes of table that can be dropped: all but
// those of its UNIQUE constraints.
func dropIndexes(b *testing.B, db *sql.DB, table string) {
	b.Helper()
	ctx := context.Background()
	indexes, err := names(ctx, db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table)
	if err != nil || len(indexes) == 0 {
		b.Fatalf("indexes of %s: %v %v", table, indexes, err)
	}
	for _, n := range indexes {
		if _, err := db.ExecContext(ctx, `DROP INDEX "`+n+`"`); err != nil {
			b.Fatal(err)
		}
	}
}

// names returns the text values of query's one column.
func names(ctx context.Context, db *sql.DB, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// readTickets reads the next import batch of tickets after id: the
// values of exprs, each a column or an expression over them.
func readTickets(ctx context.Context, db *sql.DB, exprs []string, after int64) ([][]any, error) {
	rows, err := db.QueryContext(ctx, "SELECT "+strings.Join(exprs, ", ")+" FROM tickets WHERE id > ? ORDER BY id LIMIT ?", after, batchSize)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		row := make([]any, len(exprs))
		dest := make([]any, len(exprs))
		for i := range row {
			dest[i] = &row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// multiInsert inserts rows with as few statements as SQLite's parameter
// limit (32766) allows — a whole import batch in one for both tables —
// each prepared once, the way a bulk loader would.
type multiInsert struct {
	head, tuple string
	args        int
	stmts       map[int]*sql.Stmt
}

func newMultiInsert(head, tuple string, args int) *multiInsert {
	return &multiInsert{head: head, tuple: tuple, args: args, stmts: map[int]*sql.Stmt{}}
}

// run inserts batch, rows of m's arguments, in one transaction.
func (m *multiInsert) run(ctx context.Context, db *sql.DB, batch [][]any) error {
	return insertTogether(ctx, db, load{m, batch})
}

// load is rows for a multiInsert.
type load struct {
	ins  *multiInsert
	rows [][]any
}

// insertTogether inserts the loads in one transaction, in order.
func insertTogether(ctx context.Context, db *sql.DB, loads ...load) error {
	// Prepared before the transaction, which holds the pool's one connection.
	for _, l := range loads {
		if err := l.ins.prepare(ctx, db, len(l.rows)); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	for _, l := range loads {
		if err := l.ins.exec(ctx, tx, l.rows); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// per is the most rows one of m's statements takes.
func (m *multiInsert) per() int { return min(batchSize, 32766/m.args) }

// prepare prepares the statements exec needs for n rows.
func (m *multiInsert) prepare(ctx context.Context, db *sql.DB, n int) error {
	for per := m.per(); n > 0; n -= min(n, per) {
		k := min(n, per)
		if _, ok := m.stmts[k]; !ok {
			st, err := db.PrepareContext(ctx, m.head+strings.TrimSuffix(strings.Repeat(m.tuple+", ", k), ", ")) //nolint:sqlclosecheck // closed by m.close
			if err != nil {
				return err
			}
			m.stmts[k] = st
		}
	}
	return nil
}

// exec inserts batch in tx with the statements prepare prepared.
func (m *multiInsert) exec(ctx context.Context, tx *sql.Tx, batch [][]any) error {
	per := m.per()
	args := make([]any, 0, per*m.args)
	for len(batch) > 0 {
		k := min(len(batch), per)
		args = args[:0]
		for _, row := range batch[:k] {
			args = append(args, row...)
		}
		if err := execIn(ctx, tx, m.stmts[k], args); err != nil {
			return err
		}
		batch = batch[k:]
	}
	return nil
}

// execIn runs the prepared st in tx.
func execIn(ctx context.Context, tx *sql.Tx, st *sql.Stmt, args []any) error {
	txst := tx.StmtContext(ctx, st)
	defer txst.Close()
	_, err := txst.ExecContext(ctx, args...)
	return err
}

func (m *multiInsert) close() {
	for _, st := range m.stmts {
		st.Close()
	}
}

// watchHeap samples the Go heap until the returned function is called,
// which returns the largest HeapInuse seen.
func watchHeap() func() uint64 {
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapInuse)
		mu.Unlock()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// peakRSS is the process's peak resident set (Linux VmHWM), or 0.
func peakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// benchFile returns the cached CSV of n generated rows, writing it first
// if needed (to a temporary name, so an interrupted run leaves no half file).
func benchFile(n int) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("loopdesk-import-%d-v1.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp, err := os.CreateTemp(os.TempDir(), "loopdesk-import-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	werr := writeBenchCSV(w, n)
	if err := w.Flush(); werr == nil {
		werr = err
	}
	if err := tmp.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return "", werr
	}
	return path, os.Rename(tmp.Name(), path)
}

// The generated feedback: realistic bilingual texts over every category,
// each with a detail that varies, so near-duplicate checks compare real
// text. About 3% of rows are a customer writing again about the same
// thing (linked as duplicates), 1% spam and 0.5% placeholder junk.
var (
	// %[1]s is the app version, %[2]s the order number.
	benchTexts = [][2]string{
		{"APP闪退", "更新到%[1]s版本以后一打开就闪退，重装了也没用，订单%[2]s还没付款"},
		{"支付失败但扣款了", "订单%[2]s付款时提示失败，但银行卡已经扣款，请尽快退款，版本%[1]s"},
		{"快递一直没到", "订单%[2]s下单一周了物流信息一直没有更新，请帮忙查一下，客户端%[1]s"},
		{"客服态度太差", "打了三次电话都没人处理订单%[2]s的问题，非常不满意，我要投诉（版本%[1]s）"},
		{"建议增加夜间模式", "晚上用太刺眼了，希望%[1]s版本能加深色主题，订单%[2]s顺便问下发票"},
		{"怎么修改收货地址", "订单%[2]s已经下单了，请问在哪里修改收货地址？我用的是%[1]s版"},
		{"会员价格太贵", "续费价格比去年涨了很多，订单%[2]s，能不能给老用户优惠？版本%[1]s"},
		{"App crashes on start", "Since updating to %[1]s the app crashes right after the splash screen. Order %[2]s."},
		{"Refund not received", "I returned order %[2]s two weeks ago and still have no refund. App version %[1]s."},
		{"Parcel lost", "Tracking for order %[2]s has not moved for 8 days. Using the app %[1]s."},
		{"Love the new design", "Version %[1]s looks great, checkout for order %[2]s was fast. Thank you!"},
		{"How do I export invoices", "Where can I download the invoice for order %[2]s? I am on %[1]s."},
	}
	benchSpam       = "加微信领红包，兼职刷单日赚500 http://spam.example/%s"
	benchSurnames   = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "Smith", "Müller", "Garcia", "Kim"}
	benchGiven      = []string{"芳", "伟", "娜", "敏", "静", "强", "磊", "洋", "Anna", "John", "Maria", "Wei"}
	benchChannels   = []string{"hotline", "web", "wechat", "appstore", "email", "inapp", "social", "offline"}
	benchCategories = []string{"", "", "", "", "malfunction", "logistics", "pricing"}
)

// writeBenchCSV writes n rows of generated feedback, the same every time.
func writeBenchCSV(w io.Writer, n int) error {
	rng := rand.New(rand.NewPCG(1, 2))
	iw := interchange.NewWriter(w, interchange.CSV)
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	var prev interchange.Record
	for i := range n {
		rec := interchange.Record{
			ExternalID:    "bench-" + strconv.Itoa(i),
			Channel:       benchChannels[rng.IntN(len(benchChannels))],
			ReceivedAt:    start.Add(time.Duration(i) * 20 * time.Second),
			CustomerName:  benchSurnames[rng.IntN(len(benchSurnames))] + benchGiven[rng.IntN(len(benchGiven))],
			CustomerPhone: fmt.Sprintf("1%02d%08d", 30+rng.IntN(60), rng.IntN(100_000_000)),
			Product:       "LoopPay",
			Version:       fmt.Sprintf("%d.%d.%d", 2+rng.IntN(2), rng.IntN(10), rng.IntN(20)),
			Category:      benchCategories[rng.IntN(len(benchCategories))],
		}
		order := fmt.Sprintf("SO%08d", rng.IntN(100_000_000))
		switch p := rng.IntN(1000); {
		case p < 30 && i > 0: // the previous customer again, same complaint
			rec.CustomerName, rec.CustomerPhone = prev.CustomerName, prev.CustomerPhone
			rec.Title, rec.Body, rec.Category = prev.Title, prev.Body+"！！", prev.Category
		case p < 40:
			rec.Title, rec.Category = fmt.Sprintf(benchSpam, order), ""
		case p < 45:
			rec.Title, rec.Category = "test", ""
		default:
			t := benchTexts[rng.IntN(len(benchTexts))]
			rec.Title, rec.Body = t[0], fmt.Sprintf(t[1], rec.Version, order)
		}
		if err := iw.Write(rec); err != nil {
			return err
		}
		prev = rec
	}
	return iw.Flush()
}
