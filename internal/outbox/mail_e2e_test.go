package outbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // the relay's copy is decoded as a mail client would
	gomail "github.com/emersion/go-message/mail"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/internal/mail"
	"github.com/loopdesk/loopdesk/store"
)

// relayScript is the relay: an aiosmtpd server (a real SMTP server
// process, independent of this code) that writes each message it accepts
// to a directory, NNN.eml and its envelope NNN.json, and prints its port.
const relayScript = `
import json, os, socket, sys
from aiosmtpd.controller import Controller
out = sys.argv[1]
class Handler:
    async def handle_DATA(self, server, session, envelope):
        base = os.path.join(out, "%03d" % (len(os.listdir(out)) // 2))
        json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, open(base + ".json", "w"))
        open(base + ".tmp", "wb").write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 queued"
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
c = Controller(Handler(), hostname="127.0.0.1", port=port)
c.start()
print(port, flush=True)
sys.stdin.read()
c.stop()
`

// smtplibSend delivers one message file with Python's smtplib.
const smtplibSend = `
import smtplib, sys
host, port, sender, rcpt, path = sys.argv[1:6]
with smtplib.SMTP(host, int(port), timeout=30) as c:
    c.sendmail(sender, [rcpt], open(path, "rb").read())
`

// pythonWith finds a Python that can import module (a python3 earlier on
// PATH may lack the Debian package that /usr/bin/python3 has).
func pythonWith(t *testing.T, module string) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(py); err == nil && exec.Command(path, "-c", "import "+module).Run() == nil {
			return path
		}
	}
	t.Skipf("no python3 with %s (Debian: apt-get install python3-%s)", module, module)
	return ""
}

// startRelay runs the aiosmtpd relay until the test ends; it returns its
// address and the directory it writes messages to.
func startRelay(t *testing.T) (addr, dir string) {
	py := pythonWith(t, "aiosmtpd")
	dir = t.TempDir()
	script := filepath.Join(t.TempDir(), "relay.py")
	if err := os.WriteFile(script, []byte(relayScript), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, script, dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait() // the relay exits when its stdin closes
	})
	var port [16]byte
	n, err := stdout.Read(port[:])
	if err != nil {
		t.Fatalf("relay did not start: %v", err)
	}
	return "127.0.0.1:" + strings.TrimSpace(string(port[:n])), dir
}

// relayed reads message n the relay received: its envelope recipients and
// the parsed message.
func relayed(t *testing.T, dir string, n int) ([]string, *gomail.Reader) {
	t.Helper()
	var env struct{ To []string }
	data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%03d.json", n)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%03d.eml", n)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return env.To, r
}

// replyDelivery is how r's delivery stands, among its ticket's.
func replyDelivery(t *testing.T, d *desk, r store.CustomerReply) store.Delivery {
	t.Helper()
	ds, err := d.Deliveries(context.Background(), r.TicketID)
	if err != nil {
		t.Fatal(err)
	}
	for _, dv := range ds {
		if dv.ReplyID == r.ID {
			return dv
		}
	}
	t.Fatalf("reply %d: no delivery", r.ID)
	return store.Delivery{}
}

