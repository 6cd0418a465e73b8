package domain

import (
	"errors"
	"fmt"
	"regexp"
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
			return "", errors.New("phone number may hold only digits, spaces and + - ( ) and dots")
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

// numberRE finds what may be a phone or resident ID number in free text;
// MaskNumbers then checks what surrounds each match. Alternatives are
// tried in order at each position, longest forms first.
var numberRE = regexp.MustCompile(
	`\d{17}[\dXx]` + // resident ID, 18 digits (last may be X)
		`|\d{15}` + // resident ID, old 15-digit form
		`|(?:(?:\+|00)86[ -]?)?1[3-9](?:[ -]?\d){9}` + // mainland mobile
		`|(?:\+|00)[1-9](?:[ -]?\(?\d\)?){6,14}` + // international, country code first
		`|\(?0\d{2,3}\)?[ -]?\d{3,4}[ -]?\d{4}`) // landline with area code: 010-12345678, 0755 1234567

// MaskNumbers masks the phone numbers and resident ID numbers in
// customer text as the phone field is masked: every digit but the last
// four becomes '*', separators stay ("138-0013-8000" → "***-****-8000").
// What counts:
//
//   - mainland mobiles 1[3-9]xxxxxxxxx, with +86/0086 and spaces or dashes;
//   - landlines with an area code (010-12345678, (0755) 1234567);
//   - international numbers written with + or 00 and a country code;
//   - 18-digit resident IDs (trailing X too) and the old 15-digit form,
//     when their birth-date digits are a date; other digit runs of that
//     length (orders, IMEIs) mostly fail that test and stay.
//
// A match glued to letters or digits, directly or by one '-' or '_', is
// part of an identifier and stays: "ORD13800138000", "SN-13800138000",
// "138001380001234". Bank card numbers and full-width digits are not
// recognised.
func MaskNumbers(text string) string {
	var b strings.Builder
	last := 0
	// The expression only runs on spans that could hold a number (most
	// text has none): scanning all of it costs 15× more.
	for start := 0; start < len(text); {
		if !numberByte(text[start]) {
			start++
			continue
		}
		end, digits := start, 0
		for ; end < len(text) && numberByte(text[end]); end++ {
			if text[end] >= '0' && text[end] <= '9' {
				digits++
			}
		}
		if digits >= 7 {
			for _, l := range numberRE.FindAllStringIndex(text[start:end], -1) {
				i, j := start+l[0], start+l[1]
				if gluedBefore(text[:i]) || gluedAfter(text[j:]) || !plausibleID(text[i:j]) {
					continue
				}
				b.WriteString(text[last:i])
				b.WriteString(maskDigits(text[i:j]))
				last = j
			}
		}
		start = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// numberByte reports whether c may be part of a number numberRE matches.
func numberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '+' || c == '(' || c == ')' || c == 'X' || c == 'x'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isJoiner(c byte) bool { return c == '-' || c == '_' }

// gluedBefore reports whether the text before a match ends in a letter or
// digit, directly or through one joiner. Bytes suffice: every byte of a
// multi-byte UTF-8 rune is ≥ 0x80, never alnum or a joiner.
func gluedBefore(before string) bool {
	n := len(before)
	if n > 0 && isJoiner(before[n-1]) {
		n--
	}
	return n > 0 && isAlnum(before[n-1])
}

func gluedAfter(after string) bool {
	i := 0
	if i < len(after) && isJoiner(after[i]) {
		i++
	}
	return i < len(after) && isAlnum(after[i])
}

// plausibleID rejects a bare 15- or 18-character digit run whose region
// and birth-date digits cannot be a resident ID's; other matches pass.
func plausibleID(m string) bool {
	var year, month, day int
	switch {
	case len(m) == 18 && isDigits(m[:17]):
		year, month, day = atoi(m[6:10]), atoi(m[10:12]), atoi(m[12:14])
	case len(m) == 15 && isDigits(m):
		year, month, day = 1900+atoi(m[6:8]), atoi(m[8:10]), atoi(m[10:12])
	default:
		return true
	}
	return m[0] >= '1' && m[0] <= '8' && year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// maskDigits stars every digit of m but the last four (an ID's X counts).
func maskDigits(m string) string {
	b := []byte(m)
	keep := 4
	for i := len(b) - 1; i >= 0; i-- {
		if c := b[i]; c >= '0' && c <= '9' || c == 'X' || c == 'x' {
			if keep > 0 {
				keep--
			} else {
				b[i] = '*'
			}
		}
	}
	return string(b)
}
