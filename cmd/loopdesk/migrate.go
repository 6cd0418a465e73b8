package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/loopdesk/loopdesk/store"
)

func migrateCmd(env *cliEnv) *cobra.Command {
	c := verb("Copy this desk into a new database: SQLite to PostgreSQL, or back",
		"migrate --to DB [--json]\n"+
			"  Copies the desk --db names (a SQLite file or a postgres:// URL) into DB, a new SQLite file or an\n"+
			"  empty PostgreSQL database or schema (postgres://…?search_path=NAME): every ticket, event, note,\n"+
			"  agent, key, rollup and template, ids kept, in one transaction, then compares every table's count\n"+
			"  and column sums with the source. The desk secret is copied beside the target first (for a URL,\n"+
			"  into the data directory: copy that file to every node). A target that already holds a desk is\n"+
			"  refused. The source may stay in use: it is read in one snapshot. To bring in tickets from\n"+
			"  another help desk's CSV export, use import --from instead.",
		noArgs)
	to := c.Flags().String("to", "", "the new database: a SQLite file or a postgres:// URL")
	asJSON := c.Flags().Bool("json", false, "print the report as JSON")
	c.RunE = func(c *cobra.Command, _ []string) error {
		if *to == "" {
			return usagef("migrate: want --to DB (a new SQLite file or a postgres:// URL)")
		}
		from, err := env.dbPath("loopdesk.db")
		if err != nil {
			return err
		}
		var o store.CopyOptions
		if !*asJSON {
			o.Progress = func(table string, rows int64) {
				fmt.Fprintf(env.stderr, "  copied %s (%d rows)\n", table, rows)
			}
		}
		rep, err := store.CopyDesk(c.Context(), from, *to, o)
		if *asJSON && len(rep.Tables) > 0 {
			if jerr := writeJSON(env.stdout, rep); jerr != nil {
				return jerr
			}
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return nil
		}
		rows := make([][]string, 0, len(rep.Tables))
		for _, t := range rep.Tables {
			ok := "ok"
			if !t.Verified {
				ok = "DIFFERS"
			}
			rows = append(rows, []string{t.Table, strconv.FormatInt(t.Rows, 10), strconv.FormatInt(t.Copied, 10), ok})
		}
		if err := tabbed(env, "TABLE\tSOURCE\tCOPIED\tVERIFIED", rows); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "copied %s to %s: %d tables, %d rows in %.1f s (%.0f rows/s), schema %d; counts and column sums verified\n",
			rep.From, rep.To, len(rep.Tables), rep.Rows, rep.Seconds, rep.RowsPerSecond, rep.SchemaVersion)
		fmt.Fprintf(env.stdout, "desk secret: %s (keep it with the desk; every node needs a copy)\n", store.SecretPath(*to))
		return nil
	}
	return c
}
