package domain

import (
	"fmt"
	"strings"
	"unicode"
)

// MaskName keeps the first character of each part of a name and masks the
// rest, so an agent can greet "Mr. Z" without the desk storing who that is:
// "张三丰" → "张**", "John Smith" → "J*** S****". Already masked input is
// returned unchanged, so masking twice is harmless.
func MaskName(name string) string {
	parts := strings.Fields(name)
	for i, p := range parts {
		r := []rune(p)
		for j := 1; j < len(r); j++ {
			r[j] = '*'
		}
		parts[i] = string(r)
	}
	return strings.Join(parts, " ")
}

// PhoneLast4 reduces a phone number to its last four digits; the full
// number is never kept. Empty input gives "". Fewer than 7 digits is
// refused: that is not a phone number and probably a typo worth fixing.
// An already masked number ("****1234", as exports write it) keeps its
// four digits, so exports re-import.
func PhoneLast4(phone string) (string, error) {
	phone = strings.TrimSpace(phone)
	if phone == "" {
		return "", nil
	}
	if rest := strings.TrimLeft(phone, "*"); len(rest) == 4 && len(phone) > 4 && isDigits(rest) {
		return rest, nil
	}
	var digits []rune
	for _, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, r)
		case r == '+' || r == '-' || r == '(' || r == ')' || r == '.' || unicode.IsSpace(r):
		default:
			return "", fmt.Errorf("phone number may hold only digits, spaces and + - ( ) .")
		}
	}
	if len(digits) < 7 {
		return "", fmt.Errorf("phone number too short (%d digits)", len(digits))
	}
	if len(digits) > 15 {
		return "", fmt.Errorf("phone number too long (%d digits)", len(digits))
	}
	return string(digits[len(digits)-4:]), nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
