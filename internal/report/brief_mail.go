package report

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/report/chart"
	"github.com/loopdesk/loopdesk/store"
)

// BriefData is everything the daily brief shows.
type BriefData struct {
	Yesterday, Today     store.Report
	Week                 store.Report // the last 7 days, today included: the trend chart
	Breaching, Escalated int
	Emergencies          []Emergency
}

// GatherBrief reads the brief's numbers as of the store's clock, after
// an SLA sweep so breaches up to now count.
func GatherBrief(ctx context.Context, s *store.Store) (BriefData, error) {
	var d BriefData
	if _, err := s.SweepSLA(ctx); err != nil {
		return d, err
	}
	now := s.Now().In(s.SLA().Calendar.Location())
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	var err error
	for _, q := range []struct {
		r        *store.Report
		from, to time.Time
	}{{&d.Yesterday, today.AddDate(0, 0, -1), today}, {&d.Today, today, today.AddDate(0, 0, 1)}, {&d.Week, today.AddDate(0, 0, -6), today.AddDate(0, 0, 1)}} {
		if *q.r, err = s.Report(ctx, store.ReportFilter{From: q.from, To: q.to}); err != nil {
			return d, err
		}
	}
	for _, st := range []domain.Status{domain.Pending, domain.InProgress, domain.Testing} {
		n, _, err := s.CountUpTo(ctx, st, store.Filter{AtRisk: true}, 99999)
		if err != nil {
			return d, err
		}
		d.Breaching += n
		if n, _, err = s.CountUpTo(ctx, st, store.Filter{Escalated: true}, 99999); err != nil {
			return d, err
		}
		d.Escalated += n
	}
	ems, err := s.Emergencies(ctx, today.AddDate(0, 0, -1))
	if err != nil {
		return d, err
	}
	for _, e := range ems {
		d.Emergencies = append(d.Emergencies, Emergency{At: e.At, LastHour: e.LastHour, Baseline: e.Baseline, Multiple: e.Multiple})
	}
	return d, nil
}

// briefView is the "brief" template's data.
type briefView struct {
	L        labels
	HTMLLang string
	Day      string
	Rows     [][]string
	Open     string
	Topics   []string
	Keywords []string
	Emerg    []string
	Charts   []chart.Chart
}

// BriefHTML writes the brief as an HTML e-mail body: the numbers as a
// table, the hot topics, and two charts inline as SVG (volume by category,
// the week's trend). Mail clients that drop SVG still show every number.
func BriefHTML(w io.Writer, d BriefData, lang i18n.Lang) error {
	l := labelsFor(lang)
	v := briefView{L: l, HTMLLang: "en", Day: d.Today.From.Format("2006-01-02")}
	if lang == i18n.ZH {
		v.HTMLLang = "zh-CN"
	}
	y, t := d.Yesterday, d.Today
	v.Rows = [][]string{
		{l.Received, fmt.Sprint(y.Created), fmt.Sprint(t.Created)},
		{l.Resolved, fmt.Sprint(y.Resolved), fmt.Sprint(t.Resolved)},
		{l.NegativeShare, share(y.Negative, y.Created), share(t.Negative, t.Created)},
		{l.AvgHandling, l.hours(y.AvgHandling), l.hours(t.AvgHandling)},
	}
	v.Open, v.Topics, v.Keywords = d.openLine(lang, l), d.topics(lang), d.keywords()
	for _, e := range d.Emergencies {
		v.Emerg = append(v.Emerg, e.At.Format("01-02 15:04")+" "+e.describe(l))
	}
	p := Page{Report: d.Week, Lang: lang}
	for _, name := range []string{"category", "trend"} {
		c, err := p.Chart(name)
		if err != nil {
			return err
		}
		v.Charts = append(v.Charts, c)
	}
	return pages.ExecuteTemplate(w, "brief", v)
}

// BriefMessage composes the brief as a MIME message (CRLF line ends) from
// the relay's sender to the addresses: multipart/alternative with the
// plain text first and the HTML last, as clients prefer the last part
// they can show.
func BriefMessage(from string, to []string, d BriefData, lang i18n.Lang, now time.Time) ([]byte, error) {
	sender, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("sender %q: %w", from, err)
	}
	var text, page bytes.Buffer
	if err := d.Text(&text, lang); err != nil {
		return nil, err
	}
	if err := BriefHTML(&page, d, lang); err != nil {
		return nil, err
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	_, host, _ := strings.Cut(sender.Address, "@")
	var msg bytes.Buffer
	mw := multipart.NewWriter(&msg)
	subject := fmt.Sprintf("loopdesk %s — %s", labelsFor(lang).BriefTitle, d.Today.From.Format("2006-01-02"))
	head := []string{
		"From: " + sender.String(),
		"To: " + strings.Join(to, ", "),
		"Subject: " + mime.QEncoding.Encode("utf-8", subject),
		"Date: " + now.Format(time.RFC1123Z),
		"Message-ID: <brief." + d.Today.From.Format("20060102") + "." + hex.EncodeToString(id[:]) + "@" + host + ">",
		"MIME-Version: 1.0",
		"Auto-Submitted: auto-generated", // no auto-replies to a report
		"Content-Type: multipart/alternative; boundary=" + mw.Boundary(),
	}
	msg.WriteString(strings.Join(head, "\r\n") + "\r\n\r\n")
	for _, part := range []struct {
		typ  string
		body []byte
	}{{"text/plain; charset=utf-8", text.Bytes()}, {"text/html; charset=utf-8", page.Bytes()}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {part.typ}, "Content-Transfer-Encoding": {"quoted-printable"}})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write(bytes.ReplaceAll(part.body, []byte("\n"), []byte("\r\n"))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return msg.Bytes(), nil
}