// TestReplyByMailThreadsBothWays is the e-mail loop over TCP on loopback:
// a customer's Outlook mail (GBK) arrives through Python's smtplib at the
// desk's SMTP listener; the acknowledgement and the resolution with its
// survey link leave through the outbox to an aiosmtpd relay, threaded on
// the customer's message; the customer's answer to the resolution,
// delivered to the listener again, joins the same ticket.
func TestReplyByMailThreadsBothWays(t *testing.T) {
	py := pythonWith(t, "smtplib")
	relayAddr, relayDir := startRelay(t)
	d := newDesk(t)
	ctx := context.Background()
	if _, err := d.AddChannel(ctx, "ada", mail.DefaultChannel, domain.Email); err != nil {
		t.Fatal(err)
	}
	in, err := intake.New(d.Store, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mail.New(mail.Config{Store: d.Store, Intake: in, Recipients: []string{"support@loopdesk.example"}, Domain: "mx.loopdesk.example"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }() // ends with Close at cleanup
	t.Cleanup(func() { srv.Close() })
	host, port, _ := strings.Cut(srv.Addr().String(), ":")
	send := func(path string) {
		t.Helper()
		script := filepath.Join(t.TempDir(), "send.py")
		if err := os.WriteFile(script, []byte(smtplibSend), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(py, script, host, port, "wangzhe@example.cn", "support@loopdesk.example", path).CombinedOutput(); err != nil {
			t.Fatalf("smtplib: %v\n%s", err, out)
		}
	}

	send("../mail/testdata/outlook-gbk.eml")
	const customerID = "000001db8c01$4a5b6c70$df104550$@example.cn"
	tk, err := d.Ticket(ctx, 1)
	if err != nil || tk.Channel != domain.Email {
		t.Fatalf("the customer's mail: %+v %v", tk, err)
	}
	if err := mail.SetRelay(ctx, d.Store, "ada", store.MailRelay{URL: "smtp://" + relayAddr, From: "客服 <support@loopdesk.example>"}); err != nil {
		t.Fatal(err)
	}
	w := New(d.Store, Config{})
	var ids []string
	for i, draft := range []store.Draft{{Template: "acknowledgement"}, {Template: "resolution", SurveyBase: "https://support.loopdesk.example"}} {
		tk, _ = d.Ticket(ctx, 1)
		_, r, err := d.Reply(ctx, "ada", tk.ID, tk.Version, draft)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := w.Deliver(ctx, r.ID); !ok || err != nil {
			t.Fatalf("deliver %s: %v %v", draft.Template, ok, err)
		}
		if dv := replyDelivery(t, d, r); dv.State != store.DeliveryDelivered || dv.Log[0].Status != 250 {
			t.Fatalf("%s: %+v", draft.Template, dv)
		}
		to, m := relayed(t, relayDir, i)
		subject, _ := m.Header.Subject()
		irt, _ := m.Header.MsgIDList("In-Reply-To")
		refs, _ := m.Header.MsgIDList("References")
		id, _ := m.Header.MessageID()
		mt, _, _ := m.Header.ContentType()
		if !slices.Equal(to, []string{"wangzhe@example.cn"}) || subject != "Re: [FB-1001] 支付失败但是扣款了" ||
			!slices.Equal(irt, []string{customerID}) || !slices.Equal(refs, append([]string{customerID}, ids...)) ||
			mt != "multipart/alternative" || !strings.HasPrefix(id, "loopdesk.") {
			t.Errorf("%s as relayed: to %v, subject %q, in-reply-to %v, references %v, id %q, type %s",
				draft.Template, to, subject, irt, refs, id, mt)
		}
		ids = append(ids, id)
		parts := map[string]string{}
		for {
			p, err := m.NextPart()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			typ, _, _ := p.Header.(*gomail.InlineHeader).ContentType()
			body, _ := io.ReadAll(p.Body)
			parts[typ] = string(body)
		}
		if !strings.Contains(parts["text/plain"], "FB-1001") || !strings.Contains(parts["text/html"], "FB-1001") {
			t.Errorf("%s parts: %q", draft.Template, parts)
		}
		if draft.Template == "resolution" && !strings.Contains(parts["text/html"], `<a href="https://support.loopdesk.example/survey/`) {
			t.Errorf("the survey link is not a link: %q", parts["text/html"])
		}
	}

	// The customer answers the resolution from their mail client.
	answer := filepath.Join(t.TempDir(), "answer.eml")
	var b bytes.Buffer
	var h message.Header
	h.Set("From", "Wang Zhe <wangzhe@example.cn>")
	h.Set("To", "support@loopdesk.example")
	h.Set("Subject", "Re: [FB-1001] 支付失败但是扣款了")
	h.Set("Message-ID", "<answer1@example.cn>")
	h.Set("In-Reply-To", "<"+ids[1]+">")
	h.Set("References", "<"+customerID+"> <"+ids[0]+"> <"+ids[1]+">")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	mw, _ := message.CreateWriter(&b, h)
	if _, err := mw.Write([]byte("退款已经收到了，谢谢！\n\n在 2026年11月2日，客服 写道：\n> 工单 FB-1001 反映的问题已处理完毕。\n")); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(answer, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	send(answer)
	notes, _ := d.Notes(ctx, 1)
	if len(notes) != 1 || notes[0].Author != store.CustomerActor || notes[0].Body != "退款已经收到了，谢谢！" {
		t.Errorf("the answer on the card: %+v", notes)
	}
	if _, err := d.Ticket(ctx, 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the answer opened a ticket: %v", err)
	}
	thread, _ := d.MailThread(ctx, 1)
	var dirs []string
	for _, m := range thread {
		dirs = append(dirs, map[bool]string{true: "in", false: "out"}[m.Inbound])
	}
	if strings.Join(dirs, " ") != "in out out in" {
		t.Errorf("thread: %v", dirs)
	}
}

// TestMailWithoutAnAddressFailsOnTheCard: a ticket on the email channel
// that did not come in by mail has no address to answer; its reply fails
// at once, saying so, and can be retried once the cause is fixed.
func TestMailWithoutAnAddressFailsOnTheCard(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	if err := d.SetMailRelay(ctx, "ada", store.MailRelay{URL: "smtp://127.0.0.1:1", From: "support@loopdesk.example"}); err != nil {
		t.Fatal(err)
	}
	r := d.reply(t, domain.Email, "您好，已处理。")
	if ok, err := New(d.Store, Config{}).Deliver(ctx, r.ID); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if dv := replyDelivery(t, d, r); dv.State != store.DeliveryFailed || dv.Attempts != 1 || !strings.Contains(dv.LastError, "no e-mail address for this customer") {
		t.Errorf("%+v", dv)
	}
}
