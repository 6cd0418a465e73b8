package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	gomail "github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/loopdesk/loopdesk/store"
)

func init() {
	// Chinese clients label GBK (and GB18030) text "gb2312": decode the
	// superset, or every character outside GB2312 is lost. Big5 mail
	// often carries HKSCS characters; x/text's Big5 decodes them.
	for _, name := range []string{"gb2312", "gbk", "x-gbk", "cp936", "euc-cn", "csgb2312", "gb18030"} {
		charset.RegisterEncoding(name, simplifiedchinese.GB18030)
	}
	for _, name := range []string{"big5", "big5-hkscs", "x-x-big5", "cn-big5", "csbig5"} {
		charset.RegisterEncoding(name, traditionalchinese.Big5)
	}
}

// Limits bound what Parse reads out of one message.
type Limits struct {
	TextBytes       int   // text kept of the message (new text and quote together)
	AttachmentBytes int64 // an attachment is measured up to this; past it, marked truncated
	Parts           int   // MIME parts looked at; the rest are ignored
	Depth           int   // nesting of multiparts
	HeaderBytes     int64 // the header block of the message and of each part
}

// DefaultLimits fit the store's ticket body and real mail.
var DefaultLimits = Limits{TextBytes: 60 << 10, AttachmentBytes: 25 << 20, Parts: 100, Depth: 10, HeaderBytes: 256 << 10}

// Address is a sender or recipient.
type Address struct {
	Name string
	Addr string // as written; compare with normAddr
}

// Message is a decoded e-mail.
type Message struct {
	From        Address
	Subject     string
	MessageID   string   // without angle brackets; "" when it had none
	InReplyTo   []string // without angle brackets
	References  []string
	Date        time.Time
	Fresh       string // what the sender wrote now
	Quoted      string // the quoted history below it
	Attachments []store.Attachment
	// Automatic says why the message was written by a machine (an
	// auto-reply, a bounce, bulk or list mail), or is "" for a person's.
	Automatic string
}

// ErrMalformed wraps why a message could not be read at all.
var ErrMalformed = errors.New("malformed message")

// Parse decodes raw mail within lim. Defects a real client may produce
// (an unknown charset, a broken part) lose only that part's text and
// never the message; only a message without a readable header is an
// error.
func Parse(raw []byte, lim Limits) (*Message, error) {
	ent, err := message.ReadWithOptions(bytes.NewReader(raw), &message.ReadOptions{MaxHeaderBytes: lim.HeaderBytes})
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	h := gomail.Header{Header: ent.Header}
	m := &Message{Automatic: automatic(ent.Header)}
	if addrs, err := h.AddressList("From"); err == nil && len(addrs) > 0 {
		m.From = Address{Name: headerText(addrs[0].Name), Addr: addrs[0].Address}
	} else {
		m.From = looseAddress(ent.Header.Get("From"))
	}
	m.Subject = headerText(decodeHeader(ent.Header, "Subject"))
	m.MessageID, _ = h.MessageID()
	m.InReplyTo, _ = h.MsgIDList("In-Reply-To")
	m.References, _ = h.MsgIDList("References")
	m.Date, _ = h.Date()

	w := walker{lim: lim}
	w.entity(ent, 0)
	text := strings.TrimSpace(w.text.String())
	m.Attachments = w.attachments
	m.Fresh, m.Quoted = splitQuoted(text)
	if len(m.Fresh) > lim.TextBytes {
		m.Fresh, m.Quoted = strings.ToValidUTF8(m.Fresh[:lim.TextBytes], ""), ""
	} else if len(m.Fresh)+len(m.Quoted) > lim.TextBytes {
		m.Quoted = strings.ToValidUTF8(m.Quoted[:lim.TextBytes-len(m.Fresh)], "")
	}
	return m, nil
}

// walker collects the text and attachments of a message's parts.
type walker struct {
	lim         Limits
	parts       int
	text        strings.Builder
	attachments []store.Attachment
}

