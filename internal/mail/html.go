package mail

import (
	"io"
	"strings"

	"golang.org/x/net/html"
)

// htmlSkipped are elements whose content is never text for a reader.
var htmlSkipped = map[string]bool{"script": true, "style": true, "head": true, "title": true, "template": true, "noscript": true}

// htmlBreaks are elements that start a new line.
var htmlBreaks = map[string]bool{
	"br": true, "p": true, "div": true, "li": true, "tr": true, "table": true, "blockquote": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "pre": true,
	"ul": true, "ol": true, "section": true, "article": true, "header": true, "footer": true,
}

// htmlText reduces HTML to plain text with the tokenizer (never a
// browser, never a regexp): text nodes with entities decoded, a line
// break for block elements, scripts, styles and the head dropped, runs of
// blanks collapsed. Links keep their text, not their address. At most
// limit bytes of text come out.
func htmlText(r io.Reader, limit int) string {
	z := html.NewTokenizer(r)
	var b strings.Builder
	skip := 0 // depth inside skipped elements
	newline := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	for b.Len() < limit {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return finishHTML(b.String(), limit)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name) //nolint:staticcheck // SA6001: tag is looked up twice
			if htmlSkipped[tag] {
				if tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if htmlBreaks[tag] {
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name) //nolint:staticcheck // SA6001: tag is looked up twice
			if htmlSkipped[tag] {
				skip = max(skip-1, 0)
				continue
			}
			if htmlBreaks[tag] {
				newline()
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := strings.Join(strings.Fields(string(z.Text())), " ")
			if text == "" {
				continue
			}
			if s := b.String(); s != "" && !strings.HasSuffix(s, "\n") && !strings.HasSuffix(s, " ") {
				b.WriteByte(' ')
			}
			b.WriteString(text)
		}
	}
	return finishHTML(b.String(), limit)
}

// finishHTML trims each line and drops blank runs.
func finishHTML(s string, limit int) string {
	if len(s) > limit {
		s = strings.ToValidUTF8(s[:limit], "")
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
