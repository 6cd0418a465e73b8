package mail

import (
	"context"
	"encoding/json"
	"errors"
	"net/smtp"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// smtplibScript sends each file named on the command line with Python's
// smtplib, an SMTP client independent of this code, and prints one JSON
// line per message: the server's code for it (250 when accepted).
const smtplibScript = `
import json, smtplib, sys
host, port, sender, rcpt = sys.argv[1:5]
for path in sys.argv[5:]:
    data = open(path, "rb").read()
    env = "" if "bounce" in path else sender
    try:
        with smtplib.SMTP(host, int(port), timeout=30) as c:
            c.sendmail(env, [rcpt], data)
        print(json.dumps({"file": path, "code": 250}))
    except smtplib.SMTPResponseException as e:
        print(json.dumps({"file": path, "code": e.smtp_code}))
    except smtplib.SMTPRecipientsRefused as e:
        print(json.dumps({"file": path, "code": list(e.recipients.values())[0][0]}))
`

// TestPythonSmtplibEndToEnd delivers the real-client fixtures over TCP
// with Python's smtplib and checks what each became on the desk.
func TestPythonSmtplibEndToEnd(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	st := desk(t)
	srv := listening(t, st, nil)
	host, port, _ := strings.Cut(srv.Addr().String(), ":")
	script := filepath.Join(t.TempDir(), "send.py")
	if err := os.WriteFile(script, []byte(smtplibScript), 0o600); err != nil {
		t.Fatal(err)
	}
	files := []string{"outlook-gbk.eml", "html-only.eml", "reply-quoted.eml", "ooo-autoreply.eml", "dsn-bounce.eml", "big5.eml", "outlook-gbk.eml"}
	args := []string{script, host, port, "customer@example.cn", "support@loopdesk.example"}
	for _, f := range files {
		args = append(args, filepath.Join("testdata", f))
	}
	out, err := exec.Command(py, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r struct {
			File string
			Code int
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Code != 250 {
			t.Errorf("%s: %+v %v", line, r, err)
		}
	}
	ctx := context.Background()
	// Three tickets: the GBK mail (its reply and its re-delivery joined it),
	// the HTML-only mail and the Big5 mail; the auto-reply and the bounce
	// opened nothing.
	gbk, err := st.Ticket(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if gbk.Channel != domain.Email || gbk.Title != "支付失败但是扣款了" || !strings.Contains(gbk.Body, "王喆") ||
		gbk.Customer.Name != "王*" || gbk.Notes != 1 {
		t.Errorf("GBK ticket: %+v", gbk)
	}
	notes, _ := st.Notes(ctx, 1)
	if len(notes) != 1 || notes[0].Author != store.CustomerActor || notes[0].Body != "补充一下：扣款时间是昨天晚上八点，金额 299 元。" {
		t.Errorf("reply note: %+v", notes)
	}
	thread, _ := st.MailThread(ctx, 1)
	if len(thread) != 2 || !strings.HasPrefix(thread[1].Quoted, "在 2025年3月3日") || thread[0].SenderMasked != "w***@example.cn" ||
		thread[0].SenderHash != thread[1].SenderHash || strings.Contains(thread[0].SenderHash, "wangzhe") {
		t.Errorf("thread: %+v", thread)
	}
	html, _ := st.Ticket(ctx, 2)
	if !strings.Contains(html.Body, "My smart lock keeps disconnecting") || strings.Contains(html.Body, "TRACKING") {
		t.Errorf("HTML ticket: %q", html.Body)
	}
	big5, _ := st.Ticket(ctx, 3)
	if big5.Title != "發票抬頭" || !strings.Contains(big5.Body, "[attachment] invoice.pdf (application/pdf, 2009 bytes)") {
		t.Errorf("Big5 ticket: %q %q", big5.Title, big5.Body)
	}
	if _, err := st.Ticket(ctx, 4); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a fourth ticket: %v", err)
	}
}

// TestGoClientLimits speaks to the server with Go's net/smtp and checks
// each refusal's SMTP code.
func TestGoClientLimits(t *testing.T) {
	st := desk(t)
	srv := listening(t, st, func(c *Config) {
		c.MaxMessageBytes = 4096
		c.SenderBurst, c.SenderRate = 2, 0.001 // two messages, then wait hours
	})
	addr := srv.Addr().String()
	msg := fixture(t, "html-only.eml")
	code := func(err error) int {
		var te *textproto.Error
		if errors.As(err, &te) {
			return te.Code
		}
		if err != nil {
			t.Fatalf("not an SMTP reply: %v", err)
		}
		return 250
	}
	if c := code(smtp.SendMail(addr, nil, "a@x.example", []string{"sales@loopdesk.example"}, msg)); c != 550 {
		t.Errorf("unknown recipient: %d, want 550", c)
	}
	big := append([]byte("From: b@x.example\r\nSubject: big\r\n\r\n"), []byte(strings.Repeat("0123456789\r\n", 1000))...)
	if c := code(smtp.SendMail(addr, nil, "b@x.example", []string{"support@loopdesk.example"}, big)); c != 552 {
		t.Errorf("oversized: %d, want 552", c)
	}
	if c := code(smtp.SendMail(addr, nil, "c@x.example", []string{"support@loopdesk.example"}, []byte("\x00\x01garbage"))); c != 554 {
		t.Errorf("malformed: %d, want 554", c)
	}
	for i, want := range []int{250, 250, 451} {
		if c := code(smtp.SendMail(addr, nil, "d@x.example", []string{"SUPPORT@loopdesk.example"}, msg)); c != want {
			t.Errorf("message %d from one sender: %d, want %d", i+1, c, want)
		}
	}
}
