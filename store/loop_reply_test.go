package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func TestRenderTemplate(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		vars := map[string]string{"customer": "张**", "key": "FB-1001", "agent": "{key}"}
		for body, want := range map[string]string{
			"{customer}您好，工单 {key}":   "张**您好，工单 FB-1001",
			"{{key} stays, { x } too": "{key} stays, { x } too",
			"trailing {":              "trailing {",
			"{agent}":                 "{key}", // values are never rendered again
			"{}{-}":                   "{}{-}",
			"{{{{":                    "{{",
		} {
			if got, err := RenderTemplate(body, vars); err != nil || got != want {
				t.Errorf("RenderTemplate(%q) = %q, %v; want %q", body, got, err, want)
			}
		}
		_, err := RenderTemplate("Hello {custmer}", vars)
		wantErr(t, err, ErrInvalid, "unknown placeholder {custmer}")
		if !strings.Contains(err.Error(), "{survey_link}") {
			t.Errorf("error does not list the placeholders: %v", err)
		}
	})
}

func FuzzRenderTemplate(f *testing.F) {
	for _, s := range []string{"", "{customer}", "{{", "{a}{", "{{customer}}", "您好 {key}}", "{\xff}"} {
		f.Add(s)
	}
	vars := map[string]string{}
	for _, p := range Placeholders {
		vars[p] = "<" + p + ">"
	}
	f.Fuzz(func(t *testing.T, body string) {
		out, err := RenderTemplate(body, vars)
		if err != nil {
			if !strings.Contains(err.Error(), "unknown placeholder") {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !strings.Contains(body, "{") && out != body {
			t.Fatalf("text without braces changed: %q → %q", body, out)
		}
		// Escaped text renders as itself, whatever it holds.
		if back, err := RenderTemplate(EscapeTemplate(body), nil); err != nil || back != body {
			t.Fatalf("escape round trip: %q → %q, %v", body, back, err)
		}
		// A draft sends exactly what the template would.
		draft, err := draftTemplate(body, vars)
		if err != nil {
			t.Fatal(err)
		}
		sent, err := RenderTemplate(draft, map[string]string{"survey_link": vars["survey_link"]})
		if err != nil || sent != out {
			t.Fatalf("draft then send: %q → %q → %q (%v), want %q", body, draft, sent, err, out)
		}
	})
}

func TestReplyRecordsQueuesAndCountsAsResponse(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, now := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "路由器断网", domain.High)
		draft, err := s.DraftReply(ctx, "bob", tk.ID, "acknowledgement", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"您好！", "FB-1001", "技术支持团队", "——Bob"} {
			if !strings.Contains(draft, want) {
				t.Errorf("draft lacks %q: %s", want, draft)
			}
		}
		if strings.Contains(draft, "*") {
			t.Errorf("draft shows masked data: %s", draft)
		}
		tk, r, err := s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{Text: draft, Template: "acknowledgement"})
		if err != nil {
			t.Fatal(err)
		}
		if tk.FirstResponseAt.IsZero() || r.Body != draft || r.Lang != "zh" || r.Template != "acknowledgement" {
			t.Fatalf("after reply: first response %v, reply %+v", tk.FirstResponseAt, r)
		}
		firstUpdateDue := tk.DueUpdate
		now.Add(time.Hour.Milliseconds())
		tk, _, err = s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{Text: "Update on {key}: still testing", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		replies, _ := s.Replies(ctx, tk.ID)
		if len(replies) != 2 || replies[1].Body != "Update on FB-1001: still testing" {
			t.Fatalf("replies %+v", replies)
		}
		if tk.Notes != 0 {
			t.Fatal("a reply counted as an internal note")
		}
		ds, _ := s.Deliveries(ctx, tk.ID)
		if len(ds) != 2 || ds[0].State != DeliveryQueued || ds[0].ReplyID != replies[0].ID {
			t.Fatalf("deliveries %+v", ds)
		}
		if got := kinds(t, s, tk.ID); !strings.HasSuffix(got, "responded:reply responded:reply") {
			t.Fatalf("timeline %s", got)
		}
		// The second reply is a progress update: the update clock restarts.
		if firstUpdateDue.IsZero() || !tk.DueUpdate.After(firstUpdateDue) {
			t.Fatalf("update due %v after the first reply, %v after the second", firstUpdateDue, tk.DueUpdate)
		}
	})
}

