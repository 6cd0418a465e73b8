package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/sla"
)

// Prepared is an Arrival made ready to store by Prepare: checked, masked
// and hashed, its deadlines and search document computed. None of that
// needs the database, so an import prepares the next batch on other cores
// while the one writer stores the batch before.
type Prepared struct {
	a   Arrival // NewTicket normalised
	err error   // why the store refuses it (ErrInvalid)
	// The deadlines are evaluated at the store's clock when prepared.
	dl deadlines
	// doc is the search document: on SQLite its grams as search_grams
	// makes them and, once tagged, its filter tags (taggedDoc); on
	// PostgreSQL pgSearchGrams joined by NUL, which text never holds (a
	// string header per gram doubled an import's heap).
	doc    string
	tagged bool
}

// Prepare checks and completes an arrival as Ingest will store it.
func (s *Store) Prepare(a Arrival) Prepared {
	in, err := s.normalize(a.NewTicket)
	if err != nil {
		return Prepared{err: err}
	}
	now := s.now()
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = now
	}
	a.NewTicket = in
	h := sla.History{Created: in.ReceivedAt, Priority: in.Priority.String(), Category: string(in.Category)}
	p := Prepared{a: a, dl: s.computeDeadlines(h, now, false)}
	if s.eng == enginePostgres {
		p.doc = strings.Join(pgSearchGrams(in.Title, in.Body, in.CustomerName, in.Product, in.OrderNo), "\x00")
	} else {
		p.doc = searchDoc(in.Title, in.Body, in.CustomerName, in.Product, in.OrderNo)
		// Tagged here, on the cores that prepare, unless the batch is to
		// choose the owner (round robin): copying each document in the
		// one writer cost it 1.5 s of a million.
		if !a.RoundRobin || in.Owner != "" {
			p.doc, p.tagged = taggedDoc(p.doc, string(in.Channel), string(in.Category), in.Team, ownerTag(in.Owner)), true
		}
	}
	return p
}

// ownerTag is the owner searchTags reads: nil when there is none, as the
// column is NULL.
func ownerTag(owner string) *string {
	if owner == "" {
		return nil
	}
	return &owner
}

// IngestCheckpointPages is the size of the WAL, in pages, past which the
// commit of an ingest batch checkpoints it, instead of SQLite's 1000 (4
// MiB): a batch of 500 tickets dirtied about that many pages (a page of
// each contact-hash index per ticket at a million), so an import
// checkpointed, copying and syncing the database file, in its writer at
// nearly every commit. Batches are of 2000 since (internal/intake); at a
// million tickets the checkpoints are 7 s of the writer's 96 s of CPU.
// Every commit is still synced (synchronous FULL); other writes keep the
// default.
const IngestCheckpointPages = 10000

// IngestPrepared is Ingest for arrivals already prepared (see Prepare).
func (s *Store) IngestPrepared(ctx context.Context, actor string, items []Prepared, rule DuplicateRule) ([]IngestResult, error) {
	if rule.Window > MaxDuplicateWindow {
		return nil, invalid("duplicate window %v is longer than %v", rule.Window, MaxDuplicateWindow)
	}
	results := make([]IngestResult, len(items))
	if s.eng == engineSQLite {
		// On the writer's one connection: a write that takes it between
		// the commit and this checkpoints a little later, harmless.
		defer s.w.ExecContext(context.WithoutCancel(ctx), "PRAGMA wal_autocheckpoint = 1000") //nolint:errcheck // a failure leaves the larger interval, harmless
	}
	err := s.write(ctx, func(tx *wtx) error {
		if s.eng == engineSQLite {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", IngestCheckpointPages)); err != nil {
				return err
			}
			if err := s.importSearch(ctx, tx); err != nil {
				return err
			}
		}
		if err := intakeActor(ctx, tx, actor); err != nil {
			return err
		}
		b, err := s.newIngestBatch(ctx, tx, actor, items, rule)
		if err != nil {
			return err
		}
		for i := range items {
			if results[i], err = b.one(ctx, &items[i]); err != nil {
				return err
			}
		}
		return b.finish(ctx)
	})
	return results, err
}

