package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/table"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/internal/triage"
	"github.com/loopdesk/loopdesk/internal/triage/learn"
	"github.com/loopdesk/loopdesk/store"
)

func triageCmd(env *cliEnv) *cobra.Command {
	return group("triage", "Learned triage: train on the desk's history, evaluate, review the unsure",
		triageTrainCmd(env), triageEvalCmd(env), triageQueueCmd(env))
}

// readExamplesFile reads a labelled interchange file (see triage.ReadExamples).
func readExamplesFile(path string) ([]triage.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return triage.ReadExamples(f, path)
}

// trainedJSON is what train reports.
type trainedJSON struct {
	Version   int64 `json:"model_version"`
	Examples  int   `json:"examples"`
	Category  int   `json:"category_examples"`
	Sentiment int   `json:"sentiment_examples"`
	Invalid   int   `json:"invalid_examples"`
}

func triageTrainCmd(env *cliEnv) *cobra.Command {
	c := verb("Train a new triage model on the desk's confirmed tickets",
		"train [--add FILE] [--triage RULES] [--json]\n"+
			"  confirmed: the category came with the item, or an agent worked the ticket;\n"+
			"  --add also learns from a labelled file (interchange format plus sentiment and invalid columns)",
		noArgs)
	fs := c.Flags()
	add := fs.String("add", "", "a labelled file to learn from besides the desk's history")
	rulesPath := fs.String("triage", "", "the triage rules the model is blended with (as for import and serve)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		rules, err := loadTriageRules(*rulesPath)
		if err != nil {
			return err
		}
		var extra []triage.Example
		if *add != "" {
			if extra, err = readExamplesFile(*add); err != nil {
				return err
			}
		}
		return env.withStore(ctx, func(s *store.Store, me domain.Agent) error {
			m, hdr, err := learn.Train(ctx, s, me.Name, rules, extra)
			if err != nil {
				return err
			}
			out := trainedJSON{Version: hdr.Version, Examples: hdr.Examples}
			out.Category, out.Sentiment, out.Invalid = m.Examples()
			if *asJSON {
				return writeJSON(env.stdout, out)
			}
			fmt.Fprintf(env.stdout, "model %d: %d examples (category %d, sentiment %d, invalid %d)\n",
				out.Version, out.Examples, out.Category, out.Sentiment, out.Invalid)
			return nil
		})
	}
	return c
}

func triageEvalCmd(env *cliEnv) *cobra.Command {
	c := verb("Score triage on a labelled file",
		"eval FILE [--train FILE] [--triage RULES] [--json]\n"+
			"  FILE: interchange format (CSV or JSONL) whose category column is the label, with optional\n"+
			"  sentiment and invalid columns; without --train the desk's current model is scored",
		exactArgs(1, "triage eval: want FILE, a labelled file"))
	fs := c.Flags()
	trainPath := fs.String("train", "", "score a model trained on this labelled file instead (as if the desk had this history)")
	rulesPath := fs.String("triage", "", "the triage rules (as for import and serve)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		rules, err := loadTriageRules(*rulesPath)
		if err != nil {
			return err
		}
		test, err := readExamplesFile(args[0])
		if err != nil {
			return err
		}
		m, trained, err := evalModel(c.Context(), env, *trainPath, rules)
		if err != nil {
			return err
		}
		rep := triage.Evaluate(test, func(in triage.Input) triage.Result { return triage.AnalyzeWith(in, rules, m) })
		rep.Trained = trained
		if m != nil {
			rep.Model = m.Version
		}
		if *asJSON {
			return writeJSON(env.stdout, rep)
		}
		return rep.WriteText(env.stdout)
	}
	return c
}

// evalModel is the model eval scores: trained on trainPath when given,
// else the desk's newest (nil when it has none), with its training size.
func evalModel(ctx context.Context, env *cliEnv, trainPath string, rules *triage.Rules) (*triage.Model, int, error) {
	if trainPath != "" {
		train, err := readExamplesFile(trainPath)
		if err != nil {
			return nil, 0, err
		}
		return triage.Train(train, rules), len(train), nil
	}
	s, _, err := env.open(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer s.Close()
	m, err := learn.Load(ctx, s)
	if err != nil || m == nil {
		return nil, 0, err
	}
	hdr, _, _, err := s.LatestTriageModel(ctx)
	return m, hdr.Examples, err
}

// queuedJSON is a ticket in the triage queue.
type queuedJSON struct {
	Key        string   `json:"key"`
	Title      string   `json:"title"`
	Suggested  string   `json:"suggested_category"`
	Confidence float64  `json:"confidence"`
	Reasons    []string `json:"reasons"`
	Model      int64    `json:"model_version"`
}

func triageQueueCmd(env *cliEnv) *cobra.Command {
	c := verb("List tickets triage was too unsure to route",
		"queue [--limit N] [--json]\n  pending tickets whose learned suggestion fell below the confidence threshold, oldest first;\n"+
			"  setting the category (ticket edit --category) takes one out",
		noArgs)
	fs := c.Flags()
	limit := fs.Int("limit", 50, "at most this many tickets")
	asJSON := fs.Bool("json", false, "print JSON lines, one ticket per line")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		if *limit < 1 || *limit > 10000 {
			return usagef("triage queue: --limit must be between 1 and 10000")
		}
		return env.withStore(ctx, func(s *store.Store, _ domain.Agent) error {
			q, err := s.TriageQueue(ctx, *limit)
			if err != nil {
				return err
			}
			if len(q) == 0 && !*asJSON {
				fmt.Fprintln(env.stderr, "the triage queue is empty: every pending ticket's suggestion was confident enough to route")
				return nil
			}
			tw := table.New(env.stdout)
			for _, it := range q {
				j := queuedJSON{Key: it.Ticket.Key(), Title: it.Ticket.Title, Suggested: string(it.Suggestion.Category),
					Confidence: it.Suggestion.Confidence, Reasons: it.Suggestion.Reasons, Model: it.Suggestion.Model}
				if *asJSON {
					if err := writeJSON(env.stdout, j); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\n", j.Key, j.Suggested, strconv.FormatFloat(j.Confidence, 'f', 2, 64),
					textsafe.Line(strings.Join(j.Reasons, ", ")), textsafe.Truncate(textsafe.Line(j.Title), 50))
			}
			return tw.Flush()
		})
	}
	return c
}
