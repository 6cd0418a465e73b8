package store

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// Placeholders are the names a reply body may use in braces, e.g.
// "{customer}". "{{" writes a literal "{".
//
//	customer     "客户" / "customer": kept for templates a desk wrote with
//	             it; the stored name is masked ("张**"), and masked data
//	             never reaches a customer, so it is not used
//	key          the ticket key, FB-1042
//	team         the owning team's name in the reply's language
//	expected     when the resolution is due, in the desk's zone, named:
//	             "2026-11-03 17:00 Asia/Shanghai (UTC+8)"
//	survey_link  a fresh one-use satisfaction survey link (made when sent)
//	agent        the replying agent's display name
//	summary      the ticket's solution summary; in a problem's notices, the
//	             fix or the reason it was declined
//	release      in a planned request's notice, the target release
//	question     what the agent asked a ticket waiting for the customer
//	compensation the ticket's latest approved compensation ("a coupon of 50")
var Placeholders = []string{"customer", "key", "team", "expected", "survey_link", "agent", "summary", "release", "question", "compensation"}

// Template is a canned reply. Priority and Category narrow which tickets
// it is offered for (nil and "" mean any).
type Template struct {
	Name      string
	Lang      string // zh or en
	Priority  *domain.Priority
	Category  domain.Category
	Body      string
	UpdatedBy string
	UpdatedAt time.Time
}

// RenderTemplate fills the {name} placeholders of body from vars. A brace
// followed by a name and a closing brace is a placeholder and must be in
// vars, so a typo like {custmer} is an error, not a reply with a hole in
// it; "{{" is a literal "{", and any other brace is kept as written.
// Values are inserted as they are, never rendered again.
func RenderTemplate(body string, vars map[string]string) (string, error) {
	return renderLookup(body, "{", func(name string) (string, bool, error) {
		v, ok := vars[name]
		return v, ok, nil
	})
}

// renderLookup is RenderTemplate with values looked up on demand, so a
// value that costs something (a survey token) is made only if the body
// uses it. Literal braces are written as lit: "{" for the text sent, "{{"
// for a draft that will be rendered again when sent.
func renderLookup(body, lit string, lookup func(name string) (v string, ok bool, err error)) (string, error) {
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); {
		c := body[i]
		if c != '{' {
			b.WriteByte(c)
			i++
			continue
		}
		if strings.HasPrefix(body[i:], "{{") {
			b.WriteString(lit)
			i += 2
			continue
		}
		j := i + 1
		for j < len(body) && isNameByte(body[j]) {
			j++
		}
		if j == i+1 || j == len(body) || body[j] != '}' {
			b.WriteString(lit)
			i++
			continue
		}
		name := body[i+1 : j]
		v, ok, err := lookup(name)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", invalid("unknown placeholder {%s} (use %s; write {{ for a literal brace)", name, braced(Placeholders))
		}
		b.WriteString(v)
		i = j + 1
	}
	return b.String(), nil
}

// EscapeTemplate makes s render as itself: text inserted into a reply
// (a customer's name, an FAQ answer) can never read as a placeholder.
func EscapeTemplate(s string) string { return strings.ReplaceAll(s, "{", "{{") }

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func braced(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{" + n + "}"
	}
	return strings.Join(out, " ")
}

// checkTemplate refuses a body with an unknown placeholder.
func checkTemplate(body string) error {
	vars := make(map[string]string, len(Placeholders))
	for _, p := range Placeholders {
		vars[p] = ""
	}
	_, err := RenderTemplate(body, vars)
	return err
}