func TestReplyHeldIfTicketChanged(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "退款", domain.Medium)
		opened := tk.Version
		if _, err := s.AddNote(ctx, "sam", tk.ID, tk.Version, "customer called again"); err != nil {
			t.Fatal(err)
		}
		_, _, err := s.Reply(ctx, "bob", tk.ID, opened, Draft{Text: "We are on it"})
		wantErr(t, err, ErrConflict, "note added by sam")
		if replies, _ := s.Replies(ctx, tk.ID); len(replies) != 0 {
			t.Fatal("a held reply was recorded")
		}
	})
}

func TestReplyRules(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		tk := working(t, s, "slow delivery", domain.Low)
		_, _, err := s.Reply(ctx, "cy", tk.ID, tk.Version, Draft{Text: "hi"})
		wantErr(t, err, ErrForbidden, "belongs to bob")
		_, _, err = s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{})
		wantErr(t, err, ErrInvalid, "write a text or pick a template")
		_, _, err = s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{Text: "Dear {name}"})
		wantErr(t, err, ErrInvalid, "unknown placeholder {name}")
		_, _, err = s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{Template: "nope"})
		wantErr(t, err, ErrInvalid, `no en template "nope"`)
		_, _, err = s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{Template: "resolution"})
		wantErr(t, err, ErrInvalid, "--base-url")

		_, r, err := s.Reply(ctx, "bob", tk.ID, tk.Version, Draft{Template: "resolution", SurveyBase: "https://desk.example/"})
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(r.Body, "https://desk.example/survey/")
		if r.Lang != "en" || i < 0 {
			t.Fatalf("resolution reply: %+v", r)
		}
		token := strings.Fields(r.Body[i+len("https://desk.example/survey/"):])[0]
		if v, err := s.SurveyByToken(ctx, token); err != nil || v.TicketID != tk.ID {
			t.Fatalf("survey link in the reply: %+v %v", v, err)
		}
		if got := kinds(t, s, tk.ID); !strings.HasSuffix(got, "responded:reply survey_link:survey") {
			t.Fatalf("timeline %s", got)
		}
	})
}

func TestTemplates(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		all, err := s.Templates(ctx, "")
		if err != nil || len(all) != 16 { // 4 names of 0005, 3 of 0012 (problem notices), 1 of 0015 (wait reminder), in zh and en
			t.Fatalf("shipped templates: %d %v", len(all), err)
		}
		high := domain.High
		tpl := Template{Name: "ack-urgent", Lang: "en", Priority: &high, Body: "Hello {customer}, {key} is urgent for us."}
		wantErr(t, s.SetTemplate(ctx, "bob", tpl), ErrForbidden, "needs the admin role")
		bad := tpl
		bad.Body = "Hello {client}"
		wantErr(t, s.SetTemplate(ctx, "ada", bad), ErrInvalid, "unknown placeholder {client}")
		bad = tpl
		bad.Name = "Has Space"
		wantErr(t, s.SetTemplate(ctx, "ada", bad), ErrInvalid, "template name")
		if err := s.SetTemplate(ctx, "ada", tpl); err != nil {
			t.Fatal(err)
		}
		tk := working(t, s, "Checkout fails", domain.High)
		offered, err := s.TemplatesFor(ctx, tk, "")
		if err != nil || len(offered) != 9 || offered[0].Name != "ack-urgent" || offered[0].Lang != "en" {
			t.Fatalf("offered %+v %v", offered, err)
		}
		low := working(t, s, "Question", domain.Low)
		if offered, _ := s.TemplatesFor(ctx, low, "en"); len(offered) != 8 {
			t.Fatalf("a high-priority template offered for a low one: %+v", offered)
		}
		tpl.Body = "Hi {customer}"
		if err := s.SetTemplate(ctx, "ada", tpl); err != nil {
			t.Fatal(err)
		}
		if en, _ := s.Templates(ctx, "en"); len(en) != 9 || en[0].Body != "Hi {customer}" || en[0].UpdatedBy != "ada" {
			t.Fatalf("replaced template: %+v", en)
		}
		if ev, _ := s.EventsAfter(ctx, 0, 1000); ev[len(ev)-1].Kind != EvTemplateChanged || ev[len(ev)-1].Before == "" {
			t.Fatalf("template change not audited: %+v", ev[len(ev)-1])
		}
	})
}