func (w *walker) entity(e *message.Entity, depth int) {
	w.parts++
	if w.parts > w.lim.Parts {
		return
	}
	typ, params, _ := e.Header.ContentType()
	if typ == "" {
		typ = "text/plain"
	}
	if mr := e.MultipartReader(); mr != nil {
		if depth >= w.lim.Depth {
			return
		}
		w.multipart(mr, typ, depth)
		return
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	name := headerText(firstOf(dparams["filename"], params["name"]))
	if disp == "attachment" || name != "" || !strings.HasPrefix(typ, "text/") {
		w.attach(e.Body, name, typ)
		return
	}
	switch t := w.readText(e, typ, params); {
	case t == "":
	case w.text.Len() > 0:
		w.text.WriteString("\n\n" + t)
	default:
		w.text.WriteString(t)
	}
}

// multipart walks the parts of one multipart. Of an alternative it keeps
// one rendering: the plain text if it has any, else the HTML reduced to
// text.
func (w *walker) multipart(mr message.MultipartReader, typ string, depth int) {
	if typ != "multipart/alternative" {
		for w.parts <= w.lim.Parts {
			p, err := mr.NextPart()
			if err != nil && p == nil {
				return
			}
			w.entity(p, depth+1)
		}
		return
	}
	var plain, rich string
	for w.parts <= w.lim.Parts {
		p, err := mr.NextPart()
		if err != nil && p == nil {
			break
		}
		w.parts++
		ptyp, params, _ := p.Header.ContentType()
		switch {
		case ptyp == "text/plain" && plain == "":
			plain = w.readText(p, ptyp, params)
		case ptyp == "text/html" && rich == "":
			rich = w.readText(p, ptyp, params)
		case strings.HasPrefix(ptyp, "multipart/") && depth+1 < w.lim.Depth && plain == "":
			// multipart/related wrapping the HTML and its images.
			sub := walker{lim: w.lim, parts: w.parts}
			sub.entity(p, depth+1)
			w.parts = sub.parts
			rich = firstOf(rich, sub.text.String())
			w.attachments = append(w.attachments, sub.attachments...)
		}
	}
	if t := firstOf(plain, rich); t != "" {
		if w.text.Len() > 0 {
			w.text.WriteString("\n\n")
		}
		w.text.WriteString(t)
	}
}

// readText decodes one text part (its transfer encoding and charset were
// undone by go-message) within the text limit.
func (w *walker) readText(e *message.Entity, typ string, params map[string]string) string {
	room := w.lim.TextBytes + 1 - w.text.Len()
	if room <= 0 {
		return ""
	}
	if typ == "text/html" {
		// Markup takes room the text does not: read more, keep room.
		// The tokenizer drops CRs but passes undecoded bytes through.
		return undeclared([]byte(htmlText(io.LimitReader(e.Body, int64(room)*8), room)), params["charset"])
	}
	b, _ := io.ReadAll(io.LimitReader(e.Body, int64(room)))
	return strings.TrimSpace(newlines.Replace(undeclared(b, params["charset"])))
}

// newlines makes mail's CRLF (and old Mac CR) line ends plain "\n".
var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// undeclared turns text whose charset was missing, unknown or wrong into
// UTF-8: valid UTF-8 stays; otherwise it is most likely GBK from a
// Chinese client that did not say so (GB18030 decodes any byte string).
func undeclared(b []byte, declared string) string {
	if utf8.Valid(b) {
		return string(b)
	}
	if strings.EqualFold(declared, "utf-8") || declared == "" || strings.EqualFold(declared, "us-ascii") {
		if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// attach measures an attachment without keeping it.
func (w *walker) attach(body io.Reader, name, typ string) {
	n, _ := io.Copy(io.Discard, io.LimitReader(body, w.lim.AttachmentBytes+1))
	a := store.Attachment{Name: name, Type: typ, Size: n}
	if n > w.lim.AttachmentBytes {
		a.Size, a.Truncated = w.lim.AttachmentBytes, true
	}
	if len(w.attachments) < w.lim.Parts {
		w.attachments = append(w.attachments, a)
	}
}

// decodeHeader is a header field's text with RFC 2047 words decoded in
// their charsets; a raw 8-bit field (some clients send GBK unencoded) is
// decoded like a body without a charset.
func decodeHeader(h message.Header, key string) string {
	if v, err := h.Text(key); err == nil {
		return v
	}
	return h.Get(key)
}

// headerText makes a decoded header value one clean line of UTF-8.
func headerText(s string) string {
	s = undeclared([]byte(s), "")
	return strings.Join(strings.Fields(s), " ")
}

// looseAddress reads a From field the strict parser refused, such as a
// display name in raw GBK: the part in angle brackets, else the field.
func looseAddress(v string) Address {
	dec := new(mime.WordDecoder)
	dec.CharsetReader = charset.Reader
	if d, err := dec.DecodeHeader(v); err == nil {
		v = d
	}
	if i, j := strings.LastIndexByte(v, '<'), strings.LastIndexByte(v, '>'); i >= 0 && j > i {
		return Address{Name: headerText(strings.Trim(v[:i], ` "`)), Addr: strings.TrimSpace(v[i+1 : j])}
	}
	return Address{Addr: strings.TrimSpace(v)}
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