// ReplyLang is the language to answer a ticket in: Chinese when the
// customer wrote any, else English.
func ReplyLang(t domain.Ticket) string {
	for _, r := range t.Title + t.Body {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return "en"
}

func checkLang(lang string) error {
	if lang != "zh" && lang != "en" {
		return invalid("language %q: want zh or en", lang)
	}
	return nil
}

var templateNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

const templateCols = "name, lang, priority, coalesce(category, ''), body, updated_by, updated_at"

func scanTemplate(row interface{ Scan(...any) error }) (Template, error) {
	var t Template
	var prio sql.NullInt64
	var cat string
	var at int64
	if err := row.Scan(&t.Name, &t.Lang, &prio, &cat, &t.Body, &t.UpdatedBy, &at); err != nil {
		return t, err
	}
	if prio.Valid {
		p := domain.Priority(prio.Int64)
		t.Priority = &p
	}
	t.Category, t.UpdatedAt = domain.Category(cat), time.UnixMilli(at)
	return t, nil
}

func (s *Store) templates(ctx context.Context, query string, args ...any) ([]Template, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Templates lists the reply templates in lang ("" for both), by name.
func (s *Store) Templates(ctx context.Context, lang string) ([]Template, error) {
	return s.templates(ctx, "SELECT "+templateCols+" FROM reply_templates WHERE ? = '' OR lang = ? ORDER BY name, lang", lang, lang)
}

// TemplatesFor lists the templates to offer when replying to t in lang
// ("" for the customer's, see ReplyLang): those for its priority and
// category, the most specific first, then by name.
func (s *Store) TemplatesFor(ctx context.Context, t domain.Ticket, lang string) ([]Template, error) {
	if lang == "" {
		lang = ReplyLang(t)
	}
	return s.templates(ctx, "SELECT "+templateCols+` FROM reply_templates
		WHERE lang = ? AND (priority IS NULL OR priority = ?) AND (category IS NULL OR category = ?)
		ORDER BY (CASE WHEN priority IS NULL THEN 0 ELSE 1 END) + (CASE WHEN category IS NULL THEN 0 ELSE 1 END) DESC, name`,
		lang, int(t.Priority), string(t.Category))
}

// loadTemplate reads one template.
func loadTemplate(ctx context.Context, q rowQuerier, name, lang string) (Template, error) {
	t, err := scanTemplate(q.QueryRowContext(ctx, "SELECT "+templateCols+" FROM reply_templates WHERE name = ? AND lang = ?", name, lang))
	if errors.Is(err, sql.ErrNoRows) {
		return t, invalid("no %s template %q (see loopdesk template list)", lang, name)
	}
	return t, err
}

// SetTemplate creates or replaces a template; only admins may. The body
// is checked for unknown placeholders here, not when an agent sends it.
func (s *Store) SetTemplate(ctx context.Context, actor string, t Template) error {
	if !templateNameRE.MatchString(t.Name) {
		return invalid("template name %q: use 1–40 lower-case letters, digits, '_' or '-'", t.Name)
	}
	if err := checkLang(t.Lang); err != nil {
		return err
	}
	body, err := s.requireText("body", t.Body)
	if err != nil {
		return err
	}
	if err := checkTemplate(body); err != nil {
		return err
	}
	var prio, cat any
	if t.Priority != nil {
		if !t.Priority.Valid() {
			return invalid("priority: %v is not high, medium or low", *t.Priority)
		}
		prio = int(*t.Priority)
	}
	if t.Category != "" {
		if !t.Category.Valid() {
			return invalid("category: %q is not a category id (want one of %s)", t.Category, domain.JoinIDs(domain.Categories))
		}
		cat = string(t.Category)
	}
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "manage reply templates", domain.RoleAdmin); err != nil {
			return err
		}
		var before string
		if old, err := loadTemplate(ctx, tx, t.Name, t.Lang); err == nil {
			before = old.Body
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reply_templates (name, lang, priority, category, body, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, lang) DO UPDATE SET priority = excluded.priority,
			category = excluded.category, body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			t.Name, t.Lang, prio, cat, body, actor, ms(s.now())); err != nil {
			return err
		}
		return s.event(ctx, tx, 0, actor, EvTemplateChanged, t.Name+"."+t.Lang, eventExcerpt(before), eventExcerpt(body))
	})
}

