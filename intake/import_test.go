package intake

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/domain"
	"github.com/loopdesk/loopdesk/interchange"
	"github.com/loopdesk/loopdesk/store"
)

func newStore(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "in.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	return s
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
	s := newStore(t)
	ctx := context.Background()
	sum, err := Import(ctx, s, "ada", strings.NewReader(csvFile), interchange.CSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 6 || sum.Imported != 2 || sum.Duplicates != 1 || len(sum.Rejected) != 3 {
		t.Fatalf("summary %+v", sum)
	}
	want := map[int]string{4: "channel", 5: "received_at", 7: "phone"}
	for _, p := range sum.Rejected {
		if w, ok := want[p.Line]; !ok || !strings.Contains(p.Reason, w) {
			t.Errorf("rejected %v; want lines/reasons %v", p, want)
		}
	}
	if len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0], "mood") {
		t.Errorf("warnings %v", sum.Warnings)
	}
	tk, err := s.TicketByKey(ctx, "FB-1001")
	if err != nil || tk.Priority != domain.High || tk.Customer.Name != "张*" || tk.Customer.Phone4 != "8000" ||
		tk.Customer.Tier != domain.TierVIP || !strings.Contains(tk.Body, "\n") {
		t.Fatalf("imported ticket %+v %v", tk, err)
	}
	// Safe to re-run: everything good is now a duplicate.
	again, err := Import(ctx, s, "ada", strings.NewReader(csvFile), interchange.CSV, nil)
	if err != nil || again.Imported != 0 || again.Duplicates != 3 {
		t.Fatalf("re-run %+v %v", again, err)
	}
}

func TestExportReimports(t *testing.T) {
	src := newStore(t)
	ctx := context.Background()
	if _, err := Import(ctx, src, "ada", strings.NewReader(csvFile), interchange.CSV, nil); err != nil {
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
		dst := newStore(t)
		sum, err := Import(ctx, dst, "ada", &buf, f, nil)
		if err != nil || sum.Imported != 2 || len(sum.Rejected) != 0 {
			t.Fatalf("reimport %v: %+v %v", f, sum, err)
		}
		a, _ := src.TicketByKey(ctx, "FB-1001")
		b, _ := dst.TicketByKey(ctx, "FB-1001")
		if a.Title != b.Title || a.Body != b.Body || a.Customer != b.Customer || !a.ReceivedAt.Equal(b.ReceivedAt) {
			t.Fatalf("round trip changed the ticket:\n%+v\n%+v", a, b)
		}
	}
}

// BenchmarkImport measures CSV import end to end (parse, validate, batch
// insert with events) in rows per second.
func BenchmarkImport(b *testing.B) {
	const rows = 10_000
	var buf bytes.Buffer
	w := interchange.NewWriter(&buf, interchange.CSV)
	for i := range rows {
		w.Write(interchange.Record{ExternalID: fmt.Sprintf("bench-%d", i), Channel: "email",
			Title: fmt.Sprintf("订单 %d 物流太慢", i), Body: "快递一周还没到，请帮忙查询。Tracking has not moved for 6 days.",
			CustomerName: "王芳", CustomerPhone: "13912345678", Category: "logistics"})
	}
	w.Flush()
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		b.StartTimer()
		sum, err := Import(context.Background(), s, "ada", bytes.NewReader(data), interchange.CSV, nil)
		if err != nil || sum.Imported != rows {
			b.Fatalf("%+v %v", sum, err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
