package domain

import (
	"errors"
	"testing"
)

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"张三丰": "张**", "John Smith": "J*** S****", "  Li  ": "L*", "": "", "张**": "张**", "A": "A",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhoneLast4(t *testing.T) {
	ok := map[string]string{"+86 138-0013-8000": "8000", "13800138000": "8000", "(030) 1234 5678": "5678", "": "", "****4321": "4321"}
	for in, want := range ok {
		if got, err := PhoneLast4(in); err != nil || got != want {
			t.Errorf("PhoneLast4(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"123", "12ab5678", "1234", "1234567890123456", "*1234x"} {
		if got, err := PhoneLast4(bad); err == nil {
			t.Errorf("PhoneLast4(%q) = %q, want error", bad, got)
		}
	}
}

func TestTransitions(t *testing.T) {
	allowed := map[[2]Status]bool{
		{Pending, InProgress}: true, {InProgress, Pending}: true, {InProgress, Testing}: true,
		{InProgress, Resolved}: true, {Testing, InProgress}: true, {Testing, Resolved}: true,
		{Resolved, Closed}: true, {Resolved, InProgress}: true, {Closed, InProgress}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			err := CheckMove(from, to)
			if allowed[[2]Status{from, to}] != (err == nil) {
				t.Errorf("%s → %s: %v", from, to, err)
			}
			var te *TransitionError
			if err != nil && from != to && !errors.As(err, &te) {
				t.Errorf("%s → %s: want TransitionError, got %v", from, to, err)
			}
		}
	}
	if !IsReopen(Closed, InProgress) || IsReopen(Testing, InProgress) {
		t.Error("reopen detection")
	}
}

func TestKeys(t *testing.T) {
	if Key(42) != "FB-1042" {
		t.Fatal(Key(42))
	}
	for in, want := range map[string]int64{"FB-1042": 42, "fb-1042": 42, " 1042 ": 42} {
		if got, err := ParseKey(in); err != nil || got != want {
			t.Errorf("ParseKey(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"FB-", "FB-1000", "XY-1042", "FB-10a"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

func TestParsers(t *testing.T) {
	if p, err := ParsePriority("高"); err != nil || p != High {
		t.Error("priority 高")
	}
	if s, err := ParseStatus("In-Progress"); err != nil || s != InProgress {
		t.Error("status In-Progress")
	}
	if _, err := ParseChannel("fax"); err == nil {
		t.Error("channel fax accepted")
	}
}
