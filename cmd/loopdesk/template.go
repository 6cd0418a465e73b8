package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
)

func templateCmd(env *cliEnv) *cobra.Command {
	return group("template", "Canned customer replies (admins set them)", templateListCmd(env), templateSetCmd(env))
}

func templateListCmd(env *cliEnv) *cobra.Command {
	c := verb("List reply templates",
		"list [--lang zh|en] [--json]",
		noArgs)
	fs := c.Flags()
	asJSON := fs.Bool("json", false, "print JSON lines, one template per line")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
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
					// A template for any priority or category leaves the key out:
					// "any" is not a priority name.
					j := map[string]string{"name": t.Name, "lang": t.Lang, "body": t.Body, "updated_by": t.UpdatedBy}
					if t.Priority != nil {
						j["priority"] = prio
					}
					if t.Category != "" {
						j["category"] = string(t.Category)
					}
					if err := writeJSON(env.stdout, j); err != nil {
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
		})
	}
	return c
}

func templateSetCmd(env *cliEnv) *cobra.Command {
	c := verb("Create or replace a reply template",
		"set NAME --lang zh|en --body B [--priority P] [--category C]\n"+
			"  admins: create or replace a reply template; placeholders: "+strings.Join(store.Placeholders, ", ")+" ({{ for a literal brace)",
		exactArgs(1, "template set: want the template's NAME"))
	fs := c.Flags()
	body := fs.String("body", "", "the reply text")
	priority := fs.String("priority", "", "offer it only for this priority (default any)")
	category := fs.String("category", "", "offer it only for this category (default any)")
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		name := args[0]
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
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			if err := s.SetTemplate(ctx, me.Name, t); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "template %s (%s) saved\n", name, env.lang)
			return nil
		})
	}
	return c
}
