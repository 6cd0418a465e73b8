package intake

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/interchange"
)

// BenchmarkImport imports tickets=N rows (a generated CSV, cached in the
// temp directory) into an empty desk end to end — parse, triage,
// duplicate and repeat checks, batched inserts with events and rollups —
// and reports rows per second and peak memory: the Go heap, and the
// process's peak resident set (which also counts SQLite's page cache and
// the mapped database file). The million-row run takes minutes:
//
//	go test -run '^$' -bench 'Import/tickets=1000000' -benchtime 1x ./intake/
func BenchmarkImport(b *testing.B) {
	for _, rows := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("tickets=%d", rows), func(b *testing.B) {
			path, err := benchFile(rows)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				b.StopTimer()
				s, _ := newStore(b)
				in := newIntake(b, s, Config{})
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				peak := watchHeap()
				b.StartTimer()
				sum, err := in.Import(context.Background(), "ada", bufio.NewReaderSize(f, 64<<10), interchange.CSV, nil)
				b.StopTimer()
				heap := peak()
				f.Close()
				if err != nil || sum.Rows != rows || sum.Errors.Count != 0 {
					b.Fatalf("%+v %v", sum, err)
				}
				b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
				b.Logf("imported %d, linked %d, rejected %d of %d rows", sum.Imported, sum.Linked, sum.Rejected.Count, sum.Rows)
				b.StartTimer()
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			if hwm := peakRSS(); hwm > 0 {
				b.ReportMetric(float64(hwm)/(1<<20), "peak-RSS-MiB")
			}
		})
	}
}

// watchHeap samples the Go heap until the returned function is called,
// which returns the largest HeapInuse seen.
func watchHeap() func() uint64 {
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapInuse)
		mu.Unlock()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// peakRSS is the process's peak resident set (Linux VmHWM), or 0.
func peakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// benchFile returns the cached CSV of n generated rows, writing it first
// if needed (to a temporary name, so an interrupted run leaves no half file).
func benchFile(n int) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("loopdesk-import-%d-v1.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp, err := os.CreateTemp(os.TempDir(), "loopdesk-import-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	werr := writeBenchCSV(w, n)
	if err := w.Flush(); werr == nil {
		werr = err
	}
	if err := tmp.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return "", werr
	}
	return path, os.Rename(tmp.Name(), path)
}

// The generated feedback: realistic bilingual texts over every category,
// each with a detail that varies, so near-duplicate checks compare real
// text. About 3% of rows are a customer writing again about the same
// thing (linked as duplicates), 1% spam and 0.5% placeholder junk.
var (
	// %[1]s is the app version, %[2]s the order number.
	benchTexts = [][2]string{
		{"APP闪退", "更新到%[1]s版本以后一打开就闪退，重装了也没用，订单%[2]s还没付款"},
		{"支付失败但扣款了", "订单%[2]s付款时提示失败，但银行卡已经扣款，请尽快退款，版本%[1]s"},
		{"快递一直没到", "订单%[2]s下单一周了物流信息一直没有更新，请帮忙查一下，客户端%[1]s"},
		{"客服态度太差", "打了三次电话都没人处理订单%[2]s的问题，非常不满意，我要投诉（版本%[1]s）"},
		{"建议增加夜间模式", "晚上用太刺眼了，希望%[1]s版本能加深色主题，订单%[2]s顺便问下发票"},
		{"怎么修改收货地址", "订单%[2]s已经下单了，请问在哪里修改收货地址？我用的是%[1]s版"},
		{"会员价格太贵", "续费价格比去年涨了很多，订单%[2]s，能不能给老用户优惠？版本%[1]s"},
		{"App crashes on start", "Since updating to %[1]s the app crashes right after the splash screen. Order %[2]s."},
		{"Refund not received", "I returned order %[2]s two weeks ago and still have no refund. App version %[1]s."},
		{"Parcel lost", "Tracking for order %[2]s has not moved for 8 days. Using the app %[1]s."},
		{"Love the new design", "Version %[1]s looks great, checkout for order %[2]s was fast. Thank you!"},
		{"How do I export invoices", "Where can I download the invoice for order %[2]s? I am on %[1]s."},
	}
	benchSpam       = "加微信领红包，兼职刷单日赚500 http://spam.example/%s"
	benchSurnames   = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "Smith", "Müller", "Garcia", "Kim"}
	benchGiven      = []string{"芳", "伟", "娜", "敏", "静", "强", "磊", "洋", "Anna", "John", "Maria", "Wei"}
	benchChannels   = []string{"hotline", "web", "wechat", "appstore", "email", "inapp", "social", "offline"}
	benchCategories = []string{"", "", "", "", "malfunction", "logistics", "pricing"}
)

// writeBenchCSV writes n rows of generated feedback, the same every time.
func writeBenchCSV(w io.Writer, n int) error {
	rng := rand.New(rand.NewPCG(1, 2))
	iw := interchange.NewWriter(w, interchange.CSV)
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	var prev interchange.Record
	for i := range n {
		rec := interchange.Record{
			ExternalID:    "bench-" + strconv.Itoa(i),
			Channel:       benchChannels[rng.IntN(len(benchChannels))],
			ReceivedAt:    start.Add(time.Duration(i) * 20 * time.Second),
			CustomerName:  benchSurnames[rng.IntN(len(benchSurnames))] + benchGiven[rng.IntN(len(benchGiven))],
			CustomerPhone: fmt.Sprintf("1%02d%08d", 30+rng.IntN(60), rng.IntN(100_000_000)),
			Product:       "LoopPay",
			Version:       fmt.Sprintf("%d.%d.%d", 2+rng.IntN(2), rng.IntN(10), rng.IntN(20)),
			Category:      benchCategories[rng.IntN(len(benchCategories))],
		}
		order := fmt.Sprintf("SO%08d", rng.IntN(100_000_000))
		switch p := rng.IntN(1000); {
		case p < 30 && i > 0: // the previous customer again, same complaint
			rec.CustomerName, rec.CustomerPhone = prev.CustomerName, prev.CustomerPhone
			rec.Title, rec.Body, rec.Category = prev.Title, prev.Body+"！！", prev.Category
		case p < 40:
			rec.Title, rec.Category = fmt.Sprintf(benchSpam, order), ""
		case p < 45:
			rec.Title, rec.Category = "test", ""
		default:
			t := benchTexts[rng.IntN(len(benchTexts))]
			rec.Title, rec.Body = t[0], fmt.Sprintf(t[1], rec.Version, order)
		}
		if err := iw.Write(rec); err != nil {
			return err
		}
		prev = rec
	}
	return iw.Flush()
}
