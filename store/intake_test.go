package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// sameText is a stand-in for triage.Similarity: the store only applies
// the rule it is given.
func sameText(a, b string) float64 {
	bang := strings.NewReplacer("!", "", "！", "")
	if bang.Replace(a) == bang.Replace(b) {
		return 0.9
	}
	return 0.1
}

var dupRule = DuplicateRule{Window: 72 * time.Hour, Threshold: 0.8, Similarity: sameText}

func arrival(ext, title string) Arrival {
	return Arrival{NewTicket: NewTicket{ExternalID: ext, Title: title, Body: "打开就闪退", Channel: domain.WeChat,
		Category: domain.Malfunction, Priority: domain.Medium, CustomerName: "张三丰", CustomerPhone: "13800138000",
		Sentiment: "negative", PriorityReason: "medium: malfunction"}}
}

func TestIngestLinksNearDuplicatesOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		noPhone := arrival("d4", "APP闪退")
		noPhone.CustomerPhone = ""
		res, err := s.Ingest(ctx, "bob", []Arrival{arrival("d1", "APP闪退"), arrival("d2", "APP闪退！！"), arrival("d3", "无法登录"), noPhone}, dupRule)
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Outcome != IngestCreated || res[1].Outcome != IngestLinked || res[1].Ticket != res[0].Ticket ||
			res[2].Outcome != IngestCreated || res[3].Outcome != IngestCreated {
			t.Fatalf("results %+v", res)
		}
		tk, _ := s.Ticket(ctx, res[0].Ticket)
		if tk.Duplicates != 1 || tk.Version != 2 || tk.PriorityReason != "medium: malfunction" || tk.Sentiment != "negative" {
			t.Fatalf("linked ticket %+v", tk)
		}
		// Re-sending both changes nothing.
		again, err := s.Ingest(ctx, "bob", []Arrival{arrival("d1", "APP闪退"), arrival("d2", "APP闪退！！")}, dupRule)
		if err != nil || again[0].Outcome != IngestRepeat || again[1].Outcome != IngestRepeat || again[1].Ticket != tk.ID {
			t.Fatalf("re-sent %+v %v", again, err)
		}
		if tk, _ := s.Ticket(ctx, tk.ID); tk.Duplicates != 1 || tk.Version != 2 {
			t.Fatalf("re-send linked again: %+v", tk)
		}
		// Outside the window, or once the ticket is resolved, it is new feedback.
		advance(now, 73*time.Hour)
		late := arrival("d5", "APP闪退")
		if r, _ := s.Ingest(ctx, "bob", []Arrival{late}, dupRule); r[0].Outcome != IngestCreated {
			t.Fatalf("outside the window: %+v", r)
		}
		// The status alone decides (how a ticket gets resolved is not intake's business).
		if _, err := s.w.Exec("UPDATE tickets SET status = 'resolved' WHERE id = ?", r0(t, s, "d5")); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Ingest(ctx, "bob", []Arrival{arrival("d6", "APP闪退")}, dupRule); r[0].Outcome != IngestCreated {
			t.Fatalf("linked to a resolved ticket: %+v", r)
		}
		dups, err := s.Duplicates(ctx, tk.ID)
		if err != nil || len(dups) != 1 || dups[0].ExternalID != "d2" || dups[0].Actor != "bob" || dups[0].Similarity != 0.9 {
			t.Fatalf("duplicates %+v %v", dups, err)
		}
	})
}

