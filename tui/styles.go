package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/loopdesk/loopdesk/tui/widget"
)

// Styles is every style of the TUI. Colours are ANSI palette indexes, which
// every profile down to 16 colours shows as the user's theme intends; the
// renderer drops them for NO_COLOR, and nothing is told by colour alone
// (priority has a letter, the selection a bar, errors a lead-in, a
// deadline at risk a "!", a missed one a word).
type Styles struct {
	Header, HeaderFocus lipgloss.Style
	Rule, RuleFocus     lipgloss.Style
	Priority            [3]lipgloss.Style // by domain.Priority
	Negative, VIP       lipgloss.Style
	Positive            lipgloss.Style // positive sentiment on a card
	Banner              lipgloss.Style // the emergency banner across the board
	Badge               lipgloss.Style // the unread mentions in the status line
	Escalated           lipgloss.Style
	SLA                 [3]lipgloss.Style // ok, at risk, breached: the deadline on a card
	Presence            lipgloss.Style    // who else has the card open
	Mark                lipgloss.Style    // the ✓ of a card selected for a bulk action
	Tab, TabActive      lipgloss.Style

	Me, Info lipgloss.Style

	HelpKey, HelpDesc, HelpSep lipgloss.Style

	// The widgets' styles (the box, title and labels, Bar, Selected, Key,
	// Dim and Error), which the board uses too: Bar is the ▌ in front of the
	// selected card, Selected its text.
	widget.Styles

	// Card and SelectedCard are the card styles as inks, for the hot path.
	Card, SelectedCard cardInks
}

// ink is a style reduced to the escape sequences around its text. A board
// frame paints hundreds of short segments; lipgloss's Render lays out
// borders, padding and widths for each, inks only concatenate. Inks suit
// single-line text without width or padding settings.
type ink struct{ pre, post string }

func inkOf(st lipgloss.Style) ink {
	const mark = "\x00"
	pre, post, _ := strings.Cut(st.Render(mark), mark)
	return ink{pre: pre, post: post}
}

// cardInks are the inks of a card's parts.
type cardInks struct {
	plain, bar, key, dim, vip, negative ink
	positive                            ink
	escalated, presence, mark           ink
	priority                            [3]ink // by domain.Priority
	sla                                 [3]ink // ok, at risk, breached
}

// cardInksOf builds the card inks; a selected card is bold throughout.
func cardInksOf(s Styles, selected bool) cardInks {
	mk := func(st lipgloss.Style) ink {
		if selected {
			st = st.Bold(true)
		}
		return inkOf(st)
	}
	return cardInks{
		plain: mk(lipgloss.NewStyle()), bar: inkOf(s.Bar), key: mk(s.Key), dim: mk(s.Dim),
		vip: mk(s.VIP), negative: mk(s.Negative), positive: mk(s.Positive),
		escalated: mk(s.Escalated), presence: mk(s.Presence), mark: inkOf(s.Mark),
		priority: [3]ink{mk(s.Priority[0]), mk(s.Priority[1]), mk(s.Priority[2])},
		sla:      [3]ink{mk(s.SLA[0]), mk(s.SLA[1]), mk(s.SLA[2])},
	}
}

func newStyles() Styles {
	var (
		red     = lipgloss.Red
		yellow  = lipgloss.Yellow
		green   = lipgloss.Green
		cyan    = lipgloss.Cyan
		magenta = lipgloss.Magenta
		grey    = lipgloss.BrightBlack
	)
	s := lipgloss.NewStyle
	st := Styles{
		Header:      s().Bold(true),
		HeaderFocus: s().Bold(true).Reverse(true),
		Rule:        s().Foreground(grey),
		RuleFocus:   s().Foreground(cyan),
		Priority: [3]lipgloss.Style{
			s().Foreground(red).Bold(true),
			s().Foreground(yellow),
			s().Foreground(green),
		},
		Negative:  s().Foreground(red),
		Positive:  s().Foreground(green),
		Banner:    s().Foreground(red).Bold(true).Reverse(true),
		Badge:     s().Foreground(magenta).Bold(true),
		VIP:       s().Foreground(yellow).Bold(true),
		Escalated: s().Foreground(red).Bold(true).Reverse(true),
		SLA: [3]lipgloss.Style{
			s().Foreground(green),
			s().Foreground(yellow).Bold(true),
			s().Foreground(red).Bold(true),
		},
		Presence:  s().Foreground(magenta),
		Mark:      s().Foreground(cyan).Bold(true),
		Tab:       s(),
		TabActive: s().Bold(true).Reverse(true),

		Me:   s().Bold(true),
		Info: s().Foreground(green),

		Styles: widget.Styles{
			Box:        s().Border(lipgloss.RoundedBorder()).BorderForeground(cyan).Padding(0, 1),
			Title:      s().Bold(true),
			Label:      s(),
			LabelFocus: s().Bold(true).Foreground(cyan),
			Bar:        s().Foreground(cyan).Bold(true),
			Selected:   s().Bold(true),
			Key:        s().Foreground(cyan),
			Disabled:   s().Foreground(grey),
			Dim:        s().Foreground(grey),
			Error:      s().Foreground(red).Bold(true),
		},

		HelpKey:  s().Bold(true).Foreground(cyan),
		HelpDesc: s(),
		HelpSep:  s().Foreground(grey),
	}
	st.Card, st.SelectedCard = cardInksOf(st, false), cardInksOf(st, true)
	return st
}
