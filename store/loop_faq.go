package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/triage"
)

// FAQ is a knowledge-base article: a problem and its solution.
type FAQ struct {
	ID        int64
	Title     string
	Problem   string
	Solution  string
	Tags      []string
	Lang      string // zh or en
	TicketID  int64  // the ticket it was promoted from; 0 when written directly
	CreatedBy string
	CreatedAt time.Time
}

// maxSearchTerms bounds a knowledge-base query (each term is a LIKE).
const maxSearchTerms = 8

// similarFAQThreshold is the least triage.Similarity for SimilarFAQ to
// suggest an article. Related texts measured 0.26–0.43 (a Chinese title
// and body against a promoted ticket, English problems sharing a few
// words); unrelated English ones reach 0.17 on "a" and "for" alone.
const similarFAQThreshold = 0.2

const faqCols = "id, title, problem, solution, tags, lang, coalesce(ticket_id, 0), created_by, created_at"

func scanFAQ(row interface{ Scan(...any) error }) (FAQ, error) {
	var f FAQ
	var tags string
	var at int64
	err := row.Scan(&f.ID, &f.Title, &f.Problem, &f.Solution, &tags, &f.Lang, &f.TicketID, &f.CreatedBy, &at)
	f.Tags, f.CreatedAt = splitList(tags), time.UnixMilli(at)
	return f, err
}

// AddFAQ writes an article; any agent may. Lang "" is guessed from the
// text (zh when it has Chinese).
func (s *Store) AddFAQ(ctx context.Context, actor string, f FAQ) (FAQ, error) {
	if err := s.checkFAQ(&f); err != nil {
		return f, err
	}
	err := s.write(ctx, func(tx *wtx) error {
		if _, err := actorIn(ctx, tx, actor); err != nil {
			return err
		}
		return s.insertFAQ(ctx, tx, actor, &f)
	})
	return f, err
}

// PromoteFAQ turns a closed ticket's solution into an article; any agent
// may. Fields left empty in f come from the ticket: title, problem (the
// body), solution (the summary), tags (or the category) and language.
func (s *Store) PromoteFAQ(ctx context.Context, actor string, ticketID int64, f FAQ) (FAQ, error) {
	err := s.write(ctx, func(tx *wtx) error {
		if _, err := actorIn(ctx, tx, actor); err != nil {
			return err
		}
		t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketCols+" FROM tickets WHERE id = ?", ticketID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("ticket " + domain.Key(ticketID))
		} else if err != nil {
			return err
		}
		if t.Status != domain.Closed {
			return invalid("%s is %s: only a closed ticket's solution is promoted", t.Key(), t.Status)
		}
		fill := func(dst *string, v string) {
			if strings.TrimSpace(*dst) == "" {
				*dst = v
			}
		}
		fill(&f.Title, t.Title)
		fill(&f.Problem, t.Body)
		fill(&f.Problem, t.Title)
		fill(&f.Solution, t.Solution)
		fill(&f.Lang, ReplyLang(t))
		if len(f.Tags) == 0 {
			f.Tags = t.Tags
		}
		if len(f.Tags) == 0 {
			f.Tags = []string{string(t.Category)}
		}
		f.TicketID = t.ID
		if err := s.checkFAQ(&f); err != nil {
			return err
		}
		if err := s.insertFAQ(ctx, tx, actor, &f); err != nil {
			return err
		}
		return s.event(ctx, tx, t.ID, actor, EvFAQPromoted, "faq", "", strconv.FormatInt(f.ID, 10))
	})
	return f, err
}

func (s *Store) checkFAQ(f *FAQ) error {
	f.Title = cleanText(f.Title)
	if f.Title == "" {
		return invalid("title: must not be empty")
	}
	if n := utf8.RuneCountInString(f.Title); n > s.limit.TitleRunes {
		return invalid("title: %d characters, at most %d", n, s.limit.TitleRunes)
	}
	var err error
	if f.Problem, err = s.requireText("problem", f.Problem); err != nil {
		return err
	}
	if f.Solution, err = s.requireText("solution", f.Solution); err != nil {
		return err
	}
	if f.Lang == "" {
		f.Lang = ReplyLang(domain.Ticket{Title: f.Title, Body: f.Problem})
	}
	f.Tags = splitList(joinList(f.Tags))
	return checkLang(f.Lang)
}