// r0 finds a ticket id by external id.
func r0(t *testing.T, s *Store, ext string) int64 {
	t.Helper()
	var id int64
	if err := s.r.QueryRow("SELECT id FROM tickets WHERE external_id = ?", ext).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestIngestRefusesBadFieldsAndStrangers(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, _ := slaStore(t)
		ctx := context.Background()
		bad := arrival("x1", "ok")
		bad.CustomerPhone = "12"
		if err := s.CheckTicket(bad.NewTicket); !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "phone") {
			t.Fatalf("CheckTicket: %v", err)
		}
		res, err := s.Ingest(ctx, "bob", []Arrival{bad, arrival("x2", "fine")}, dupRule)
		if err != nil || res[0].Outcome != IngestRefused || !errors.Is(res[0].Err, ErrInvalid) || res[1].Outcome != IngestCreated {
			t.Fatalf("%+v %v", res, err)
		}
		for _, actor := range []string{"nobody", ChannelActor("nowhere")} {
			if _, err := s.Ingest(ctx, actor, []Arrival{arrival("x3", "x")}, dupRule); !errors.Is(err, ErrForbidden) {
				t.Errorf("%s: %v", actor, err)
			}
		}
	})
}

func TestRejectedKeptAndRestored(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, _ := slaStore(t)
		ctx := context.Background()
		spam := arrival("r1", "加微信领红包")
		spam.Reject = "spam: promotional content"
		other := arrival("r2", "test")
		other.Reject = "no content: placeholder text"
		res, err := s.Ingest(ctx, "bob", []Arrival{spam, other}, dupRule)
		if err != nil || res[0].Outcome != IngestRejected || res[0].Rejected == 0 {
			t.Fatalf("%+v %v", res, err)
		}
		list, err := s.Rejected(ctx, 1, 0)
		if err != nil || len(list) != 1 || list[0].Item.ExternalID != "r2" {
			t.Fatalf("first page %+v %v", list, err)
		}
		list, _ = s.Rejected(ctx, 10, list[0].ID)
		if len(list) != 1 || list[0].Reason != spam.Reject || list[0].Actor != "bob" ||
			list[0].Item.CustomerName != "张**" || list[0].Item.CustomerPhone != "8000" {
			t.Fatalf("second page %+v", list)
		}
		if r, _ := s.Ingest(ctx, "bob", []Arrival{spam}, dupRule); r[0].Outcome != IngestRepeat || r[0].Rejected != res[0].Rejected {
			t.Fatalf("re-sent rejected item: %+v", r)
		}

		tk, err := s.RestoreRejected(ctx, "cy", res[0].Rejected)
		if err == nil {
			t.Fatal("unknown agent restored")
		}
		tk, err = s.RestoreRejected(ctx, "bob", res[0].Rejected)
		if err != nil || tk.Title != "加微信领红包" || tk.ExternalID != "r1" || tk.Customer.Phone4 != "8000" ||
			tk.Customer.Name != "张**" || tk.Status != domain.Pending || tk.Category != domain.Malfunction {
			t.Fatalf("restored %+v %v", tk, err)
		}
		tl, _ := s.Timeline(ctx, tk.ID)
		if len(tl) != 2 || tl[0].Kind != domain.EvCreated || tl[1].Kind != domain.EvIntakeRestored || tl[1].Before != spam.Reject {
			t.Fatalf("timeline %+v", tl)
		}
		if _, err := s.RestoreRejected(ctx, "bob", res[0].Rejected); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tk.Key()) {
			t.Fatalf("restored twice: %v", err)
		}
		if list, _ := s.Rejected(ctx, 10, 0); len(list) != 1 || list[0].Item.ExternalID != "r2" {
			t.Fatalf("restored item still listed: %+v", list)
		}
		if r, _ := s.RejectedByID(ctx, res[0].Rejected); r.RestoredTicket != tk.ID || r.RestoredBy != "bob" || r.RestoredAt.IsZero() {
			t.Fatalf("restored item %+v", r)
		}
		if r, _ := s.Ingest(ctx, "bob", []Arrival{spam}, dupRule); r[0].Outcome != IngestRepeat || r[0].Ticket != tk.ID {
			t.Fatalf("re-sent restored item: %+v", r)
		}
		if _, err := s.RestoreRejected(ctx, "bob", 999); !errors.Is(err, ErrNotFound) {
			t.Fatalf("missing item: %v", err)
		}
	})
}

