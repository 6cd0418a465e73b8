package mail

import (
	"strings"
	"testing"
)

func TestParseFixtures(t *testing.T) {
	for _, tc := range []struct {
		file, from, name, subject, fresh, quoted, auto string
		attachments                                    int
	}{
		// GBK labelled gb2312: 喆 is outside GB2312 and must survive.
		{"outlook-gbk.eml", "wangzhe@example.cn", "王喆", "支付失败但是扣款了", "银行卡已经扣款了，请尽快帮我处理退款。\n\n谢谢！\n王喆", "", "", 0},
		{"html-only.eml", "anna.schmidt@shop.example", "Anna Schmidt", "Smart lock disconnects every night",
			"Spring Sale & more\nDear customer,\nMy smart lock keeps disconnecting", "", "", 0},
		{"reply-quoted.eml", "wangzhe@example.cn", "王喆", "回复：支付失败但是扣款了", "补充一下：扣款时间是昨天晚上八点，金额 299 元。",
			"在 2025年3月3日 09:12，王喆 <wangzhe@example.cn> 写道：\n> 您好：", "", 0},
		{"ooo-autoreply.eml", "lilei@example.cn", "Li Lei", "自动回复: 支付失败但是扣款了", "我正在休假", "", "auto-submitted: auto-replied", 0},
		{"dsn-bounce.eml", "MAILER-DAEMON@mx.example.cn", "Mail Delivery System", "Undelivered Mail Returned to Sender", "could not", "", "auto-submitted: auto-replied", 1},
		{"big5.eml", "chan.taiman@example.com.tw", "陳大文", "發票抬頭", "請問發票要怎麼修改抬頭？訂單號碼 TW-88123，謝謝。", "", "", 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m, err := Parse(fixture(t, tc.file), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if m.From.Addr != tc.from || m.From.Name != tc.name || m.Subject != tc.subject {
				t.Errorf("from %q <%s>, subject %q", m.From.Name, m.From.Addr, m.Subject)
			}
			if !strings.Contains(m.Fresh, tc.fresh) {
				t.Errorf("fresh text %q\nlacks %q", m.Fresh, tc.fresh)
			}
			if !strings.HasPrefix(m.Quoted, tc.quoted) || (tc.quoted == "") != (m.Quoted == "") {
				t.Errorf("quoted %q, want %q…", m.Quoted, tc.quoted)
			}
			if m.Automatic != tc.auto {
				t.Errorf("automatic %q, want %q", m.Automatic, tc.auto)
			}
			if len(m.Attachments) != tc.attachments {
				t.Errorf("attachments %+v", m.Attachments)
			}
			for _, bad := range []string{"TRACKING", "color:red", "&amp;", "&nbsp;", "<p>", "\ufffd", "Spring Sale</title>"} {
				if strings.Contains(m.Fresh+m.Quoted, bad) {
					t.Errorf("text keeps %q: %q", bad, m.Fresh)
				}
			}
		})
	}
}

func TestParseAttachmentMetadataAndCap(t *testing.T) {
	lim := DefaultLimits
	m, err := Parse(fixture(t, "big5.eml"), lim)
	if err != nil {
		t.Fatal(err)
	}
	a := m.Attachments[0]
	if a.Name != "invoice.pdf" || a.Type != "application/pdf" || a.Size != 2009 || a.Truncated {
		t.Errorf("%+v", a)
	}
	lim.AttachmentBytes = 100
	m, _ = Parse(fixture(t, "big5.eml"), lim)
	if a := m.Attachments[0]; a.Size != 100 || !a.Truncated {
		t.Errorf("capped: %+v", a)
	}
}

func TestParseThreadingHeaders(t *testing.T) {
	m, err := Parse(fixture(t, "reply-quoted.eml"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := "000001db8c01$4a5b6c70$df104550$@example.cn"
	if m.MessageID != "CAJ+reply.2@mail.gmail.com" || len(m.InReplyTo) != 1 || m.InReplyTo[0] != want || len(m.References) != 1 {
		t.Errorf("%q %q %q", m.MessageID, m.InReplyTo, m.References)
	}
}

func TestParseUndeclaredGBK(t *testing.T) {
	// Old clients send 8-bit GBK with no charset, even in the Subject.
	gbk := []byte{0xd6, 0xa7, 0xb8, 0xb6, 0xca, 0xa7, 0xb0, 0xdc} // 支付失败
	raw := append([]byte("From: a@b.example\r\nSubject: "), gbk...)
	raw = append(append(raw, "\r\n\r\n"...), gbk...)
	m, err := Parse(raw, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "支付失败" || m.Fresh != "支付失败" {
		t.Errorf("%q %q", m.Subject, m.Fresh)
	}
}

func TestParseBoundsText(t *testing.T) {
	lim := DefaultLimits
	lim.TextBytes = 1000
	raw := "From: a@b.example\r\nSubject: long\r\n\r\n" + strings.Repeat("长", 200) + "\r\n\r\nOn Mon, 3 Mar 2025 Bob wrote:\r\n> " + strings.Repeat("x", 5000)
	m, err := Parse([]byte(raw), lim)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Fresh) != 600 || len(m.Fresh)+len(m.Quoted) > 1000 || !strings.HasPrefix(m.Quoted, "On Mon") {
		t.Errorf("%d+%d bytes", len(m.Fresh), len(m.Quoted))
	}
}

func TestParseMalformed(t *testing.T) {
	if _, err := Parse([]byte("no header here at all, just bytes \x00\xff"), DefaultLimits); err == nil {
		t.Error("accepted a message without a header")
	}
}

// BenchmarkParse decodes the GBK Outlook mail (multipart alternative,
// base64, RFC 2047 header words).
func BenchmarkParse(b *testing.B) {
	raw := fixture(b, "outlook-gbk.eml")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Parse(raw, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