func (s *Store) insertFAQ(ctx context.Context, tx *wtx, actor string, f *FAQ) error {
	var ticket any
	if f.TicketID != 0 {
		ticket = f.TicketID
	}
	f.CreatedBy, f.CreatedAt = actor, time.UnixMilli(ms(s.now()))
	var err error
	f.ID, err = tx.insertID(ctx, "id", `INSERT INTO faq_articles (title, problem, solution, tags, lang, ticket_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.Title, f.Problem, f.Solution, joinList(f.Tags), f.Lang, ticket, actor, ms(f.CreatedAt))
	return err
}

func (s *Store) faqs(ctx context.Context, query string, args ...any) ([]FAQ, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FAQ
	for rows.Next() {
		f, err := scanFAQ(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FAQs lists articles in lang ("" for all), newest first, at most limit.
func (s *Store) FAQs(ctx context.Context, lang string, limit int) ([]FAQ, error) {
	return s.faqs(ctx, "SELECT "+faqCols+" FROM faq_articles WHERE ? = '' OR lang = ? ORDER BY id DESC LIMIT ?", lang, lang, limit)
}

// SearchFAQ finds articles containing every word of query (in the title,
// tags, problem or solution, ignoring ASCII case), best first: a word in
// the title counts 4, in the tags 3, in the problem 2, in the solution 1.
// Plain LIKE, so any SQL database runs it; the knowledge base is small.
// An empty query lists the newest articles.
func (s *Store) SearchFAQ(ctx context.Context, query string, limit int) ([]FAQ, error) {
	terms := strings.Fields(strings.ToLower(query))
	if len(terms) == 0 {
		return s.FAQs(ctx, "", limit)
	}
	if len(terms) > maxSearchTerms {
		terms = terms[:maxSearchTerms]
	}
	var score, where []string
	var scoreArgs, whereArgs []any
	for _, t := range terms {
		like := "%" + escapeLike(t) + "%"
		score = append(score, `CASE WHEN lower(title) LIKE ? ESCAPE '\' THEN 4 ELSE 0 END
			+ CASE WHEN lower(tags) LIKE ? ESCAPE '\' THEN 3 ELSE 0 END
			+ CASE WHEN lower(problem) LIKE ? ESCAPE '\' THEN 2 ELSE 0 END
			+ CASE WHEN lower(solution) LIKE ? ESCAPE '\' THEN 1 ELSE 0 END`)
		where = append(where, `(lower(title) LIKE ? ESCAPE '\' OR lower(tags) LIKE ? ESCAPE '\'
			OR lower(problem) LIKE ? ESCAPE '\' OR lower(solution) LIKE ? ESCAPE '\')`)
		scoreArgs = append(scoreArgs, like, like, like, like)
		whereArgs = append(whereArgs, like, like, like, like)
	}
	q := "SELECT " + faqCols + " FROM (SELECT faq_articles.*, " + strings.Join(score, " + ") + " AS score FROM faq_articles WHERE " +
		strings.Join(where, " AND ") + ") AS ranked ORDER BY score DESC, id DESC LIMIT ?"
	return s.faqs(ctx, q, append(append(scoreArgs, whereArgs...), limit)...)
}

// SimilarFAQ suggests articles for replying to t: those most like the
// ticket's title and body (triage.Similarity), best first, at most limit.
// It compares against every article, which is fine for a knowledge base of
// a few thousand.
func (s *Store) SimilarFAQ(ctx context.Context, t domain.Ticket, limit int) ([]FAQ, error) {
	all, err := s.faqs(ctx, "SELECT "+faqCols+" FROM faq_articles")
	if err != nil {
		return nil, err
	}
	type scored struct {
		f FAQ
		v float64
	}
	text := t.Title + "\n" + t.Body
	var hits []scored
	for _, f := range all {
		v := max(triage.Similarity(t.Title, f.Title), triage.Similarity(text, f.Title+"\n"+f.Problem))
		if v >= similarFAQThreshold {
			hits = append(hits, scored{f, v})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int {
		switch {
		case a.v > b.v:
			return -1
		case a.v < b.v:
			return 1
		}
		return 0
	})
	out := make([]FAQ, 0, min(limit, len(hits)))
	for i := 0; i < len(hits) && i < limit; i++ {
		out = append(out, hits[i].f)
	}
	return out, nil
}
