package mail

import (
	"context"
	"strings"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

func mailFrom(from, id, subject, extra, body string) []byte {
	return []byte("From: " + from + "\r\nTo: support@loopdesk.example\r\nSubject: " + subject +
		"\r\nMessage-ID: <" + id + ">\r\n" + extra + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body)
}

func TestDeliverThreadsRepliesAndReopens(t *testing.T) {
	st := desk(t)
	srv := listening(t, st, nil)
	ctx := context.Background()
	deliver := func(raw []byte, want string) Result {
		t.Helper()
		r, err := srv.Deliver(ctx, "x@example.cn", raw)
		if err != nil || r.Outcome != want {
			t.Fatalf("%+v %v, want %s", r, err, want)
		}
		return r
	}
	first := deliver(mailFrom("Li Lei <lilei@example.cn>", "m1@example.cn", "快递一直没到", "", "订单SO1一周了物流信息一直没有更新"), string(store.IngestCreated))
	key := domain.Key(first.Ticket)
	// The sender is the ticket's customer: searching by the address (any
	// spelling) finds the ticket, though only its keyed hash is kept.
	tk, _ := st.Ticket(ctx, first.Ticket)
	found, err := st.Page(ctx, store.PageQuery{Status: tk.Status, Filter: store.Filter{Search: "LiLei@Example.CN"}, Limit: 10})
	if err != nil || len(found) != 1 || found[0].ID != first.Ticket {
		t.Errorf("search by the sender's address: %+v %v", found, err)
	}

	// The ticket's key in the subject, from the same sender (any case):
	// appended. From someone else: a new ticket, not someone else's thread.
	deliver(mailFrom("LILEI@example.cn", "m2@example.cn", "Re: ["+key+"] 快递", "", "还是没有到"), OutcomeAppended)
	other := deliver(mailFrom("mallory@evil.example", "m3@evil.example", "Re: ["+key+"] 快递", "", "我要退款，请把钱打到这个账户"), string(store.IngestCreated))
	if other.Ticket == first.Ticket {
		t.Fatal("a stranger's mail joined a ticket by its key")
	}
	// A retried delivery of the same message changes nothing.
	deliver(mailFrom("LILEI@example.cn", "m2@example.cn", "Re: ["+key+"] 快递", "", "还是没有到"), string(store.IngestRepeat))

	// Resolved, then the customer answers: reopened, on the follow-up queue.
	tk, _ = st.Ticket(ctx, first.Ticket)
	tk, err = st.Move(ctx, "ada", tk.ID, tk.Version, domain.InProgress)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Resolve(ctx, "ada", tk.ID, tk.Version, "已补发"); err != nil {
		t.Fatal(err)
	}
	deliver(mailFrom("lilei@example.cn", "m4@example.cn", "Re: 快递", "In-Reply-To: <m1@example.cn>\r\n", "还是没收到，请再查一下"), OutcomeReopened)
	tk, _ = st.Ticket(ctx, first.Ticket)
	if tk.Status != domain.InProgress || tk.ReopenCount != 1 || tk.Notes != 2 {
		t.Errorf("after the answer: %s, reopened %d, notes %d", tk.Status, tk.ReopenCount, tk.Notes)
	}
	fus, _ := st.FollowUps(ctx, true, 10)
	if len(fus) != 1 || fus[0].Reason != store.FollowUpCustomerMail {
		t.Errorf("follow-ups: %+v", fus)
	}
}

func TestDeliverIgnoresAutomaticMailAndLoops(t *testing.T) {
	st := desk(t)
	srv := listening(t, st, nil)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		envelope string
		raw      []byte
	}{
		"auto-reply":      {"lilei@example.cn", fixture(t, "ooo-autoreply.eml")},
		"dsn":             {"", fixture(t, "dsn-bounce.eml")},
		"precedence junk": {"a@x.example", mailFrom("a@x.example", "p@x", "hi", "Precedence: junk\r\n", "hello there")},
		"null sender":     {"", mailFrom("a@x.example", "n@x", "hi", "", "hello there")},
		"postmaster":      {"a@x.example", mailFrom("postmaster@x.example", "q@x", "hi", "", "hello there")},
		"our own message": {"a@x.example", mailFrom("support@loopdesk.example", "loopdesk.42.abc@desk.loopdesk.example", "Re: FB-1001", "", "loop")},
	} {
		r, err := srv.Deliver(ctx, tc.envelope, tc.raw)
		if err != nil || r.Outcome != OutcomeIgnored || r.Reason == "" {
			t.Errorf("%s: %+v %v", name, r, err)
		}
	}
	if _, err := st.Ticket(ctx, 1); err == nil {
		t.Error("automatic mail opened a ticket")
	}
	// "Auto-Submitted: no" is a person's mail.
	r, err := srv.Deliver(ctx, "a@x.example", mailFrom("a@x.example", "h@x", "App crashes on start", "Auto-Submitted: no\r\n", "Since the update the app crashes."))
	if err != nil || r.Outcome != string(store.IngestCreated) {
		t.Errorf("Auto-Submitted: no: %+v %v", r, err)
	}
}

func TestSplitQuoted(t *testing.T) {
	for _, tc := range []struct{ in, fresh, quoted string }{
		{"Thanks, fixed.\n\nOn Mon, 3 Mar 2025 at 10:00, Support <s@x>\nwrote:\n> did it work?", "Thanks, fixed.", "On Mon"},
		{"好的\n\n-----Original Message-----\nFrom: s@x", "好的", "-----Original"},
		{"好的\n\n------------------ 原始邮件 ------------------\n发件人: s@x", "好的", "------------------ 原始邮件"},
		{"收到\n\n发件人: 客服 <s@x>\n发送时间: 2025年3月3日 10:00\n主题: FB-1001", "收到", "发件人"},
		{"见下\n\n在 2025年3月3日 10:00，客服 写道：\n> 请确认", "见下", "在 2025"},
		// Inline answers: the quote has answers below it, so all is new.
		{"> 订单号？\nSO1\n> 金额？\n299", "> 订单号？\nSO1\n> 金额？\n299", ""},
		// All quote: kept whole rather than hidden.
		{"> only a quote", "> only a quote", ""},
	} {
		fresh, quoted := splitQuoted(tc.in)
		if fresh != tc.fresh || !strings.HasPrefix(quoted, tc.quoted) || (tc.quoted == "") != (quoted == "") {
			t.Errorf("%q: %q | %q", tc.in, fresh, quoted)
		}
	}
}
