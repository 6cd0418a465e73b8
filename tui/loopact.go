package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
)

// loopState is the session's part of the closed loop.
type loopState struct {
	surveyBase string // public address of the survey server; "" makes no links
}

// loopKey starts a closed-loop action from the board or the open card;
// it reports whether the key was one.
func (m *Model) loopKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, l := &m.env.keys, m.env.lang
	if keyIs(msg, k.Approvals) {
		if !m.env.me.Role.Supervises() {
			m.status = status{text: l.T(i18n.LeadForbidden) + l.T(i18n.SupervisorOnly, l.T(i18n.ScreenApprovals)), err: true}
			return nil, true
		}
		m.screen, m.detail, m.status = &approvalScreen{e: &m.env}, nil, status{}
		return m.refreshScreen(), true
	}
	onCard := keyIs(msg, k.Reply) || keyIs(msg, k.Resolve) || keyIs(msg, k.Score) ||
		keyIs(msg, k.Survey) || keyIs(msg, k.RetryDelivery)
	if !onCard {
		return nil, false
	}
	t, ok := m.target()
	if !ok {
		m.info(l.T(i18n.MsgNoCard))
		return nil, true
	}
	w, h := m.size()
	switch {
	case keyIs(msg, k.Reply):
		return m.startReply(t), true
	case keyIs(msg, k.Resolve):
		if why := moveRefusal(l, t, domain.Resolved); why != "" {
			m.status = status{text: why, err: true}
			return nil, true
		}
		m.layer = newResolveForm(&m.env, t, w, h)
	case keyIs(msg, k.Score):
		m.layer = newScoreForm(&m.env, t, w, h)
	case keyIs(msg, k.Survey):
		return m.surveyLink(t), true
	case keyIs(msg, k.RetryDelivery):
		return m.retryDelivery(t), true
	}
	return nil, true
}

// loopAct carries out the closed loop's intents and reads; other
// messages go on to adminAct.
func (m *Model) loopAct(msg tea.Msg) tea.Cmd {
	w, h := m.size()
	switch msg := msg.(type) {
	case templatesMsg:
		if msg.err != nil {
			m.fail(msg.err)
			return nil
		}
		m.layer = templatePicker(&m.env, msg.t, msg.templates)
	case draftAsk:
		return m.loadDraft(msg)
	case draftMsg:
		if msg.err != nil {
			m.fail(msg.err)
			return nil
		}
		m.layer = newReplyEditor(&m.env, msg, w, h)
	case replyIntent:
		return m.sendReply(msg)
	case resolveIntent:
		return m.resolve(msg)
	case approveIntent:
		return m.approve(msg.a)
	case approveCompensationIntent:
		return m.approveCompensation(msg.c)
	case sendBackIntent:
		return m.sendBack(msg)
	case closeFollowUpIntent:
		return m.closeFollowUp(msg)
	case scoreIntent:
		return m.score(msg)
	case surveyLinkMsg:
		return m.onSurveyLink(msg)
	case loopDoneMsg:
		return m.loopDone(msg)
	default:
		return m.adminAct(msg)
	}
	return nil
}