// rowQuerier is what reading reply variables needs, inside a transaction or not.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// replyVars are the placeholder values for replying to t as a, in lang.
// survey_link is left to the caller: making one writes a token.
func (s *Store) replyVars(ctx context.Context, q rowQuerier, t domain.Ticket, a domain.Agent, lang string) (map[string]string, error) {
	zh := lang == "zh"
	team, err := replyTeam(ctx, q, t.Team, lang)
	if err != nil {
		return nil, err
	}
	customer := map[bool]string{true: "客户", false: "customer"}[zh]
	expected := map[bool]string{true: "尽快", false: "as soon as possible"}[zh]
	if !t.DueResolution.IsZero() {
		expected = t.DueResolution.In(s.Zone()).Format("2006-01-02 15:04") + " " + s.ZoneName(t.DueResolution)
	}
	agent := a.DisplayName
	if agent == "" {
		agent = a.Name
	}
	w, _, err := waitFrom(q.QueryRowContext(ctx, waitQuery, t.ID))
	if err != nil {
		return nil, err
	}
	comp, err := approvedCompensation(ctx, q, t.ID, lang)
	if err != nil {
		return nil, err
	}
	return map[string]string{"customer": customer, "key": t.Key(), "team": team, "expected": expected, "agent": agent,
		"summary": t.Solution, "release": "", "question": w.Reason, "compensation": comp}, nil
}

// replyTeam names a team in a reply in lang: a shipped team whose
// display name the desk has not changed by its name in the catalogue
// ("技术支持"), any other by the display name the desk gave it.
func replyTeam(ctx context.Context, q rowQuerier, name, lang string) (string, error) {
	display := name
	if err := q.QueryRowContext(ctx, "SELECT display_name FROM teams WHERE name = ?", name).Scan(&display); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if display == i18n.EN.Team(name) {
		return i18n.Lang(lang).Team(name), nil
	}
	return display, nil
}

// DraftReply renders template name for ticket id as agent would send it,
// for the reply form to show and edit, then pass to Reply as Draft.Text.
// {survey_link} stays a placeholder: the link (a one-use token) is made
// only when the reply is sent. lang "" is the customer's (ReplyLang).
func (s *Store) DraftReply(ctx context.Context, agent string, id int64, name, lang string) (string, error) {
	t, err := s.Ticket(ctx, id)
	if err != nil {
		return "", err
	}
	if lang == "" {
		lang = ReplyLang(t)
	}
	a, err := s.Agent(ctx, agent)
	if err != nil {
		return "", err
	}
	tpl, err := loadTemplate(ctx, s.r, name, lang)
	if err != nil {
		return "", err
	}
	vars, err := s.replyVars(ctx, s.r, t, a, lang)
	if err != nil {
		return "", err
	}
	return draftTemplate(tpl.Body, vars)
}

// draftTemplate renders body for editing: values and literal braces come
// out escaped and {survey_link} stays, so rendering the draft again gives
// exactly what rendering body would.
func draftTemplate(body string, vars map[string]string) (string, error) {
	return renderLookup(body, "{{", func(name string) (string, bool, error) {
		if name == "survey_link" {
			return "{survey_link}", true, nil
		}
		v, ok := vars[name]
		return EscapeTemplate(v), ok, nil
	})
}

// SMSRunes is the longest SMS variant of a reply: two concatenated
// segments of a Chinese text message (67 characters each) and a little.
const SMSRunes = 140

// linkRE finds web links in a rendered reply.
var linkRE = regexp.MustCompile(`https?://[^\s<>"）)]+`)

// SMSText is the SMS variant of a rendered reply (templates are written
// once; a text message is derived from the same text): one line, no link
// but the survey link, at most SMSRunes characters. When the text must be
// cut, it is cut before the survey link, which is kept whole.
func SMSText(text string) string {
	var survey string
	text = linkRE.ReplaceAllStringFunc(text, func(link string) string {
		if survey == "" && strings.Contains(link, SurveyPath) {
			survey = link
		}
		return ""
	})
	line := strings.Join(strings.Fields(text), " ")
	line = strings.TrimRight(line, " :：")
	room := SMSRunes
	if survey != "" {
		room -= len([]rune(survey)) + 1
	}
	if r := []rune(line); len(r) > room {
		line = string(r[:max(room-1, 0)]) + "…"
	}
	if survey != "" {
		line = strings.TrimSpace(line + " " + survey)
	}
	return line
}
