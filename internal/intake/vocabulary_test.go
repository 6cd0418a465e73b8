package intake

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
)

// mixedFile spells every value differently: ids, DESIGN's long names,
// the UI's Chinese labels, case and separator variants, other desks'
// words, and values nobody knows (left to triage, or an error for the
// channel).
const mixedFile = `external_id,channel,title,body,category,priority,customer_tier
m1,app_store,Crash on start,The app crashes when I open it,product_suggestion,P1,VIP
m2,In-App,Please add dark mode,It would be great to have a dark mode,Product Suggestion,urgent,普通
m3,应用商店,退款,退款两周了还没到账,服务投诉,高,
m4,web form,How do I export,How do I export my data to a spreadsheet,usage_question,normal,regular
m5,微信,物流太慢,快递一周了还没到,物流配送,一般,
m6,Phone,Price too high,The new plan costs too much,价格费用,P4,
m7,e-mail,Something,The button does nothing when I click it,whatever,someday,
m8,fax machine,Hello,Hello there friend,other,low,
m9,social media,快递丢了,快递丢了怎么办,,,
`

func TestImportMixedVocabulary(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	ctx := context.Background()
	sum, err := in.Import(ctx, "ada", strings.NewReader(mixedFile), interchange.CSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 9 || sum.Imported+sum.Rejected.Count != 8 || sum.Errors.Count != 1 {
		t.Fatalf("summary %+v", sum)
	}
	if e := sum.Errors.First[0]; e.Line != 9 || !strings.Contains(e.Reason, "channel") || !strings.Contains(e.Reason, "应用商店") {
		t.Errorf("unknown channel: %v", e)
	}
	if sum.Filled.Count != 2 || sum.Filled.First[0].Line != 8 || !strings.Contains(sum.Filled.First[0].Reason, "category") ||
		!strings.Contains(sum.Filled.First[1].Reason, "priority") {
		t.Errorf("left to triage: %+v", sum.Filled)
	}
	want := map[string]struct {
		ch   domain.Channel
		cat  domain.Category
		prio domain.Priority
		tier domain.Tier
	}{
		"m1": {domain.AppStore, domain.Suggestion, domain.High, domain.TierVIP},
		"m2": {domain.InApp, domain.Suggestion, domain.High, domain.TierNormal},
		"m3": {domain.AppStore, domain.Complaint, domain.High, domain.TierNormal},
		"m4": {domain.WebForm, domain.Question, domain.Medium, domain.TierNormal},
		"m5": {domain.WeChat, domain.Logistics, domain.Medium, domain.TierNormal},
		"m6": {domain.Hotline, domain.Pricing, domain.Low, domain.TierNormal},
		"m7": {domain.Email, domain.Malfunction, domain.Medium, domain.TierNormal}, // triage's choice
		"m9": {domain.Social, domain.Logistics, domain.Medium, domain.TierNormal},
	}
	stored := map[string]domain.Ticket{}
	for i := range sum.Imported {
		tk, err := s.TicketByKey(ctx, domain.Key(int64(1+i)))
		if err != nil {
			t.Fatal(err)
		}
		stored[tk.ExternalID] = tk
	}
	for ext, w := range want {
		tk, ok := stored[ext]
		if !ok {
			t.Errorf("%s not imported", ext)
			continue
		}
		if tk.Channel != w.ch || tk.Category != w.cat || tk.Priority != w.prio || tk.Customer.Tier != w.tier {
			t.Errorf("%s stored %s/%s/%s/%s, want %s/%s/%s/%s", ext, tk.Channel, tk.Category, tk.Priority, tk.Customer.Tier, w.ch, w.cat, w.prio, w.tier)
		}
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	ctx := context.Background()
	sum, err := in.DryRun(ctx, strings.NewReader(mixedFile), interchange.CSV)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 9 || sum.Imported != 8 || sum.Errors.Count != 1 || sum.Filled.Count != 2 {
		t.Fatalf("dry run %+v", sum)
	}
	if c, _ := s.Counts(ctx); c[domain.Pending] != 0 {
		t.Fatalf("dry run stored tickets: %v", c)
	}
}
