package intake

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

func item(ext, title, body string) Item {
	return Item{NewTicket: store.NewTicket{ExternalID: ext, Title: title, Body: body, Channel: domain.Hotline}}
}

func TestSubmitOutcomes(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	ctx := context.Background()
	same := item("a1", "发票开错了", "我的发票抬头开错了，麻烦重新开一张")
	same.CustomerName, same.CustomerPhone = "李雷", "13700001111"
	again := same
	again.ExternalID, again.Body = "a2", same.Body+"，谢谢"
	spam := item("a3", "兼职刷单日赚500", "加微信 http://x.example")
	agentSaid := item("a4", "测试", "")
	agentSaid.Confirmed = true
	res, err := in.Submit(ctx, "ada", []Item{same, again, spam, agentSaid, same})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.IngestOutcome{store.IngestCreated, store.IngestLinked, store.IngestRejected, store.IngestCreated, store.IngestRepeat}
	for i, r := range res {
		if r.Outcome != want[i] {
			t.Errorf("item %d: %s (%v), want %s", i, r.Outcome, r.Err, want[i])
		}
	}
	if res[1].Ticket != res[0].Ticket || res[4].Ticket != res[0].Ticket || res[2].Reason == "" || res[2].Rejected == 0 {
		t.Errorf("results %+v", res)
	}
	// A channel that does not exist may not post.
	if _, err := in.Submit(ctx, store.ChannelActor("nope"), []Item{item("b1", "hello", "world")}); err == nil {
		t.Error("unknown channel posted")
	}
}

func TestSuggest(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	r := in.Suggest("支付失败", "扣款了但是订单显示失败", domain.Hotline, domain.TierVIP)
	if r.Priority != "high" || r.PriorityReason == "" || r.Invalid {
		t.Errorf("%+v", r)
	}
}

func TestConfigChecked(t *testing.T) {
	s, _ := newStore(t)
	for _, cfg := range []Config{{DuplicateThreshold: 1.5}, {DuplicateWindow: -time.Hour}, {DuplicateWindow: 32 * 24 * time.Hour}, {SurgeMultiple: -1}, {SurgeMinCount: -2}} {
		if _, err := New(s, cfg); err == nil {
			t.Errorf("accepted %+v", cfg)
		}
	}
}

// TestSurgeRaisesOneEmergencyAnHour: a quiet week, then a burst of
// complaints raises one emergency; more complaints within the hour raise
// none; the next hour's burst raises another.
func TestSurgeRaisesOneEmergencyAnHour(t *testing.T) {
	s, c := newStore(t)
	in := newIntake(t, s, Config{SurgeMultiple: 3, SurgeMinCount: 5})
	ctx := context.Background()
	complaint := func(n int, at time.Time) Item {
		it := item(fmt.Sprintf("n%d", n), "客服态度太差", fmt.Sprintf("第%d次打电话都没人处理，非常不满意，我要投诉", n))
		it.ReceivedAt = at
		return it
	}
	// The week before: one complaint a day, a baseline of about 0.04/h.
	var week []Item
	for d := 1; d <= 7; d++ {
		week = append(week, complaint(100+d, c.t.Add(-time.Duration(d)*24*time.Hour+time.Hour)))
	}
	if _, err := in.Submit(ctx, "ada", week); err != nil {
		t.Fatal(err)
	}
	emergencies := func() int {
		evs, _ := s.EventsAfter(ctx, 0, 10000)
		n := 0
		for _, e := range evs {
			if e.Kind == domain.EvEmergency {
				n++
			}
		}
		return n
	}
	if emergencies() != 0 {
		t.Fatal("a quiet week raised an emergency")
	}
	for i := range 4 {
		if _, err := in.Submit(ctx, "ada", []Item{complaint(i, time.Time{})}); err != nil {
			t.Fatal(err)
		}
	}
	if emergencies() != 0 {
		t.Fatal("4 complaints (under the minimum of 5) raised an emergency")
	}
	for i := 4; i < 8; i++ {
		if _, err := in.Submit(ctx, "ada", []Item{complaint(i, time.Time{})}); err != nil {
			t.Fatal(err)
		}
	}
	if emergencies() != 1 {
		t.Fatalf("%d emergencies after the burst, want 1", emergencies())
	}
	e, ok, err := s.ActiveEmergency(ctx)
	if err != nil || !ok || e.LastHour != 5 || e.Multiple != 3 {
		t.Fatalf("active emergency %+v %v %v", e, ok, err)
	}
	c.t = c.t.Add(61 * time.Minute)
	for i := 10; i < 16; i++ {
		if _, err := in.Submit(ctx, "ada", []Item{complaint(i, time.Time{})}); err != nil {
			t.Fatal(err)
		}
	}
	if emergencies() != 2 {
		t.Fatalf("%d emergencies after the next hour's burst, want 2", emergencies())
	}
}
