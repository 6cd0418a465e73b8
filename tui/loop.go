package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// LoopDesk is the part of the store the closed loop with the customer
// uses: replies and their delivery, resolving and approving, satisfaction
// and follow-ups, the knowledge base and mentions. Desk embeds it.
type LoopDesk interface {
	TemplatesFor(ctx context.Context, t domain.Ticket, lang string) ([]store.Template, error)
	Templates(ctx context.Context, lang string) ([]store.Template, error)
	DraftReply(ctx context.Context, agent string, id int64, name, lang string) (string, error)
	Reply(ctx context.Context, actor string, id, version int64, d store.Draft) (domain.Ticket, store.CustomerReply, error)
	Replies(ctx context.Context, ticketID int64) ([]store.CustomerReply, error)
	Deliveries(ctx context.Context, ticketID int64) ([]store.Delivery, error)
	RetryDelivery(ctx context.Context, actor string, replyID int64) error

	Resolve(ctx context.Context, actor string, id, version int64, summary string) (domain.Ticket, bool, error)
	Approvals(ctx context.Context) ([]store.Approval, error)
	LatestApproval(ctx context.Context, ticketID int64) (store.Approval, error)
	Approve(ctx context.Context, actor string, id, version int64) (domain.Ticket, error)
	RejectSolution(ctx context.Context, actor string, id, version int64, reason string) (domain.Ticket, error)
	PendingCompensations(ctx context.Context, limit int) ([]store.PendingCompensation, error)
	ApproveCompensation(ctx context.Context, actor string, id, version int64) (domain.Ticket, store.Compensation, error)

	Score(ctx context.Context, actor string, id, version int64, sc store.Scores) (domain.Ticket, error)
	FollowUps(ctx context.Context, openOnly bool, limit int) ([]store.FollowUp, error)
	CloseFollowUp(ctx context.Context, actor string, followUpID int64, note string) error
	SurveyToken(ctx context.Context, actor string, id int64, ttl time.Duration) (string, time.Time, error)

	SimilarFAQ(ctx context.Context, t domain.Ticket, limit int) ([]store.FAQ, error)
	SearchFAQ(ctx context.Context, query string, limit int) ([]store.FAQ, error)
	PromoteFAQ(ctx context.Context, actor string, ticketID int64, f store.FAQ) (store.FAQ, error)

	UnreadMentions(ctx context.Context, agent string) (int, error)
	Mentions(ctx context.Context, agent string, unreadOnly bool, limit int) ([]store.Mention, error)
	MarkMentionsRead(ctx context.Context, agent string, ticketID int64) (int, error)
}

// loopDoneMsg is the store's answer to a closed-loop change: what to say
// on success, or the error (with the card as it is now after a conflict).
type loopDoneMsg struct {
	text    string
	err     error
	current *domain.Ticket
}

// loopChange runs one closed-loop change as a command; fn returns the
// status line's text. After a conflict it reads the card again, so the
// waiting form can show what changed and retry on the new version.
func (m *Model) loopChange(id int64, fn func() (string, error)) tea.Cmd {
	d, ctx := m.desk, m.ctx
	return func() tea.Msg {
		text, err := fn()
		msg := loopDoneMsg{text: text, err: err}
		if errors.Is(err, store.ErrConflict) && id != 0 {
			if cur, gerr := d.Ticket(ctx, id); gerr == nil {
				msg.current = &cur
			}
		}
		return msg
	}
}

// loopDone reports a closed-loop change like done does: a refused save
// stays in its form with the input kept; success closes the form and
// refreshes the board, the open card and the screen.
func (m *Model) loopDone(msg loopDoneMsg) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
		if f, ok := m.waitingForm(); ok {
			f.failed(msg.err, msg.current)
		}
		if msg.current == nil {
			return nil
		}
		return m.refresh(false)
	}
	if _, ok := m.waitingForm(); ok {
		m.layer = nil
	}
	m.info(msg.text)
	return m.refresh(false)
}
