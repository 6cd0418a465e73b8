// Package i18n holds the user-interface languages of loopdesk: which
// language a session speaks (from a flag or the locale) and the catalogue
// of every string the TUI shows, in English and Chinese. Format strings use
// explicit argument indexes (%[1]s) so each language can order them freely.
package i18n

import (
	"fmt"
	"os"
	"strings"
)

// Lang is a UI language.
type Lang string

// The supported languages.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

// Detect picks the language from the locale: the first of LC_ALL,
// LC_MESSAGES and LANG that is set (POSIX precedence); zh* means Chinese,
// anything else English.
func Detect() Lang { return detect(os.Getenv) }

func detect(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return ZH
			}
			return EN
		}
	}
	return EN
}

// Parse reads a --lang value: "en" or "zh", also as a locale name such as
// "zh_CN.UTF-8" or "en-US".
func Parse(s string) (Lang, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	base, _, _ := strings.Cut(strings.NewReplacer("-", "_", ".", "_").Replace(v), "_")
	switch base {
	case "en":
		return EN, nil
	case "zh":
		return ZH, nil
	}
	return "", fmt.Errorf("unknown language %q (want en or zh)", s)
}

// String is the language code.
func (l Lang) String() string { return string(l) }

// T looks k up in l's catalogue and formats it with args. A key missing
// from the catalogue (a bug the tests catch) shows as the key itself, so
// the screen stays usable.
func (l Lang) T(k Key, args ...any) string {
	s, ok := l.catalogue()[k]
	if !ok {
		s = string(k)
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

func (l Lang) catalogue() map[Key]string {
	if l == ZH {
		return zh
	}
	return en
}
