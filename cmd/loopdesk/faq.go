package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func faqCmd(env *cliEnv) *cobra.Command {
	return group("faq", "The knowledge base", faqAddCmd(env), faqListCmd(env), faqSearchCmd(env))
}

func faqAddCmd(env *cliEnv) *cobra.Command {
	c := verb("Add a knowledge-base article",
		"add (--from KEY | --title T --problem P --solution S) [--tags a,b] [--lang zh|en] [--json]\n"+
			"  --from promotes a closed ticket's solution; the other flags override what it takes from the ticket",
		noArgs)
	fs := c.Flags()
	from := fs.String("from", "", "a closed ticket whose solution becomes the article")
	var f store.FAQ
	fs.StringVar(&f.Title, "title", "", "the article's title")
	fs.StringVar(&f.Problem, "problem", "", "the problem, as customers put it")
	fs.StringVar(&f.Solution, "solution", "", "the solution")
	tags := fs.String("tags", "", "comma-separated tags")
	asJSON := fs.Bool("json", false, "print the article as JSON")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		f.Lang = env.lang
		if *tags != "" {
			f.Tags = strings.Split(*tags, ",")
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			var err error
			if *from != "" {
				// err stays the outer one: a refused promotion must reach the check below.
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
		})
	}
	return c
}

func faqListCmd(env *cliEnv) *cobra.Command {
	c := verb("List knowledge-base articles",
		"list [--lang zh|en] [--limit N] [--json]",
		noArgs)
	fs := c.Flags()
	limit := fs.Int("limit", 50, "at most this many articles, newest first")
	asJSON := fs.Bool("json", false, "print JSON lines, one article per line")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		return printFAQs(ctx, env, *limit, *asJSON, func(s *store.Store) ([]store.FAQ, error) {
			return s.FAQs(ctx, env.lang, *limit)
		})
	}
	return c
}

func faqSearchCmd(env *cliEnv) *cobra.Command {
	c := verb("Search the knowledge base",
		"search WORDS... [--limit N] [--json]\n  articles holding every word, best first",
		minArgs(1, "faq search: want words to look for"))
	fs := c.Flags()
	limit := fs.Int("limit", 10, "at most this many articles")
	asJSON := fs.Bool("json", false, "print JSON lines, one article per line")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		words := args
		return printFAQs(ctx, env, *limit, *asJSON, func(s *store.Store) ([]store.FAQ, error) {
			return s.SearchFAQ(ctx, strings.Join(words, " "), *limit)
		})
	}
	return c
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