// TestReplyLang checks the guess used when no language is given.
func TestReplyLang(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		if ReplyLang(domain.Ticket{Title: "App crash", Body: "打不开"}) != "zh" || ReplyLang(domain.Ticket{Title: "App crash"}) != "en" {
			t.Fatal("ReplyLang")
		}
	})
}

// TestReplyAsTheCustomerReceivesIt reads the stock acknowledgement as it
// leaves the desk, in both languages: no masked name ("张**您好"), the
// team named in the reply's language.
func TestReplyAsTheCustomerReceivesIt(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		zh := working(t, s, "路由器断网", domain.High)
		en := working(t, s, "Router keeps dropping", domain.High)
		loc := s.SLA().Calendar.Location()
		for _, c := range []struct {
			tk   domain.Ticket
			want string
		}{
			{zh, "您好！我们已收到您的反馈（工单号 FB-1001），技术支持团队正在处理，预计 " + zh.DueResolution.In(loc).Format("2006-01-02 15:04") +
				" Asia/Shanghai (UTC+8) 前给您答复。如有补充，请直接回复本消息。——Bob"},
			{en, "Hello, we have received your feedback (ticket FB-1002). Our Tech support team is on it and expects to get back to you by " +
				en.DueResolution.In(loc).Format("2006-01-02 15:04") + " Asia/Shanghai (UTC+8). Just reply to this message if you have anything to add. — Bob"},
		} {
			_, r, err := s.Reply(ctx, "bob", c.tk.ID, c.tk.Version, Draft{Template: "acknowledgement"})
			if err != nil {
				t.Fatal(err)
			}
			jobs, err := s.ClaimDeliveries(ctx, "test", time.Minute, 1, r.ID)
			if err != nil || len(jobs) != 1 {
				t.Fatalf("claim %v %v", jobs, err)
			}
			if jobs[0].Text != c.want {
				t.Errorf("the customer receives\n%s\nwant\n%s", jobs[0].Text, c.want)
			}
		}
	})
}

// TestStockTemplatesRewrittenUnlessEdited checks migration 0018 on a desk
// made before it: stock templates lose the masked name, an edited one is
// kept as the desk wrote it.
func TestStockTemplatesRewrittenUnlessEdited(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _ := loopStore(t)
		ctx := context.Background()
		if _, err := s.w.ExecContext(ctx, `UPDATE reply_templates SET body = '{customer}您好，关于工单 {key}：{team}仍在处理中，预计 {expected} 前解决。给您带来不便，敬请谅解。——{agent}'
		WHERE name = 'progress' AND lang = 'zh'`); err != nil {
			t.Fatal(err)
		}
		if err := s.SetTemplate(ctx, "ada", Template{Name: "progress", Lang: "en", Body: "Dear {customer}, {key} is in hand."}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.ExecContext(ctx, "DELETE FROM schema_migrations WHERE version = 18"); err != nil {
			t.Fatal(err)
		}
		if err := s.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		all, err := s.Templates(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, tpl := range all {
			edited := tpl.Name == "progress" && tpl.Lang == "en"
			if has := strings.Contains(tpl.Body, "{customer}"); has != edited {
				t.Errorf("%s.%s after the migration: %s", tpl.Name, tpl.Lang, tpl.Body)
			}
		}
	})
}
