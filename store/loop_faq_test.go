package store

import (
	"context"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestKnowledgeBase(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := resolved(t, s, "路由器频繁断网")
		_, err := s.PromoteFAQ(ctx, "bob", tk.ID, FAQ{})
		wantErr(t, err, ErrInvalid, "only a closed ticket")
		tk, _ = s.Score(ctx, "bob", tk.ID, tk.Version, Scores{Timeliness: 5, Effectiveness: 5, Attitude: 5, Overall: 5})
		f, err := s.PromoteFAQ(ctx, "cy", tk.ID, FAQ{Tags: []string{"路由器", "断网"}})
		if err != nil {
			t.Fatal(err)
		}
		if f.ID == 0 || f.Title != "路由器频繁断网" || f.Problem != "details of 路由器频繁断网" || f.Solution != "replaced the router" ||
			f.Lang != "zh" || f.TicketID != tk.ID || f.CreatedBy != "cy" || len(f.Tags) != 2 {
			t.Fatalf("promoted %+v", f)
		}
		if got := kinds(t, s, tk.ID); got[len(got)-len("faq_promoted:faq"):] != "faq_promoted:faq" {
			t.Fatalf("timeline %s", got)
		}
		for _, in := range []FAQ{
			{Title: "Reset the WiFi password", Problem: "Customer forgot the router password", Solution: "Hold reset for 10 s", Tags: []string{"wifi", "router"}},
			{Title: "Invoice request", Problem: "How to get a VAT invoice", Solution: "Send it from the app; wifi not needed"},
		} {
			if _, err := s.AddFAQ(ctx, "bob", in); err != nil {
				t.Fatal(err)
			}
		}
		_, err = s.AddFAQ(ctx, "bob", FAQ{Title: "x", Problem: "y"})
		wantErr(t, err, ErrInvalid, "solution: must not be empty")
		_, err = s.AddFAQ(ctx, "bob", FAQ{Title: "x", Problem: "y", Solution: "z", Lang: "fr"})
		wantErr(t, err, ErrInvalid, "language")

		titles := func(fs []FAQ) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.Title)
			}
			return out
		}
		hits, err := s.SearchFAQ(ctx, "WiFi", 10)
		if err != nil || len(hits) != 2 || hits[0].Title != "Reset the WiFi password" || hits[0].Lang != "en" {
			t.Fatalf("search wifi: %q %v", titles(hits), err)
		}
		if hits, _ := s.SearchFAQ(ctx, "router password", 10); len(hits) != 1 {
			t.Fatalf("every word must match: %q", titles(hits))
		}
		if hits, _ := s.SearchFAQ(ctx, "断网", 10); len(hits) != 1 || hits[0].ID != f.ID {
			t.Fatalf("search 断网: %q", titles(hits))
		}
		if hits, _ := s.SearchFAQ(ctx, "100%_", 10); len(hits) != 0 {
			t.Fatalf("LIKE wildcards were not escaped: %q", titles(hits))
		}
		if all, _ := s.SearchFAQ(ctx, " ", 10); len(all) != 3 || all[0].Title != "Invoice request" {
			t.Fatalf("empty search lists newest first: %q", titles(all))
		}
		if zh, _ := s.FAQs(ctx, "zh", 10); len(zh) != 1 {
			t.Fatalf("zh articles %q", titles(zh))
		}

		similar, err := s.SimilarFAQ(ctx, domain.Ticket{Title: "家里路由器老是断网", Body: "每天晚上断网好几次"}, 3)
		if err != nil || len(similar) == 0 || similar[0].ID != f.ID {
			t.Fatalf("similar: %q %v", titles(similar), err)
		}
		if similar, _ := s.SimilarFAQ(ctx, domain.Ticket{Title: "Refund for a broken kettle"}, 3); len(similar) != 0 {
			t.Fatalf("unrelated suggestions: %q", titles(similar))
		}
	})
}
