package mail

import (
	"regexp"
	"strings"
)

// Lines that start the quoted history clients put below a reply.
var (
	// "On Mon, 3 Mar 2025 at 10:00, Support <support@x> wrote:" — Gmail
	// and Apple Mail; the header may wrap onto a second line.
	onWroteRE = regexp.MustCompile(`^(On|Le|Am|El) .{4,}`)
	wroteRE   = regexp.MustCompile(`(wrote|a écrit|schrieb|escribió)\s*:\s*$`)
	// "在 2025年3月3日 10:00，客服 <support@x> 写道：" — Chinese clients.
	cnWroteRE = regexp.MustCompile(`^在.{2,}(写道|寫道)\s*[:：]\s*$`)
	// Outlook, QQ Mail, Foxmail and Lotus separators.
	separatorRE = regexp.MustCompile(`^(-{2,}\s*(Original Message|原始邮件|原始郵件|Forwarded message|转发的邮件)\s*-{2,}|_{10,}|-{10,})\s*$`)
	// Outlook without a separator: "From: …" followed by "Sent: …".
	fromRE = regexp.MustCompile(`^\*?(From|发件人|寄件者)\s*\*?\s*[:：]`)
	sentRE = regexp.MustCompile(`^\*?(Sent|Date|发送时间|日期|寄件日期|時間)\s*\*?\s*[:：]`)
)

// splitQuoted splits a message's text into what the sender wrote now and
// the quoted history below it, which the card folds away. Quoted lines
// interleaved with an answer (inline replies) stay in the new text after
// the first block of the answer. Text that is all quote stays whole, so
// nothing the customer sent is ever hidden by mistake.
func splitQuoted(text string) (fresh, quoted string) {
	lines := strings.Split(text, "\n")
	cut := -1
	for i, raw := range lines {
		l := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(l, ">") && quoteRunFollows(lines, i):
			cut = i
		case onWroteRE.MatchString(l) && (wroteRE.MatchString(l) || i+1 < len(lines) && wroteRE.MatchString(strings.TrimSpace(lines[i+1]))):
			cut = i
		case cnWroteRE.MatchString(l), separatorRE.MatchString(l):
			cut = i
		case fromRE.MatchString(l) && followedBy(lines, i, sentRE):
			cut = i
		}
		if cut >= 0 {
			break
		}
	}
	if cut < 0 {
		return strings.TrimSpace(text), ""
	}
	fresh = strings.TrimSpace(strings.Join(lines[:cut], "\n"))
	if fresh == "" {
		return strings.TrimSpace(text), ""
	}
	return fresh, strings.TrimSpace(strings.Join(lines[cut:], "\n"))
}

// quoteRunFollows says whether the "> " lines from i on run to the end of
// the text (blank lines and a signature aside): a block quoted at the
// bottom is history, one with answers below it is an inline reply.
func quoteRunFollows(lines []string, i int) bool {
	for _, raw := range lines[i:] {
		l := strings.TrimSpace(raw)
		if l == "" || strings.HasPrefix(l, ">") {
			continue
		}
		return false
	}
	return true
}

// followedBy says whether one of the next three lines matches re.
func followedBy(lines []string, i int, re *regexp.Regexp) bool {
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		if re.MatchString(strings.TrimSpace(lines[j])) {
			return true
		}
	}
	return false
}
