package tui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// scoreIntent records the customer's satisfaction, as an agent took it
// down on a call.
type scoreIntent struct {
	t  domain.Ticket
	sc store.Scores
}

// ratingChoices are "—" (not asked yet) and 1 to 5; the form refuses to
// save until every rating is given, so a forgotten one is never a 1.
func ratingChoices() []widget.Choice {
	out := []widget.Choice{{Label: "—", Value: ""}}
	for i := 1; i <= 5; i++ {
		s := strconv.Itoa(i)
		out = append(out, widget.Choice{Label: s, Value: s})
	}
	return out
}

// newScoreForm takes the four 1–5 ratings and a comment.
func newScoreForm(e *env, t domain.Ticket, w, h int) *form {
	f := newForm(e, e.lang.T(i18n.FormScore, t.Key()), i18n.FormScoreHint, &t, []*widget.Field{
		widget.NewChoice(&e.keys.Keys, e.lang.T(i18n.FieldTimeliness), "timeliness", ratingChoices(), ""),
		widget.NewChoice(&e.keys.Keys, e.lang.T(i18n.FieldEffectiveness), "effectiveness", ratingChoices(), ""),
		widget.NewChoice(&e.keys.Keys, e.lang.T(i18n.FieldAttitude), "attitude", ratingChoices(), ""),
		widget.NewChoice(&e.keys.Keys, e.lang.T(i18n.FieldOverall), "overall", ratingChoices(), ""),
		widget.NewText(&e.keys.Keys, e.lang.T(i18n.FieldComment), "comment", "", store.MaxCommentRunes),
	}, w, h)
	f.submit = func(f *form) (tea.Msg, string) {
		n := func(name string) int { v, _ := strconv.Atoi(f.val(name)); return v }
		sc := store.Scores{Timeliness: n("timeliness"), Effectiveness: n("effectiveness"), Attitude: n("attitude"),
			Overall: n("overall"), Comment: f.val("comment"), Source: store.SourceAgent}
		if sc.Timeliness == 0 || sc.Effectiveness == 0 || sc.Attitude == 0 || sc.Overall == 0 {
			return nil, f.e.lang.T(i18n.FormNeedRatings)
		}
		return scoreIntent{t: *f.ticket, sc: sc}, ""
	}
	return f
}

// score records the ratings and says what came of them: closed, or
// reopened; and whether the ticket went on the follow-up queue.
func (m *Model) score(msg scoreIntent) tea.Cmd {
	d, ctx, me, l := m.desk, m.ctx, m.env.me.Name, m.env.lang
	return m.loopChange(msg.t.ID, func() (string, error) {
		t, err := d.Score(ctx, me, msg.t.ID, msg.t.Version, msg.sc)
		if err != nil {
			return "", err
		}
		text := l.T(i18n.MsgScoredClosed, t.Key())
		if t.Status != domain.Closed {
			text = l.T(i18n.MsgScoredReopened, t.Key(), l.Status(t.Status))
		}
		if len(msg.sc.Low()) > 0 { // any rating of 3 or less
			text += l.T(i18n.MsgFollowUpQueued)
		}
		return text, nil
	})
}

// surveyLinkMsg is a survey link made for a card.
type surveyLinkMsg struct {
	key, link string
	err       error
}

// surveyLink makes a one-use survey link for t and shows it in the
// status line (and offers it to the terminal's clipboard); it needs the
// public address of the survey server (Options.SurveyBase).
func (m *Model) surveyLink(t domain.Ticket) tea.Cmd {
	l := m.env.lang
	if m.loop.surveyBase == "" {
		m.status = status{text: l.T(i18n.LeadInvalid) + l.T(i18n.MsgNoSurveyBase), err: true}
		return nil
	}
	d, ctx, me, base := m.desk, m.ctx, m.env.me.Name, m.loop.surveyBase
	return func() tea.Msg {
		token, _, err := d.SurveyToken(ctx, me, t.ID, 0)
		return surveyLinkMsg{key: t.Key(), link: store.SurveyLink(base, token), err: err}
	}
}

func (m *Model) onSurveyLink(msg surveyLinkMsg) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
		return nil
	}
	m.info(m.env.lang.T(i18n.MsgSurveyLink, msg.key, msg.link))
	return tea.SetClipboard(msg.link)
}
