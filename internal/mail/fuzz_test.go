package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: any bytes decode without panicking, within the limits, to
// valid UTF-8.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a--"))
	lim := Limits{TextBytes: 4096, AttachmentBytes: 1024, Parts: 20, Depth: 4, HeaderBytes: 8192}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw, lim)
		if err != nil {
			return
		}
		if len(m.Fresh)+len(m.Quoted) > lim.TextBytes || len(m.Attachments) > lim.Parts {
			t.Fatalf("over the limits: %d bytes, %d attachments", len(m.Fresh)+len(m.Quoted), len(m.Attachments))
		}
		for _, s := range []string{m.Fresh, m.Quoted, m.Subject, m.From.Name, m.From.Addr} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		if strings.ContainsAny(m.Subject, "\r\n") {
			t.Fatalf("multi-line subject %q", m.Subject)
		}
		for _, a := range m.Attachments {
			if a.Size > lim.AttachmentBytes {
				t.Fatalf("attachment measured past the cap: %+v", a)
			}
		}
	})
}
