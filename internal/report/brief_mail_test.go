package report

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

func TestBriefMessageHasTextAndHTMLWithCharts(t *testing.T) {
	p := fullSample()
	d := BriefData{Yesterday: p.Report, Today: p.Report, Week: p.Report, Breaching: 3, Escalated: 1,
		Emergencies: []Emergency{{At: p.Now, LastHour: 31, Baseline: 2.5, Multiple: 3}}}
	raw, err := BriefMessage("客服 <desk@loopdesk.example>", []string{"lee@example.cn", "ann@example.cn"}, d, i18n.ZH, p.Now)
	if err != nil {
		t.Fatal(err)
	}
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if subject != "loopdesk 每日简报 — 2026-11-18" || m.Header.Get("To") != "lee@example.cn, ann@example.cn" || m.Header.Get("Auto-Submitted") == "" {
		t.Errorf("headers: %q %v", subject, m.Header)
	}
	typ, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || typ != "multipart/alternative" {
		t.Fatalf("content type %q: %v", typ, err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var types []string
	var text, page string
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(part)
		types = append(types, part.Header.Get("Content-Type"))
		if strings.HasPrefix(part.Header.Get("Content-Type"), "text/html") {
			page = string(b)
		} else {
			text = string(b)
		}
	}
	if strings.Join(types, ",") != "text/plain; charset=utf-8,text/html; charset=utf-8" {
		t.Fatalf("parts %v", types)
	}
	if !strings.Contains(text, "每日简报") || !strings.Contains(text, "已升级 1") || !strings.Contains(text, "26.0小时") {
		t.Errorf("text part:\n%s", text)
	}
	for _, w := range []string{`id="chart-category"`, `id="chart-trend"`, "产品故障", "&lt;script&gt;alert(1)", "一小时内 31 条负面反馈", "昨天"} {
		if !strings.Contains(page, w) {
			t.Errorf("html part lacks %q", w)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "<b>") {
		t.Error("customer text reached the HTML part unescaped")
	}
}

// briefDesk is a desk with a relay and a supervisor with an address, on
// a clock the test moves.
func briefDesk(t *testing.T, path string, now *atomic.Int64) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, path, store.WithClock(func() time.Time { return time.UnixMilli(now.Load()) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Agent(ctx, "lee"); err == nil {
		return s
	}
	if err := s.AddAgent(ctx, "ada", domain.Agent{Name: "lee", Role: domain.RoleSupervisor, Email: "lee@example.cn"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMailRelay(ctx, "ada", store.MailRelay{URL: "smtp://127.0.0.1:2525", From: "desk@loopdesk.example"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBriefScheduleMailsOncePerDay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	var now atomic.Int64
	s := briefDesk(t, path, &now)
	now.Store(time.Date(2026, 11, 24, 8, 0, 0, 0, s.SLA().Calendar.Location()).UnixMilli())
	var sent []string
	fail := false
	send := func(_ context.Context, r store.MailRelay, to []string, raw []byte) error {
		if fail {
			return errors.New("relay down")
		}
		sent = append(sent, strings.Join(to, ",")+" via "+r.URL)
		return nil
	}
	b := BriefSchedule{Store: s, Send: send, Lang: i18n.EN, Hour: 8, Minute: 30}
	ctx := context.Background()
	tick := func(want bool) {
		t.Helper()
		if ok, err := b.Tick(ctx); ok != want || (err != nil) != fail {
			t.Fatalf("tick at %s: sent %v, err %v", time.UnixMilli(now.Load()).In(s.SLA().Calendar.Location()).Format(time.Kitchen), ok, err)
		}
	}
	tick(false) // 08:00: not yet
	now.Add((31 * time.Minute).Milliseconds())
	fail = true
	tick(false) // the relay is down: the day is given back
	fail = false
	tick(true)
	tick(false) // once a day
	b.Store = briefDesk(t, path, &now)
	tick(false) // a restarted server does not mail it again
	now.Add((24 * time.Hour).Milliseconds())
	tick(true) // the next day
	if len(sent) != 2 || sent[0] != "lee@example.cn via smtp://127.0.0.1:2525" {
		t.Fatalf("sent %v", sent)
	}
}

func TestParseBriefAt(t *testing.T) {
	if h, m, err := ParseBriefAt("08:30"); err != nil || h != 8 || m != 30 {
		t.Fatal(h, m, err)
	}
	for _, bad := range []string{"8.30", "25:00", "08:30pm", ""} {
		if _, _, err := ParseBriefAt(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
