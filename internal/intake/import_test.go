package intake

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/interchange"
	"github.com/loopdesk/loopdesk/store"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// newStore opens a fresh database with admin "ada" on a clock at t0.
func newStore(t testing.TB) (*store.Store, *clock) {
	t.Helper()
	return newStoreAt(t, filepath.Join(t.TempDir(), "in.db"))
}

// newStoreAt opens the desk at db with ada logged in, on the test clock.
func newStoreAt(t testing.TB, db string) (*store.Store, *clock) {
	t.Helper()
	ctx := context.Background()
	c := &clock{t0}
	s, err := store.Open(ctx, db, store.WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	return s, c
}

func newIntake(t testing.TB, s *store.Store, cfg Config) *Intake {
	t.Helper()
	in, err := New(s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

const csvFile = `external_id,channel,received_at,customer_name,customer_phone,customer_tier,industry,product,version,order_no,title,body,category,priority,mood
wx-1,wechat,2026-11-01T08:00:00+08:00,张三,13800138000,vip,retail,LoopPay,2.3,SO1,支付失败,"扣款了但订单失败,
请尽快处理",malfunction,high,angry
wx-2,fax,2026-11-01T09:00:00Z,Li,,,,,,,bad channel,,,,
wx-3,email,not-a-date,Li,,,,,,,bad date,,,,
wx-4,email,,Anna Schmidt,+49 30 1234 5678,normal,,,,,Refund please,,pricing,,
wx-5,email,,Bob,12,,,,,,short phone,,,,
wx-1,wechat,,张三,,,,,,,same id again,,,,
`

func TestImportReportsBadRowsAndKeepsGoing(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	ctx := context.Background()
	sum, err := in.Import(ctx, "ada", strings.NewReader(csvFile), interchange.CSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 6 || sum.Imported != 2 || sum.Repeats != 1 || sum.Errors.Count != 3 || sum.Rejected.Count != 0 {
		t.Fatalf("summary %+v", sum)
	}
	want := map[int]string{4: "channel", 5: "received_at", 7: "phone"}
	for _, p := range sum.Errors.First {
		if w, ok := want[p.Line]; !ok || !strings.Contains(p.Reason, w) {
			t.Errorf("error %v; want lines/reasons %v", p, want)
		}
	}
	if sum.Errors.First[0].Line != 4 || sum.Errors.First[2].Line != 7 {
		t.Errorf("errors not in line order: %v", sum.Errors.First)
	}
	if len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0], "mood") {
		t.Errorf("warnings %v", sum.Warnings)
	}
	tk, err := s.TicketByKey(ctx, "FB-1001")
	if err != nil || tk.Priority != domain.High || tk.Customer.Name != "张*" || tk.Customer.Phone4 != "8000" ||
		tk.Customer.Tier != domain.TierVIP || !strings.Contains(tk.Body, "\n") {
		t.Fatalf("imported ticket %+v %v", tk, err)
	}
	// Stated category and priority stay; the team follows the category.
	if tk.Category != domain.Malfunction || tk.Team != "tech_support" || tk.Sentiment != "negative" || tk.PriorityReason == "" {
		t.Errorf("triage of a stated row: %s %s %s %q", tk.Category, tk.Team, tk.Sentiment, tk.PriorityReason)
	}
	// Safe to re-run: everything good is now a repeat.
	again, err := in.Import(ctx, "ada", strings.NewReader(csvFile), interchange.CSV, nil)
	if err != nil || again.Imported != 0 || again.Repeats != 3 {
		t.Fatalf("re-run %+v %v", again, err)
	}
}

// triageCSV mixes Chinese and English, a customer writing twice, spam,
// placeholders and bad rows. The comments on the right are the line
// numbers (the header is line 1; wx-3's body spans two lines).
const triageCSV = `external_id,channel,received_at,customer_name,customer_phone,customer_tier,title,body,category,priority
c1,hotline,2026-11-01T08:00:00+08:00,张三,13800138000,vip,APP闪退,更新到3.2版本以后一打开就闪退，重装了两次也没用,,
c2,wechat,2026-11-01T20:00:00+08:00,张三,138-0013-8000,,APP闪退,更新到3.2版本以后一打开就闪退，重装了两次也没用！！,,
c3,email,2026-11-01T10:00:00+08:00,Anna Schmidt,,,Refund please,"I was charged twice for order 8812.
Please refund the second payment.",,
c4,web,2026-11-01T10:05:00+08:00,,,,加微信领红包 http://spam.example/win,,,
c5,web,2026-11-01T10:06:00+08:00,,,,测试,,,
c6,fax,2026-11-01T10:07:00+08:00,,,,bad channel,,,
c7,email,2026-11-01T10:08:00+08:00,Li,12,,short phone,the parcel has not arrived,,
c8,appstore,2026-10-28T09:00:00+08:00,张三,13800138000,,APP闪退,更新到3.2版本以后一打开就闪退，重装了两次也没用,,
c9,email,2026-11-01T11:00:00+08:00,王芳,13912345678,,快递一周还没到,物流信息一直没有更新,logistics,low
c10,hotline,2026-11-01T12:00:00+08:00,张三,13800138000,,物流太慢,快递一周还没到，物流信息一直没有更新,,
`

func TestImportTriagesLinksAndRejects(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	ctx := context.Background()
	sum, err := in.Import(ctx, "ada", strings.NewReader(triageCSV), interchange.CSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	// c1, c3, c8 (outside the 72 h window), c9, c10 (other text) are new;
	// c2 repeats c1; c4 and c5 are junk; c6 and c7 are bad rows.
	if sum.Rows != 10 || sum.Imported != 5 || sum.Linked != 1 || sum.Rejected.Count != 2 || sum.Errors.Count != 2 || sum.Repeats != 0 {
		t.Fatalf("summary %+v", sum)
	}
	wantRejected := []Problem{{6, "spam: promotional link"}, {7, "no content: placeholder text"}}
	for i, p := range sum.Rejected.First {
		if p != wantRejected[i] {
			t.Errorf("rejected %v, want %v", p, wantRejected[i])
		}
	}
	if sum.Reasons["spam: promotional link"] != 1 || sum.Reasons["no content: placeholder text"] != 1 {
		t.Errorf("reasons %v", sum.Reasons)
	}
	if sum.Errors.First[0].Line != 8 || !strings.Contains(sum.Errors.First[0].Reason, "channel") ||
		sum.Errors.First[1].Line != 9 || !strings.Contains(sum.Errors.First[1].Reason, "phone") {
		t.Errorf("errors %v", sum.Errors.First)
	}

	c1, _ := s.TicketByKey(ctx, "FB-1001")
	if c1.ExternalID != "c1" || c1.Duplicates != 1 || c1.Version != 2 || c1.Category != domain.Malfunction ||
		c1.Team != "tech_support" || c1.Sentiment != "negative" || c1.Priority != domain.High ||
		!strings.Contains(c1.PriorityReason, "VIP") || len(c1.Keywords) == 0 {
		t.Fatalf("c1 %+v", c1)
	}
	dups, err := s.Duplicates(ctx, c1.ID)
	if err != nil || len(dups) != 1 || dups[0].ExternalID != "c2" || dups[0].Channel != domain.WeChat || dups[0].Similarity < 0.8 {
		t.Fatalf("duplicates %+v %v", dups, err)
	}
	tl, _ := s.Timeline(ctx, c1.ID)
	if last := tl[len(tl)-1]; last.Kind != domain.EvDuplicateLinked || last.After != "1" {
		t.Errorf("timeline ends with %+v", last)
	}
	c9, _ := s.TicketByKey(ctx, "FB-1004")
	if c9.ExternalID != "c9" || c9.Category != domain.Logistics || c9.Priority != domain.Low || c9.Team != "logistics" ||
		!strings.HasPrefix(c9.PriorityReason, "low: stated") {
		t.Errorf("c9 keeps what it stated: %+v", c9)
	}
	rej, err := s.Rejected(ctx, 10, 0)
	if err != nil || len(rej) != 2 || rej[0].Item.ExternalID != "c5" || rej[1].Reason != "spam: promotional link" {
		t.Fatalf("rejected list %+v %v", rej, err)
	}

	// A second run changes nothing: every stored row is a repeat, whether
	// it became a ticket, a duplicate or a rejection.
	again, err := in.Import(ctx, "ada", strings.NewReader(triageCSV), interchange.CSV, nil)
	if err != nil || again.Imported != 0 || again.Linked != 0 || again.Rejected.Count != 0 || again.Repeats != 8 || again.Errors.Count != 2 {
		t.Fatalf("re-run %+v %v", again, err)
	}
	if c1, _ := s.TicketByKey(ctx, "FB-1001"); c1.Duplicates != 1 {
		t.Errorf("re-run linked again: %d", c1.Duplicates)
	}
}

func TestImportJSONLChinese(t *testing.T) {
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	ctx := context.Background()
	data := `{"external_id":"j1","channel":"wechat","title":"客服态度太差","body":"打了三次电话都没人处理，非常不满意，我要投诉"}
{"external_id":"j2","channel":"inapp","title":"建议增加夜间模式","body":"晚上用太刺眼了，希望能加一个深色主题"}
not json
{"external_id":"j3","channel":"email","body":"啊啊啊啊啊啊"}
`
	sum, err := in.Import(ctx, "ada", strings.NewReader(data), interchange.JSONL, nil)
	if err != nil || sum.Imported != 2 || sum.Rejected.Count != 1 || sum.Errors.Count != 1 || sum.Errors.First[0].Line != 3 ||
		sum.Rejected.First[0].Line != 4 {
		t.Fatalf("%+v %v", sum, err)
	}
	j1, _ := s.TicketByKey(ctx, "FB-1001")
	j2, _ := s.TicketByKey(ctx, "FB-1002")
	if j1.Category != domain.Complaint || j1.Team != "service_quality" || j1.Sentiment != "negative" {
		t.Errorf("j1 %s %s %s", j1.Category, j1.Team, j1.Sentiment)
	}
	if j2.Category != domain.Suggestion || j2.Team != "product" {
		t.Errorf("j2 %s %s", j2.Category, j2.Team)
	}
}

func TestExportReimports(t *testing.T) {
	src, _ := newStore(t)
	ctx := context.Background()
	if _, err := newIntake(t, src, Config{}).Import(ctx, "ada", strings.NewReader(csvFile), interchange.CSV, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []interchange.Format{interchange.CSV, interchange.JSONL} {
		var buf bytes.Buffer
		n, err := Export(ctx, src, &buf, f)
		if err != nil || n != 2 {
			t.Fatalf("export %d %v", n, err)
		}
		if strings.Contains(buf.String(), "13800138000") {
			t.Fatal("export leaked a full phone number")
		}
		dst, _ := newStore(t)
		sum, err := newIntake(t, dst, Config{}).Import(ctx, "ada", &buf, f, nil)
		if err != nil || sum.Imported != 2 || sum.Errors.Count != 0 {
			t.Fatalf("reimport %v: %+v %v", f, sum, err)
		}
		a, _ := src.TicketByKey(ctx, "FB-1001")
		b, _ := dst.TicketByKey(ctx, "FB-1001")
		if a.Title != b.Title || a.Body != b.Body || a.Customer != b.Customer || !a.ReceivedAt.Equal(b.ReceivedAt) ||
			a.Category != b.Category || a.Priority != b.Priority {
			t.Fatalf("round trip changed the ticket:\n%+v\n%+v", a, b)
		}
	}
}

// A file that yields nothing is an error with a reason; one whose lines end
// in a lone CR (old Mac exports) imports like any other.
func TestImportEmptyAndCROnlyFiles(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	in := newIntake(t, s, Config{})
	for _, tt := range []struct {
		data   string
		format interchange.Format
		want   string
	}{
		{"external_id,channel,title,body\n", interchange.CSV, "header row and nothing after it"},
		{"\n \n", interchange.JSONL, "no JSON lines"},
	} {
		if _, err := in.Import(ctx, "ada", strings.NewReader(tt.data), tt.format, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("import of %q: %v, want %q", tt.data, err, tt.want)
		}
	}
	mac := "external_id,channel,title,body\rmac-1,web,Printer jams,\"It jams\ron page 2\"\rmac-2,web,Screen flickers,b\r"
	sum, err := in.Import(ctx, "ada", strings.NewReader(mac), interchange.CSV, nil)
	if err != nil || sum.Rows != 2 || sum.Imported != 2 || sum.Errors.Count != 0 {
		t.Fatalf("CR-only import: %+v, %v", sum, err)
	}
}
