package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"
)

// benchRows is how many rows the read benchmarks parse per iteration.
const benchRows = 100_000

// benchFile writes benchRows realistic records in the given format.
func benchFile(b *testing.B, format Format) []byte {
	var buf bytes.Buffer
	w := NewWriter(&buf, format)
	start := time.Date(2024, 5, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for i := range benchRows {
		err := w.Write(Record{
			ExternalID:    fmt.Sprintf("HL-%07d", i),
			Channel:       "hotline",
			ReceivedAt:    start.Add(time.Duration(i) * time.Minute),
			CustomerName:  "王*",
			CustomerPhone: "4321",
			CustomerTier:  "normal",
			Industry:      "零售",
			Product:       "收银系统",
			Version:       "3.2.1",
			OrderNo:       fmt.Sprintf("SO%010d", i),
			Title:         "支付失败，页面提示“网络错误”",
			Body:          "客户反映：在结账时点击支付后，页面一直转圈，随后提示网络错误。\n已尝试重启应用, still failing on v3.2.1.",
			Category:      "malfunction",
			Priority:      "medium",
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchmarkRead(b *testing.B, format Format) {
	data := benchFile(b, format)
	b.SetBytes(int64(len(data)))
	iterations := 0
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), format)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			if _, err := r.Next(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRows {
			b.Fatalf("read %d rows, want %d", n, benchRows)
		}
		iterations++
	}
	b.ReportMetric(float64(iterations*benchRows)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkReadCSV(b *testing.B)   { benchmarkRead(b, CSV) }
func BenchmarkReadJSONL(b *testing.B) { benchmarkRead(b, JSONL) }
