package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestParseMentions(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		for body, want := range map[string][]string{
			"@cy please check, cc @Sam.":       {"cy", "sam"},
			"请@bob看看，@bob 再看":                  {"bob"},
			"mail ops@example.com or see a/@x": nil,
			"@wang.fang: the fix; @li-ming-":   {"wang.fang", "li-ming"},
			"@@double @ alone @9digit":         nil,
			"(@cy) [@sam]\n@ada":               {"cy", "sam", "ada"},
		} {
			if got := parseMentions(body); !reflect.DeepEqual(got, want) {
				t.Errorf("parseMentions(%q) = %q, want %q", body, got, want)
			}
		}
	})
}

func TestMentionsInNotes(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "账单错误", domain.Medium)
		tk, err := s.AddNote(ctx, "bob", tk.ID, tk.Version, "@cy 请核对账单，cc @sam；@nobody 不是坐席，@bob 是我自己")
		if err != nil {
			t.Fatal(err)
		}
		for agent, want := range map[string]int{"cy": 1, "sam": 1, "bob": 0, "ada": 0} {
			if n, err := s.UnreadMentions(ctx, agent); err != nil || n != want {
				t.Errorf("%s: %d unread (%v), want %d", agent, n, err, want)
			}
		}
		ms, err := s.Mentions(ctx, "cy", true, 10)
		if err != nil || len(ms) != 1 || ms[0].TicketID != tk.ID || ms[0].Author != "bob" || !strings.Contains(ms[0].Note, "请核对账单") ||
			ms[0].Title != "账单错误" || !ms[0].ReadAt.IsZero() {
			t.Fatalf("mentions %+v %v", ms, err)
		}
		other := working(t, s, "another", domain.Low)
		if _, err := s.AddNote(ctx, "sam", other.ID, other.Version, "@cy this one too"); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.MarkMentionsRead(ctx, "cy", tk.ID); n != 1 {
			t.Fatalf("marked %d read", n)
		}
		if n, _ := s.UnreadMentions(ctx, "cy"); n != 1 {
			t.Fatalf("unread after reading one card: %d", n)
		}
		if n, _ := s.MarkMentionsRead(ctx, "cy", 0); n != 1 {
			t.Fatalf("mark all read: %d", n)
		}
		if all, _ := s.Mentions(ctx, "cy", false, 10); len(all) != 2 || all[0].ReadAt.IsZero() || all[0].TicketID != other.ID {
			t.Fatalf("all mentions %+v", all)
		}
	})
}

func TestMerge(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		survivor := working(t, s, "App 闪退", domain.High)
		dup := working(t, s, "App 又闪退了", domain.Medium)
		dup, _ = s.AddNote(ctx, "bob", dup.ID, dup.Version, "same customer, second call")
		dup, _, _ = s.Resolve(ctx, "bob", dup.ID, dup.Version, "pending one") // medium: resolved at once
		dup, _ = s.Reopen(ctx, "bob", dup.ID, dup.Version, "not fixed")

		_, _, err := s.Merge(ctx, "cy", survivor.ID, survivor.Version, dup.ID, dup.Version)
		wantErr(t, err, ErrForbidden, "belongs to bob")
		_, _, err = s.Merge(ctx, "bob", survivor.ID, survivor.Version-1, dup.ID, dup.Version)
		wantErr(t, err, ErrConflict, survivor.Key()+" changed since you opened it")
		if got, _ := s.Ticket(ctx, dup.ID); got.Version != dup.Version || got.Status != domain.InProgress {
			t.Fatal("a refused merge changed the duplicate")
		}
		_, _, err = s.Merge(ctx, "bob", dup.ID, dup.Version, dup.ID, dup.Version)
		wantErr(t, err, ErrInvalid, "itself")

		sv, d, err := s.Merge(ctx, "bob", survivor.ID, survivor.Version, dup.ID, dup.Version)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != domain.Closed || d.DuplicateOf != survivor.ID || sv.Version != survivor.Version+1 {
			t.Fatalf("after merge: dup %+v survivor v%d", d, sv.Version)
		}
		tl, err := s.MergedTimeline(ctx, survivor.ID)
		if err != nil {
			t.Fatal(err)
		}
		var fromDup, merged int
		for i, e := range tl {
			if i > 0 && e.Seq <= tl[i-1].Seq {
				t.Fatal("merged timeline out of order")
			}
			if e.TicketID == dup.ID {
				fromDup++
			}
			if e.Kind == EvMerged {
				merged++
			}
		}
		if fromDup < 5 || merged != 2 {
			t.Fatalf("merged timeline: %d events of the duplicate, %d merge events", fromDup, merged)
		}
		notes, _ := s.MergedNotes(ctx, survivor.ID)
		if len(notes) != 1 || notes[0].TicketID != dup.ID {
			t.Fatalf("merged notes %+v", notes)
		}
		_, _, err = s.Merge(ctx, "bob", survivor.ID, sv.Version, dup.ID, d.Version)
		wantErr(t, err, ErrInvalid, "already merged into "+survivor.Key())

		// Merging the survivor into a third ticket carries its duplicates along.
		third := working(t, s, "App crash", domain.Medium)
		if _, _, err := s.Merge(ctx, "sam", third.ID, third.Version, survivor.ID, sv.Version); err != nil {
			t.Fatal(err)
		}
		notes, _ = s.MergedNotes(ctx, third.ID)
		if len(notes) != 1 {
			t.Fatalf("transitive merge lost the notes: %+v", notes)
		}
		counts, _ := s.Counts(ctx)
		if counts[domain.Closed] != 2 || counts[domain.InProgress] != 1 {
			t.Fatalf("column counts %v", counts)
		}
	})
}

func TestLinks(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		a := working(t, s, "a", domain.Low)
		b := working(t, s, "b", domain.Low)
		c := working(t, s, "c", domain.Low)
		if err := s.Link(ctx, "cy", b.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Link(ctx, "cy", c.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		wantErr(t, s.Link(ctx, "cy", a.ID, b.ID), ErrDuplicate, "already linked")
		wantErr(t, s.Link(ctx, "cy", a.ID, a.ID), ErrInvalid, "itself")
		wantErr(t, s.Link(ctx, "cy", a.ID, 999), ErrNotFound, "FB-1999")
		links, err := s.Links(ctx, b.ID)
		if err != nil || len(links) != 2 || links[0].ID != a.ID || links[1].ID != c.ID || links[0].Body != "" {
			t.Fatalf("links of b: %+v %v", links, err)
		}
		if got := kinds(t, s, a.ID); !strings.HasSuffix(got, "linked:link") {
			t.Fatalf("timeline of a: %s", got)
		}
	})
}
