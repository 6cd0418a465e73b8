package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// mailedTicket is an email-channel ticket whose customer wrote from addr
// (message id m1), with bob's reply to it queued; it returns the claimed
// delivery.
func mailedTicket(t *testing.T, s *Store, addr string) DeliveryJob {
	t.Helper()
	ctx := context.Background()
	tk, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "支付失败", Body: "扣款了但订单没有成功", Channel: domain.Email,
		Category: domain.Malfunction, Priority: domain.Medium, CustomerName: "王喆", CustomerEmail: addr, Team: "tech_support", Owner: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if addr != "" {
		if err := s.RecordMail(ctx, "bob", MailMessage{TicketID: tk.ID, Inbound: true, MessageID: "m1@example.cn",
			SenderAddr: "<" + strings.ToUpper(addr) + ">", Subject: "Re: 支付失败", Body: "扣款了但订单没有成功"}); err != nil {
			t.Fatal(err)
		}
	}
	if tk, err = s.Ticket(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{Text: "您好，已为您退款。"}); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.ClaimDeliveries(ctx, "w1", time.Minute, 10, 0)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %+v %v", jobs, err)
	}
	return jobs[0]
}

func TestPrepareMailAnswersTheSealedAddressUnderOneMessageID(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		const addr = "wangzhe@example.cn"
		j := mailedTicket(t, s, addr)
		if m, err := s.PrepareMail(ctx, j); m != nil || err != nil {
			t.Fatalf("no relay yet: %+v %v", m, err)
		}
		relay := MailRelay{URL: "smtp://desk@mail.example.com:587", From: "Support <support@example.com>"}
		if err := s.SetMailRelay(ctx, "bob", relay); !errors.Is(err, ErrForbidden) {
			t.Errorf("an agent set the relay: %v", err)
		}
		for _, bad := range []MailRelay{
			{URL: "smtp://desk:hunter2@mail.example.com:587", From: relay.From},
			{URL: "http://mail.example.com", From: relay.From},
			{URL: relay.URL, From: "support"},
			{URL: relay.URL, From: relay.From, PasswordFile: "relative/pw"},
		} {
			if err := s.SetMailRelay(ctx, "ada", bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if err := s.SetMailRelay(ctx, "ada", relay); err != nil {
			t.Fatal(err)
		}
		m, err := s.PrepareMail(ctx, j)
		if err != nil {
			t.Fatal(err)
		}
		if m.To != addr || m.InReplyTo != "m1@example.cn" || len(m.References) != 1 || m.Subject != "Re: ["+j.TicketKey()+"] 支付失败" ||
			!strings.HasPrefix(m.MessageID, "loopdesk.") || !strings.HasSuffix(m.MessageID, "@example.com") {
			t.Errorf("mail: %+v", m)
		}
		again, err := s.PrepareMail(ctx, j)
		if err != nil || again.MessageID != m.MessageID {
			t.Errorf("a retry sends another Message-ID: %q vs %q (%v)", again.MessageID, m.MessageID, err)
		}
		thread, _ := s.MailThread(ctx, j.TicketID)
		if len(thread) != 2 || thread[1].Inbound || thread[1].ReplyID != j.ReplyID || thread[1].MessageID != m.MessageID {
			t.Errorf("thread: %+v", thread)
		}
		if t0, _ := s.MailThreadOf(ctx, []string{m.MessageID}); t0 != j.TicketID {
			t.Errorf("an answer to the reply threads to %d", t0)
		}
		if own, _ := s.MailOwn(ctx, m.MessageID); !own {
			t.Error("the reply's id is not known as the desk's own")
		}
		if ok, _ := s.MailSenderKnown(ctx, j.TicketID, "WangZhe@Example.cn"); !ok || thread[0].SenderMasked != "w***@example.cn" {
			t.Errorf("sender known %v, masked %q", ok, thread[0].SenderMasked)
		}
		// The address is nowhere in the files in clear.
		s.Close()
		for _, p := range []string{s.Path(), s.Path() + "-wal"} {
			data, err := os.ReadFile(p)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			if bytes.Contains(bytes.ToLower(data), []byte(addr)) {
				t.Errorf("%s holds the address in clear", p)
			}
		}
	})
}

func TestPrepareMailWithoutAnAddressSaysSo(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		if err := s.SetMailRelay(ctx, "ada", MailRelay{URL: "smtp://mail.example.com", From: "support@example.com"}); err != nil {
			t.Fatal(err)
		}
		j := mailedTicket(t, s, "")
		if m, err := s.PrepareMail(ctx, j); !errors.Is(err, ErrNoMailAddress) || m != nil {
			t.Errorf("%+v %v", m, err)
		}
	})
}

func TestSMSTextIsOneShortLineKeepingOnlyTheSurveyLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		link := "https://support.example.com" + SurveyPath + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		for _, tc := range []struct{ in, want string }{
			{"Hello Li,\n\nsee https://docs.example.com/fix for the fix.\n— Bob", "Hello Li, see for the fix. — Bob"},
			{"您好，工单 FB-1001 已处理完毕。请评分：" + link + " ——Bob", "您好，工单 FB-1001 已处理完毕。请评分： ——Bob " + link},
			{strings.Repeat("很长的回复", 40) + link, string([]rune(strings.Repeat("很长的回复", 40))[:SMSRunes-len(link)-2]) + "… " + link},
		} {
			got := SMSText(tc.in)
			if got != tc.want || len([]rune(got)) > SMSRunes || strings.Contains(got, "\n") {
				t.Errorf("%q:\n got %q\nwant %q", tc.in, got, tc.want)
			}
		}
	})
}
