package tui

import (
	tea "charm.land/bubbletea/v2"
)

// loopState is the session's part of the closed loop.
type loopState struct {
	surveyBase string // public address of the survey server; "" makes no links
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
		m.layer = templatePicker(&m.env, msg.t, msg.templates, msg.previews)
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
	case previewAsk:
		return m.readPreview(msg)
	case previewMsg:
		if msg.err != nil {
			m.fail(msg.err)
			return nil
		}
		m.layer = &approvalPreview{e: &m.env, t: msg.t, ask: msg.ask, w: m.screenWidth()}
		return nil
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
