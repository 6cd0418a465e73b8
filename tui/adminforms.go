package tui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/authkeys"
	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/internal/textsafe"
	"github.com/loopdesk/loopdesk/store"
	"github.com/loopdesk/loopdesk/tui/widget"
)

// Limits of the admin forms' fields (the store checks names again).
const (
	loginLimit = 32
	// keyLimit fits the longest public keys in use (RSA 16384 bits is
	// under 3 KB in authorized_keys form).
	keyLimit = 8192
)

// newAgentForm adds an agent: login, display name, role and team.
func newAgentForm(e *env, teams []domain.Team, w, h int) *form {
	l, k := e.lang, &e.keys.Keys
	roles := []widget.Choice{
		{Label: l.Role(domain.RoleAgent), Value: string(domain.RoleAgent)},
		{Label: l.Role(domain.RoleSupervisor), Value: string(domain.RoleSupervisor)},
		{Label: l.Role(domain.RoleAdmin), Value: string(domain.RoleAdmin)},
	}
	// No team chosen means the store's default team.
	teamChoices := []widget.Choice{{Label: "—", Value: ""}}
	if len(teams) > 0 {
		teamChoices = teamChoices[:0]
	}
	for _, t := range teams {
		teamChoices = append(teamChoices, widget.Choice{Label: l.Team(textsafe.Line(t.Name)), Value: t.Name})
	}
	f := newForm(e, l.T(i18n.FormAddAgent), i18n.FormHint, nil, []*widget.Field{
		widget.NewText(k, l.T(i18n.FieldLogin), "name", "", loginLimit),
		widget.NewText(k, l.T(i18n.FieldDisplay), "display", "", fieldLimit),
		widget.NewChoice(k, l.T(i18n.FieldRole), "role", roles, string(domain.RoleAgent)),
		widget.NewChoice(k, l.T(i18n.FieldTeam), "team", teamChoices, e.me.Team),
	}, w, h)
	f.submit = func(f *form) (tea.Msg, string) {
		name := strings.TrimSpace(f.val("name"))
		if store.ValidAgentName(name) != nil {
			return nil, f.e.lang.T(i18n.FormBadLogin)
		}
		return addAgentIntent{domain.Agent{Name: name, DisplayName: f.val("display"),
			Role: domain.Role(f.val("role")), Team: f.val("team")}}, ""
	}
	return f
}

// newKeyForm adds an SSH key to agent: one authorized_keys line, pasted.
func newKeyForm(e *env, agent string, w, h int) *form {
	f := newForm(e, e.lang.T(i18n.FormAddKey, safeName(agent)), i18n.FormKeyHint, nil, []*widget.Field{
		widget.NewText(&e.keys.Keys, e.lang.T(i18n.FieldPublicKey), "key", "", keyLimit),
	}, w, h)
	f.submit = func(f *form) (tea.Msg, string) {
		fp, line, why := parsePublicKey(f.e.lang, f.val("key"))
		if why != "" {
			return nil, why
		}
		return addKeyIntent{agent: agent, fingerprint: fp, line: line}, ""
	}
	return f
}

// parsePublicKey reads one authorized_keys line as the SSH server checks
// keys: its options are dropped and its comment kept short and clean;
// private keys and certificates are refused. It returns the SHA256
// fingerprint and the line to store, or why not in the session's language.
func parsePublicKey(l i18n.Lang, s string) (fingerprint, authorized, why string) {
	k, err := authkeys.ParseLine(strings.TrimSpace(s))
	switch {
	case errors.Is(err, authkeys.ErrPrivateKey):
		return "", "", l.T(i18n.FormKeyPrivate)
	case errors.Is(err, authkeys.ErrCertificate):
		return "", "", l.T(i18n.FormKeyCert)
	case err != nil:
		return "", "", l.T(i18n.FormKeyNotKey)
	}
	return k.Fingerprint, k.Line, ""
}

// keysPicker lists an agent's keys: the first item adds one, choosing a
// key asks whether to remove it.
func keysPicker(e *env, agent string, keys []store.AgentKey, w, h int) *picker {
	l := e.lang
	items := []pickItem{{label: l.T(i18n.PickAddKey), next: newKeyForm(e, agent, w, h)}}
	for _, k := range keys {
		typ, comment := keyParts(k.PublicKey)
		q := l.T(i18n.ConfirmRemoveKey, k.Fingerprint, safeName(agent))
		items = append(items, pickItem{
			label: strings.TrimSpace(k.Fingerprint + "  " + typ + " " + comment),
			next:  newConfirm(e, q, removeKeyIntent{agent: agent, fingerprint: k.Fingerprint}),
		})
	}
	return newPicker(e, l.T(i18n.PickKeys, safeName(agent)), items)
}

// keyParts is a stored key's type and comment, for the screen.
func keyParts(authorized string) (typ, comment string) {
	f := strings.Fields(textsafe.Line(authorized))
	if len(f) > 0 {
		typ = f[0]
	}
	if len(f) > 2 {
		comment = strings.Join(f[2:], " ")
	}
	return typ, comment
}
