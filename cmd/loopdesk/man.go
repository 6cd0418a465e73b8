package main

import (
	"fmt"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// manCmd writes loopdesk's man page, generated from the commands
// themselves so it cannot drift from --help.
func manCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Write the man page (roff) to standard output",
		Long: "Write the man page (roff) to standard output, e.g.\n" +
			"  loopdesk man > /usr/local/share/man/man1/loopdesk.1",
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, c.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(c.OutOrStdout(), page.Build(roff.NewDocument()))
			return err
		},
	}
}
