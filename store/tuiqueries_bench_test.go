package store_test

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkTeamLoad measures the team view's read: maintained counts, so
// its cost follows the agents, not the tickets.
func BenchmarkTeamLoad(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			s := openFixture(b, n)
			ctx := context.Background()
			for b.Loop() {
				if _, err := s.TeamLoad(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
