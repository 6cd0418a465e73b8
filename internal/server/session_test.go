package server

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

func TestSessionLang(t *testing.T) {
	for _, c := range []struct {
		env      []string
		fallback i18n.Lang
		want     i18n.Lang
	}{
		{nil, i18n.ZH, i18n.ZH},
		{[]string{"LANG=zh_CN.UTF-8"}, i18n.EN, i18n.ZH},
		{[]string{"LANG=zh_CN.UTF-8", "LC_ALL=en_US.UTF-8"}, i18n.ZH, i18n.EN}, // LC_ALL wins
		{[]string{"LC_MESSAGES=zh_TW", "LANG=en_GB"}, i18n.EN, i18n.ZH},
		{[]string{"LANG=C.UTF-8"}, i18n.ZH, i18n.EN}, // a locale that is set, but not Chinese
		{[]string{"TERM=xterm", "LANG="}, i18n.ZH, i18n.ZH},
	} {
		if got := sessionLang(c.env, c.fallback); got != c.want {
			t.Errorf("sessionLang(%q, %s) = %s, want %s", c.env, c.fallback, got, c.want)
		}
	}
}

func TestRemoteFilter(t *testing.T) {
	if got := remoteFilter(nil, tea.WindowSizeMsg{}); got != (tea.WindowSizeMsg{Width: 80, Height: 24}) {
		t.Errorf("0×0 became %v, want 80×24", got)
	}
	if got := remoteFilter(nil, tea.WindowSizeMsg{Width: 120, Height: 40}); got != (tea.WindowSizeMsg{Width: 120, Height: 40}) {
		t.Errorf("a real size changed: %v", got)
	}
	if got := remoteFilter(nil, tea.WindowSizeMsg{Width: 4000, Height: 250}); got != (tea.WindowSizeMsg{Width: maxWidth, Height: maxHeight}) {
		t.Errorf("a huge size became %v, want %d×%d", got, maxWidth, maxHeight)
	}
	if _, ok := remoteFilter(nil, tea.SuspendMsg{}).(tea.ResumeMsg); !ok {
		t.Error("ctrl+z should not suspend a program on the server")
	}
}