func TestEmergencyOnceAnHour(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		e, raised, err := s.RaiseEmergency(ctx, Emergency{LastHour: 40, Baseline: 2.5, Multiple: 3})
		if err != nil || !raised || e.ID == 0 {
			t.Fatalf("first: %+v %v %v", e, raised, err)
		}
		advance(now, 59*time.Minute)
		if again, raised, err := s.RaiseEmergency(ctx, Emergency{LastHour: 80}); err != nil || raised || again.ID != e.ID {
			t.Fatalf("second within the hour: %+v %v %v", again, raised, err)
		}
		if act, ok, _ := s.ActiveEmergency(ctx); !ok || act.ID != e.ID || act.LastHour != 40 {
			t.Fatalf("active %+v %v", act, ok)
		}
		advance(now, 2*time.Minute)
		if _, ok, _ := s.ActiveEmergency(ctx); ok {
			t.Fatal("emergency active after an hour")
		}
		if _, raised, _ := s.RaiseEmergency(ctx, Emergency{LastHour: 80}); !raised {
			t.Fatal("no emergency after the hour")
		}
		evs, _ := s.EventsAfter(ctx, 0, 100)
		var kinds []domain.Event
		for _, ev := range evs {
			if ev.Kind == domain.EvEmergency {
				kinds = append(kinds, ev)
			}
		}
		if len(kinds) != 2 || kinds[0].TicketID != 0 || kinds[0].Before != "2.5" || kinds[0].After != "40" || kinds[0].Actor != domain.SystemActor {
			t.Fatalf("emergency events %+v", kinds)
		}
	})
}

func TestNegativeCount(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now, _ := slaStore(t)
		ctx := context.Background()
		t0 := time.UnixMilli(now.Load())
		var items []Arrival
		for i, at := range []time.Duration{-3 * time.Hour, -30 * time.Minute, -10 * time.Minute, -time.Minute} {
			a := arrival(string(rune('a'+i)), "x")
			a.CustomerPhone, a.ReceivedAt = "", t0.Add(at)
			items = append(items, a)
		}
		neutral := arrival("n", "y")
		neutral.Sentiment, neutral.ReceivedAt = "neutral", t0
		items = append(items, neutral)
		if _, err := s.Ingest(ctx, "bob", items, DuplicateRule{}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			from, to time.Time
			limit    int
			want     int
		}{
			{t0.Add(-time.Hour), time.Time{}, 0, 3},
			{t0.Add(-time.Hour), time.Time{}, 2, 2},
			{t0.Add(-4 * time.Hour), t0.Add(-time.Hour), 0, 1},
		} {
			if n, err := s.NegativeCount(ctx, c.from, c.to, c.limit); err != nil || n != c.want {
				t.Errorf("%+v: %d %v", c, n, err)
			}
		}
	})
}

