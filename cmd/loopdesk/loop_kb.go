package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func runTemplate(ctx context.Context, env *cliEnv, args []string) error {
	return dispatch(ctx, env, "template", args,
		subcommand{"list", templateList},
		subcommand{"set", templateSet},
	)
}

func templateList(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("template list", "loopdesk template list [--lang zh|en] [--json]")
	asJSON := fs.Bool("json", false, "print JSON lines, one template per line")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	s, _, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Templates(ctx, env.lang)
	if err != nil {
		return err
	}
	var rows [][]string
	for _, t := range list {
		prio := "any"
		if t.Priority != nil {
			prio = t.Priority.String()
		}
		cat := orDash(string(t.Category))
		if *asJSON {
			if err := writeJSON(env.stdout, map[string]string{"name": t.Name, "lang": t.Lang, "priority": prio,
				"category": string(t.Category), "body": t.Body, "updated_by": t.UpdatedBy}); err != nil {
				return err
			}
			continue
		}
		rows = append(rows, []string{t.Name, t.Lang, prio, cat, textsafe.Truncate(textsafe.Line(t.Body), 70)})
	}
	if *asJSON {
		return nil
	}
	return tabbed(env, "NAME\tLANG\tPRIORITY\tCATEGORY\tBODY", rows)
}

func templateSet(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("template set", "loopdesk template set NAME --lang zh|en --body B [--priority P] [--category C]\n"+
		"  admins: create or replace a reply template; placeholders: "+strings.Join(store.Placeholders, ", ")+" ({{ for a literal brace)")
	body := fs.String("body", "", "the reply text")
	priority := fs.String("priority", "", "offer it only for this priority (default any)")
	category := fs.String("category", "", "offer it only for this category (default any)")
	name, err := oneArg(fs, args, "template set: want the template's NAME")
	if err != nil {
		return err
	}
	if env.lang == "" || *body == "" {
		return usagef("template set: want --lang zh|en and --body")
	}
	t := store.Template{Name: name, Lang: env.lang, Body: *body, Category: domain.Category(*category)}
	if *priority != "" {
		p, err := domain.ParsePriority(*priority)
		if err != nil {
			return usageError{err.Error()}
		}
		t.Priority = &p
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetTemplate(ctx, me.Name, t); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "template %s (%s) saved\n", name, env.lang)
	return nil
}

func runFAQ(ctx context.Context, env *cliEnv, args []string) error {
	return dispatch(ctx, env, "faq", args,
		subcommand{"add", faqAdd},
		subcommand{"list", faqList},
		subcommand{"search", faqSearch},
	)
}

func faqAdd(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("faq add", "loopdesk faq add (--from KEY | --title T --problem P --solution S) [--tags a,b] [--lang zh|en] [--json]\n"+
		"  --from promotes a closed ticket's solution; the other flags override what it takes from the ticket")
	from := fs.String("from", "", "a closed ticket whose solution becomes the article")
	var f store.FAQ
	fs.StringVar(&f.Title, "title", "", "the article's title")
	fs.StringVar(&f.Problem, "problem", "", "the problem, as customers put it")
	fs.StringVar(&f.Solution, "solution", "", "the solution")
	tags := fs.String("tags", "", "comma-separated tags")
	asJSON := fs.Bool("json", false, "print the article as JSON")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	f.Lang = env.lang
	if *tags != "" {
		f.Tags = strings.Split(*tags, ",")
	}
	s, me, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if *from != "" {
		var t domain.Ticket
		if t, err = s.TicketByKey(ctx, *from); err == nil {
			f, err = s.PromoteFAQ(ctx, me.Name, t.ID, f)
		}
	} else {
		f, err = s.AddFAQ(ctx, me.Name, f)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, faqJSONOf(f))
	}
	fmt.Fprintf(env.stdout, "article %d: %s\n", f.ID, textsafe.Line(f.Title))
	return nil
}

func faqList(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("faq list", "loopdesk faq list [--lang zh|en] [--limit N] [--json]")
	limit := fs.Int("limit", 50, "at most this many articles, newest first")
	asJSON := fs.Bool("json", false, "print JSON lines, one article per line")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	return printFAQs(ctx, env, *limit, *asJSON, func(s *store.Store) ([]store.FAQ, error) {
		return s.FAQs(ctx, env.lang, *limit)
	})
}

func faqSearch(ctx context.Context, env *cliEnv, args []string) error {
	fs := env.flags("faq search", "loopdesk faq search WORDS... [--limit N] [--json]\n  articles holding every word, best first")
	limit := fs.Int("limit", 10, "at most this many articles")
	asJSON := fs.Bool("json", false, "print JSON lines, one article per line")
	words, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return usagef("faq search: want words to look for")
	}
	return printFAQs(ctx, env, *limit, *asJSON, func(s *store.Store) ([]store.FAQ, error) {
		return s.SearchFAQ(ctx, strings.Join(words, " "), *limit)
	})
}

func printFAQs(ctx context.Context, env *cliEnv, limit int, asJSON bool, read func(*store.Store) ([]store.FAQ, error)) error {
	if limit <= 0 {
		return usagef("--limit must be positive")
	}
	s, _, err := env.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := read(s)
	if err != nil {
		return err
	}
	if asJSON {
		for _, f := range list {
			if err := writeJSON(env.stdout, faqJSONOf(f)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(list) == 0 {
		fmt.Fprintln(env.stderr, "no articles")
		return nil
	}
	rows := make([][]string, 0, len(list))
	for _, f := range list {
		from := "-"
		if f.TicketID != 0 {
			from = domain.Key(f.TicketID)
		}
		rows = append(rows, []string{strconv.FormatInt(f.ID, 10), f.Lang, from, textsafe.Truncate(textsafe.Line(f.Title), 40),
			textsafe.Truncate(textsafe.Line(f.Solution), 60)})
	}
	return tabbed(env, "ID\tLANG\tFROM\tTITLE\tSOLUTION", rows)
}

type faqJSON struct {
	ID        int64    `json:"id"`
	Title     string   `json:"title"`
	Problem   string   `json:"problem"`
	Solution  string   `json:"solution"`
	Tags      []string `json:"tags,omitempty"`
	Lang      string   `json:"lang"`
	Ticket    string   `json:"ticket,omitempty"`
	CreatedBy string   `json:"created_by"`
	CreatedAt string   `json:"created_at"`
}

func faqJSONOf(f store.FAQ) faqJSON {
	j := faqJSON{ID: f.ID, Title: f.Title, Problem: f.Problem, Solution: f.Solution, Tags: f.Tags, Lang: f.Lang,
		CreatedBy: f.CreatedBy, CreatedAt: rfc3339(f.CreatedAt)}
	if f.TicketID != 0 {
		j.Ticket = domain.Key(f.TicketID)
	}
	return j
}