// ingestBatch is one Ingest transaction: what it looked up for the whole
// batch at once, and what it adds up to write once at the end.
type ingestBatch struct {
	s     *Store
	tx    *wtx
	actor string
	rule  DuplicateRule
	now   time.Time

	// seen holds the outcome of a repeat of each external id stored,
	// before the batch or by an earlier item of it.
	seen map[string]IngestResult
	// open are the customers' open tickets the items may repeat: those
	// stored before the batch, then those it creates.
	open []openTicket
	// byContact lists the open tickets (indexes into open, in order) of
	// each contact hash (contactKeys), so an item compares only the
	// tickets of its own contacts: scanning them all made a batch's
	// duplicate checks grow with the square of its size.
	byContact map[string][]int
	teams     map[string]error
	owners    map[string]error

	// The rows the batch creates wait in memory and are written by
	// multi-row statements when the batch ends; the duplicates it links
	// are linked after them (the ticket linked to may be one of ours), so
	// each ticket's events keep the order one-by-one ingestion gives them.
	// Linking at once flushed the rows before each link and cut the
	// statements into pieces of a few rows. The new tickets' ids are the
	// ones SQLite would give them in that order.
	lastID                       int64
	tickets, events, suggestions insertRows
	links                        []link
	deferred                     bool // search_batch holds its row: the documents are ours to write
	docs                         []searchEntry
	created                      int
	stats                        map[statKey]*statSum
	keywords                     map[keywordKey]int64
	load                         map[string]int // new pending cards by owner ("" unassigned)
}

// openTicket is a duplicate candidate.
type openTicket struct {
	id          int64
	title, body string
	received    time.Time
	hashes      domain.CustomerHashes
}

// link is a near-duplicate to link to its ticket when the batch ends.
type link struct {
	ticket int64
	score  float64
	in     NewTicket
}

type searchEntry struct {
	key int64 // searchKey
	doc string
}

// statKey is a daily_stats row.
type statKey struct {
	day               int64
	channel, category string
	priority          domain.Priority
	team              string
}

type statSum struct {
	at time.Time // an instant of the day
	d  statDelta
}

type keywordKey struct {
	day     int64
	keyword string
}

func (s *Store) newIngestBatch(ctx context.Context, tx *wtx, actor string, items []Prepared, rule DuplicateRule) (*ingestBatch, error) {
	b := &ingestBatch{s: s, tx: tx, actor: actor, rule: rule, now: s.now(),
		seen: map[string]IngestResult{}, byContact: map[string][]int{}, teams: map[string]error{}, owners: map[string]error{},
		stats: map[statKey]*statSum{}, keywords: map[keywordKey]int64{}, load: map[string]int{},
		tickets: rowsFor(ticketInserts, len(items)), events: rowsFor(eventInserts, len(items)),
		suggestions: rowsFor(suggestionInserts, len(items))}
	// Inside the write transaction: no one else adds a ticket meanwhile.
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM tickets").Scan(&b.lastID); err != nil {
		return nil, err
	}
	if err := b.lookUpRepeats(ctx, items); err != nil {
		return nil, err
	}
	return b, b.lookUpOpen(ctx, items)
}