func TestChannelTokensStoredHashed(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, path := slaStore(t)
		ctx := context.Background()
		token, err := s.AddChannel(ctx, "ada", "website", domain.WebForm)
		if err != nil || !strings.HasPrefix(token, "ldk_") || len(token) < 40 {
			t.Fatalf("token %q %v", token, err)
		}
		if _, err := s.AddChannel(ctx, "ada", "website", domain.Email); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("added twice: %v", err)
		}
		if _, err := s.AddChannel(ctx, "bob", "app", domain.InApp); !errors.Is(err, ErrForbidden) {
			t.Fatalf("agent added a channel: %v", err)
		}
		for _, bad := range []string{"", "Web Site", "-x", strings.Repeat("a", 33)} {
			if _, err := s.AddChannel(ctx, "ada", bad, domain.WebForm); !errors.Is(err, ErrInvalid) {
				t.Errorf("name %q: %v", bad, err)
			}
		}
		if _, err := s.AddChannel(ctx, "ada", "fax", "fax"); !errors.Is(err, ErrInvalid) {
			t.Errorf("kind fax: %v", err)
		}
		c, err := s.ChannelByToken(ctx, token)
		if err != nil || c.Name != "website" || c.Kind != domain.WebForm {
			t.Fatalf("by token: %+v %v", c, err)
		}
		for _, wrong := range []string{"", "ldk_", token + "x", strings.TrimPrefix(token, "ldk_")} {
			if _, err := s.ChannelByToken(ctx, wrong); !errors.Is(err, ErrNotFound) {
				t.Errorf("token %q: %v", wrong, err)
			}
		}
		// Posting as the channel works while it exists.
		if _, err := s.Ingest(ctx, ChannelActor("website"), []Arrival{arrival("w1", "hi there")}, dupRule); err != nil {
			t.Fatal(err)
		}

		rotated, err := s.RotateChannel(ctx, "ada", "website")
		if err != nil || rotated == token {
			t.Fatalf("rotate: %v", err)
		}
		if _, err := s.ChannelByToken(ctx, token); !errors.Is(err, ErrNotFound) {
			t.Fatal("old token still works after rotation")
		}
		if c, err := s.ChannelByToken(ctx, rotated); err != nil || c.RotatedAt.IsZero() {
			t.Fatalf("new token: %+v %v", c, err)
		}
		if list, _ := s.IntakeChannels(ctx); len(list) != 1 || list[0].Name != "website" {
			t.Fatalf("list %+v", list)
		}
		s.Close()
		// Neither token is anywhere in the file, WAL included.
		for _, f := range []string{path, path + "-wal"} {
			data, _ := os.ReadFile(f)
			if bytes.Contains(data, []byte(token)) || bytes.Contains(data, []byte(rotated)) {
				t.Fatalf("a token is stored in clear in %s", f)
			}
		}
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.RemoveChannel(ctx, "ada", "website"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChannelByToken(ctx, rotated); !errors.Is(err, ErrNotFound) {
			t.Fatal("token works after removal")
		}
		if _, err := s.Ingest(ctx, ChannelActor("website"), []Arrival{arrival("w2", "x")}, dupRule); !errors.Is(err, ErrForbidden) {
			t.Fatalf("removed channel posted: %v", err)
		}
		if err := s.RemoveChannel(ctx, "ada", "website"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("removed twice: %v", err)
		}
	})
}

func TestRoundRobinAssignsInTurn(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s := newTestStore(t) // bob and cy are agents of tech_support
		ctx := context.Background()
		var owners []string
		for i := range 4 {
			res, err := s.Ingest(ctx, "ada", []Arrival{{RoundRobin: true, NewTicket: NewTicket{
				Title: fmt.Sprintf("crash %d", i), Channel: domain.AppStore, Category: domain.Malfunction, Team: "tech_support"}}}, DuplicateRule{})
			if err != nil || res[0].Outcome != IngestCreated {
				t.Fatalf("ingest: %+v %v", res, err)
			}
			tk, _ := s.Ticket(ctx, res[0].Ticket)
			if tk.Status != domain.Pending {
				t.Fatalf("auto-assigned ticket should wait in pending, is %s", tk.Status)
			}
			owners = append(owners, tk.Owner)
		}
		if got := strings.Join(owners, ","); got != "bob,cy,bob,cy" {
			t.Fatalf("owners %s, want bob,cy,bob,cy", got)
		}
		res, _ := s.Ingest(ctx, "ada", []Arrival{{RoundRobin: true, NewTicket: NewTicket{Title: "idea", Channel: domain.Email, Team: "product"}}}, DuplicateRule{})
		if tk, _ := s.Ticket(ctx, res[0].Ticket); tk.Owner != "" {
			t.Fatalf("team without agents: owner %q", tk.Owner)
		}
		// The batch chose the owners: their search documents are tagged
		// with them, not as unassigned.
		if err := s.CheckSearchTags(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
