package mail

import (
	"bytes"
	"fmt"
	"html"
	netmail "net/mail"
	"regexp"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"github.com/loopdesk/loopdesk/store"
)

// Compose writes the reply j as the mail m describes: multipart/
// alternative with the reply's text and an HTML rendering of the same
// text (so the templates are written once), threaded by Message-ID,
// In-Reply-To and References, the ticket key in the subject.
func Compose(j store.DeliveryJob, m store.MailOut, date time.Time) ([]byte, error) {
	from, err := netmail.ParseAddress(m.Relay.From)
	if err != nil {
		return nil, fmt.Errorf("sender %q: %w", m.Relay.From, err)
	}
	var h gomail.Header
	h.SetDate(date)
	h.SetAddressList("From", []*gomail.Address{{Name: from.Name, Address: from.Address}})
	h.SetAddressList("To", []*gomail.Address{{Address: m.To}})
	h.SetSubject(m.Subject)
	h.SetMessageID(m.MessageID)
	if m.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{m.InReplyTo})
	}
	h.SetMsgIDList("References", m.References)
	var b bytes.Buffer
	w, err := gomail.CreateInlineWriter(&b, h)
	if err != nil {
		return nil, err
	}
	text := strings.ReplaceAll(strings.TrimSpace(j.Text), "\r\n", "\n") + "\n"
	for _, p := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", toHTML(text)}} {
		var ph gomail.InlineHeader
		ph.SetContentType(p.typ, map[string]string{"charset": "utf-8"})
		pw, err := w.CreatePart(ph)
		if err != nil {
			return nil, err
		}
		if _, err := pw.Write([]byte(p.body)); err != nil {
			return nil, err
		}
		if err := pw.Close(); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// webLinkRE finds the links a reply's HTML makes clickable.
var webLinkRE = regexp.MustCompile(`https?://[^\s<>"）)]+`)

// toHTML renders a reply's text as HTML: everything escaped, blank lines
// between paragraphs, line breaks kept, http(s) links clickable.
func toHTML(text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n")
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if para = strings.TrimSpace(para); para == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			last := 0
			for _, loc := range webLinkRE.FindAllStringIndex(line, -1) {
				link := line[loc[0]:loc[1]]
				b.WriteString(html.EscapeString(line[last:loc[0]]))
				fmt.Fprintf(&b, `<a href="%s">%s</a>`, html.EscapeString(link), html.EscapeString(link))
				last = loc[1]
			}
			b.WriteString(html.EscapeString(line[last:]))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