// lookUpRepeats finds which of the items' external ids are stored, as a
// ticket, a linked duplicate or a rejected item: one query per batch.
func (b *ingestBatch) lookUpRepeats(ctx context.Context, items []Prepared) error {
	var ids []string
	for _, p := range items {
		if p.err == nil && p.a.ExternalID != "" {
			ids = append(ids, p.a.ExternalID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	// A restored rejection has a ticket too; the ticket wins.
	in := b.s.eng.jsonValues("?1", "text")
	rows, err := b.tx.QueryContext(ctx, `SELECT external_id, 1, id, 0 FROM tickets WHERE external_id IN `+in+`
		UNION ALL SELECT external_id, 2, ticket_id, 0 FROM duplicates WHERE external_id IN `+in+`
		UNION ALL SELECT external_id, 3, 0, id FROM rejected WHERE external_id IN `+in+`
		ORDER BY 2`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ext string
		var rank, ticket, rejected int64
		if err := rows.Scan(&ext, &rank, &ticket, &rejected); err != nil {
			return err
		}
		if _, ok := b.seen[ext]; !ok {
			b.seen[ext] = IngestResult{Outcome: IngestRepeat, Ticket: ticket, Rejected: rejected}
		}
	}
	return rows.Err()
}

// lookUpOpen reads the open tickets, received within the rule's window of
// some item, of the customers the items name by a contact: one query per
// batch instead of one per item.
func (b *ingestBatch) lookUpOpen(ctx context.Context, items []Prepared) error {
	if b.rule.Similarity == nil {
		return nil
	}
	var probes [3]contactProbes // phone, e-mail, WeChat
	var from, to time.Time
	for _, p := range items {
		h := p.a.hashes
		if p.err != nil || !h.Any() {
			continue
		}
		lo, hi := p.a.ReceivedAt.Add(-b.rule.Window), p.a.ReceivedAt.Add(b.rule.Window)
		for i, hash := range [][]byte{h.Phone, h.Email, h.WeChat} {
			if hash != nil {
				probes[i].add(hash, ms(lo), ms(hi))
			}
		}
		if from.IsZero() || lo.Before(from) {
			from = lo
		}
		if hi.After(to) {
			to = hi
		}
	}
	if from.IsZero() {
		return nil
	}
	args := []any{ms(from), ms(to)}
	for i := range probes {
		list, err := json.Marshal(probes[i].arg(b.s.eng))
		if err != nil {
			return err
		}
		args = append(args, string(list))
	}
	rows, err := b.tx.QueryContext(ctx, b.s.eng.openByContact(), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t openTicket
		var received int64
		if err := rows.Scan(append([]any{&t.id, &t.title, &t.body, &received}, hashDests(&t.hashes)...)...); err != nil {
			return err
		}
		t.received = time.UnixMilli(received)
		b.addOpen(t)
	}
	return rows.Err()
}

// openByContact selects the open tickets received between ?1 and ?2
// with a phone, e-mail or WeChat hash of the probes at ?3, ?4 and ?5
// (contactProbes.arg): one indexed term per kind of contact, the probes
// driving, each a range of one hash index; UNION drops a ticket found by
// two of them twice.
func (e engine) openByContact() string {
	var parts []string
	for i, col := range []string{"customer_phone_hash", "customer_email_hash", "customer_wechat_hash"} {
		parts = append(parts, fmt.Sprintf(`SELECT t.id, t.title, t.body, t.received_at, %s FROM %s
			WHERE t.received_at BETWEEN ?1 AND ?2 AND t.status IN ('pending', 'in_progress', 'testing')`,
			hashColsOf("t"), e.contactJoin(col, fmt.Sprintf("?%d", i+3))))
	}
	return strings.Join(parts, " UNION ")
}

// hashColsOf is hashCols of the table named alias.
func hashColsOf(alias string) string {
	return alias + "." + strings.ReplaceAll(hashCols, ", ", ", "+alias+".")
}

// one stores one item, in the batch's order: items see the ones before
// them.
func (b *ingestBatch) one(ctx context.Context, p *Prepared) (IngestResult, error) {
	if p.err != nil {
		return IngestResult{Outcome: IngestRefused, Err: p.err}, nil //nolint:nilerr // a refused item is an outcome of the batch, not its failure
	}
	in := p.a.NewTicket
	if in.ExternalID != "" {
		if r, ok := b.seen[in.ExternalID]; ok {
			return r, nil
		}
	}
	r, err := b.store(ctx, p)
	if err == nil && in.ExternalID != "" && r.Outcome != IngestRefused {
		// A repeat of it later in the batch is told what this one became.
		b.seen[in.ExternalID] = IngestResult{Outcome: IngestRepeat, Ticket: r.Ticket, Rejected: r.Rejected}
	}
	return r, err
}

func (b *ingestBatch) store(ctx context.Context, p *Prepared) (IngestResult, error) {
	in := p.a.NewTicket
	if p.a.Reject != "" {
		// Its event names no ticket: written now, it reorders no
		// ticket's events.
		id, err := b.s.reject(ctx, b.tx, b.actor, in, p.a.Reject)
		return IngestResult{Outcome: IngestRejected, Rejected: id}, err
	}
	if ticket, score := b.nearDuplicate(in); ticket != 0 {
		b.links = append(b.links, link{ticket, score, in})
		return IngestResult{Outcome: IngestLinked, Ticket: ticket, Similarity: score}, nil
	}
	if p.a.RoundRobin && in.Owner == "" {
		var err error
		if in.Owner, err = nextInTurn(ctx, b.tx, in.Team); err != nil {
			return IngestResult{}, err
		}
	}
	id, err := b.create(ctx, p, in)
	if errors.Is(err, ErrInvalid) {
		return IngestResult{Outcome: IngestRefused, Err: err}, nil
	}
	return IngestResult{Outcome: IngestCreated, Ticket: id}, err
}

// nearDuplicate finds the customer's open ticket that in repeats, per
// rule: of the customer's open tickets received within the window, the
// most recent maxDuplicateCandidates are compared.
func (b *ingestBatch) nearDuplicate(in NewTicket) (int64, float64) {
	if b.rule.Similarity == nil || !in.hashes.Any() {
		return 0, 0
	}
	lo, hi := in.ReceivedAt.Add(-b.rule.Window), in.ReceivedAt.Add(b.rule.Window)
	var shared []int // the open tickets sharing a contact with in, in order
	for _, k := range contactKeys(in.hashes) {
		shared = append(shared, b.byContact[k]...)
	}
	slices.Sort(shared)
	var cands []*openTicket
	for _, i := range slices.Compact(shared) {
		if t := &b.open[i]; !t.received.Before(lo) && !t.received.After(hi) {
			cands = append(cands, t)
		}
	}
	slices.SortStableFunc(cands, func(x, y *openTicket) int { return y.received.Compare(x.received) })
	text := in.Title + "\n" + in.Body
	var best int64
	var bestScore float64
	for _, t := range cands[:min(len(cands), maxDuplicateCandidates)] {
		if !domain.SameCustomer(in.hashes, t.hashes) {
			continue // one contact shared, another differs: two people
		}
		if score := b.rule.Similarity(text, t.title+"\n"+t.body); score >= b.rule.Threshold && score > bestScore {
			best, bestScore = t.id, score
		}
	}
	return best, bestScore
}

// addOpen adds a duplicate candidate.
func (b *ingestBatch) addOpen(t openTicket) {
	for _, k := range contactKeys(t.hashes) {
		b.byContact[k] = append(b.byContact[k], len(b.open))
	}
	b.open = append(b.open, t)
}

// contactKeys are the keys of h's contact hashes in byContact: two
// tickets share a contact when they share a key.
func contactKeys(h domain.CustomerHashes) []string {
	var keys []string
	for _, c := range []struct {
		kind byte
		hash []byte
	}{{'p', h.Phone}, {'e', h.Email}, {'w', h.WeChat}} {
		if c.hash != nil {
			keys = append(keys, string(c.kind)+string(c.hash))
		}
	}
	return keys
}

// create adds a new pending ticket with its deadlines, creation events
// and triage suggestion to the rows the batch writes, and to its rollups
// and index documents. An unknown team or an owner who is not an active agent is
// ErrInvalid, before anything is written.
func (b *ingestBatch) create(ctx context.Context, p *Prepared, in NewTicket) (int64, error) {
	if err := b.check(ctx, in); err != nil {
		return 0, err
	}
	var owner any
	if in.Owner != "" {
		owner = in.Owner
	}
	var extID any
	if in.ExternalID != "" {
		extID = in.ExternalID
	}
	keywords := joinList(in.Keywords)
	now, d := ms(b.now), p.dl
	b.lastID++
	id := b.lastID
	b.tickets.add(append([]any{id, extID, in.Title, in.Body, string(in.Channel), string(in.Category), int(in.Priority),
		string(domain.Pending), in.Team, owner, in.CustomerName, in.CustomerPhone, string(in.CustomerTier), in.Industry,
		in.Product, in.ProductVer, in.OrderNo, in.Sentiment, in.SentimentScore, keywords, joinList(in.Tags),
		ms(in.ReceivedAt), now, now, in.PriorityReason,
		d.due, d.clock, d.business, d.risk, d.check, d.perClock[sla.FirstResponse], d.perClock[sla.Update],
		d.perClock[sla.Resolution]}, hashArgs(in.hashes)...)...)
	b.events.add(id, b.actor, now, domain.EvCreated, "status", "", string(domain.Pending), nil)
	if in.Owner != "" {
		b.events.add(id, b.actor, now, domain.EvAssigned, "owner", "", in.Owner, nil)
	}
	if p.a.Suggestion != nil {
		b.suggestions.add(suggestionValues(id, p.a.Suggestion)...)
	}
	b.created++
	key, err := searchKey(domain.Pending, in.Priority, id)
	if err != nil {
		return 0, err
	}
	doc := p.doc
	if b.s.eng == engineSQLite && !p.tagged { // the owner is the batch's
		doc = taggedDoc(doc, string(in.Channel), string(in.Category), in.Team, ownerTag(in.Owner))
	}
	b.docs = append(b.docs, searchEntry{key, doc})
	b.count(in, splitList(keywords))
	if b.rule.Similarity != nil && in.hashes.Any() {
		b.addOpen(openTicket{id: id, title: in.Title, body: in.Body, received: in.ReceivedAt, hashes: in.hashes})
	}
	return id, nil
}

var (
	searchInserts = newMultiInsert("ticket_search", "rowid, grams") // PostgreSQL's
	ticketInserts = newMultiInsert("tickets", `id, external_id, title, body, channel, category, priority, status,
		team, owner, customer_name, customer_phone4, customer_tier, industry, product, product_version, order_no,
		sentiment, sentiment_score, keywords, tags, received_at, created_at, updated_at, priority_reason,
		due_at, due_clock, due_business, risk_at, check_at, due_first_response, due_update, due_resolution, `+hashCols)
)

// flush writes the tickets, events and suggestions the batch holds, in
// that order (events and suggestions name their ticket). The first
// tickets make search_batch hold its row, so the insert trigger leaves
// their index documents to finish: on SQLite it saves a segment flush
// per statement, on PostgreSQL the trigger's PL/pgSQL grams.
func (b *ingestBatch) flush(ctx context.Context) error {
	if len(b.tickets.args) > 0 && !b.deferred {
		if _, err := b.tx.ExecContext(ctx, "INSERT INTO search_batch (id) VALUES (1)"); err != nil {
			return err
		}
		b.deferred = true
	}
	for _, r := range []*insertRows{&b.tickets, &b.events, &b.suggestions} {
		if err := r.flush(ctx, b.tx); err != nil {
			return err
		}
	}
	return nil
}

// check refuses an unknown team or an owner who is not an active agent
// (ErrInvalid), asking the database once per name and batch.
func (b *ingestBatch) check(ctx context.Context, in NewTicket) error {
	err, ok := b.teams[in.Team]
	if !ok {
		err = checkTeam(ctx, b.tx, in.Team)
		if err != nil && !errors.Is(err, ErrInvalid) {
			return err
		}
		b.teams[in.Team] = err
	}
	if err != nil || in.Owner == "" {
		return err
	}
	err, ok = b.owners[in.Owner]
	if !ok {
		_, err = actorIn(ctx, b.tx, in.Owner)
		if errors.Is(err, ErrForbidden) {
			err = invalid("owner: %s is not an active agent", in.Owner)
		} else if err != nil {
			return err
		}
		b.owners[in.Owner] = err
	}
	return err
}

// count adds a new pending ticket to the batch's rollups, as
// statsCreated counts one.
func (b *ingestBatch) count(in NewTicket, keywords []string) {
	day := b.s.dayOf(in.ReceivedAt)
	k := statKey{day, string(in.Channel), string(in.Category), in.Priority, in.Team}
	sum := b.stats[k]
	if sum == nil {
		sum = &statSum{at: in.ReceivedAt}
		b.stats[k] = sum
	}
	sum.d.created++
	switch in.Sentiment {
	case "negative":
		sum.d.negative++
	case "positive":
		sum.d.positive++
	}
	for _, kw := range keywords {
		b.keywords[keywordKey{day, kw}]++
	}
	b.load[in.Owner]++
}

// finish writes the rows the batch holds, links its duplicates, writes
// what it added up — column count, rollups, open cards per agent — and
// then the new tickets' index documents, last, so the index takes them in
// one piece at the commit (a statement that opens a savepoint after them
// would flush the index early).
func (b *ingestBatch) finish(ctx context.Context) error {
	if err := b.flush(ctx); err != nil {
		return err
	}
	for _, l := range b.links {
		if err := b.s.linkDuplicate(ctx, b.tx, b.actor, l.ticket, l.score, l.in); err != nil {
			return err
		}
	}
	if b.created > 0 {
		if err := bumpCount(ctx, b.tx, domain.Pending, b.created); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(b.stats, func(x, y statKey) int {
		return cmp.Or(cmp.Compare(x.day, y.day), cmp.Compare(x.channel, y.channel), cmp.Compare(x.category, y.category),
			cmp.Compare(x.priority, y.priority), cmp.Compare(x.team, y.team))
	}) {
		sum := b.stats[k]
		t := domain.Ticket{Channel: domain.Channel(k.channel), Category: domain.Category(k.category), Priority: k.priority, Team: k.team}
		if err := b.s.addStat(ctx, b.tx, sum.at, t, sum.d); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(b.keywords, func(x, y keywordKey) int {
		return cmp.Or(cmp.Compare(x.day, y.day), cmp.Compare(x.keyword, y.keyword))
	}) {
		if _, err := b.tx.ExecContext(ctx, `INSERT INTO keyword_stats (day, keyword, n) VALUES (?, ?, ?)
			ON CONFLICT (day, keyword) DO UPDATE SET n = keyword_stats.n + excluded.n`, k.day, k.keyword, b.keywords[k]); err != nil {
			return err
		}
	}
	for _, owner := range sortedKeys(b.load, cmp.Compare[string]) {
		if err := addLoad(ctx, b.tx, owner, domain.Pending, b.load[owner]); err != nil {
			return err
		}
	}
	if b.s.eng == enginePostgres && b.lastID > 0 {
		// The batch numbered its tickets itself: the identity sequence
		// must continue after them.
		if _, err := b.tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('tickets', 'id'), ?)", b.lastID); err != nil {
			return err
		}
	}
	if !b.deferred {
		return nil
	}
	if _, err := b.tx.ExecContext(ctx, "DELETE FROM search_batch"); err != nil {
		return err
	}
	if b.s.eng == enginePostgres {
		rows := insertRows{multiInsert: searchInserts}
		for i, e := range b.docs {
			grams := []string{}
			if e.doc != "" {
				grams = strings.Split(e.doc, "\x00")
			}
			rows.add(e.key, grams)
			if (i+1)%insertChunks[0] == 0 { // the grams of one statement at a time
				if err := rows.flush(ctx, b.tx); err != nil {
					return err
				}
			}
		}
		return rows.flush(ctx, b.tx)
	}
	// In key order: FTS5 writes out what it holds whenever a rowid comes
	// lower than the one before. One document per statement: a statement
	// of many rows opens a savepoint, at which FTS5 writes it out too.
	slices.SortFunc(b.docs, func(x, y searchEntry) int { return cmp.Compare(x.key, y.key) })
	for _, e := range b.docs {
		if _, err := b.tx.ExecContext(ctx, "INSERT INTO ticket_search (rowid, grams) VALUES (?, ?)", e.key, e.doc); err != nil {
			return err
		}
	}
	return nil
}

// sortedKeys returns m's keys in order, so a batch writes its rows in
// the same order every time.
func sortedKeys[K comparable, V any](m map[K]V, compare func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compare)
	return keys
}
