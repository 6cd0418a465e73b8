package domain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	same := map[string][]string{
		"13800138000":   {"13800138000", "+86 138 0013 8000", "0086-138-0013-8000", "8613800138000", "(+86) 138.0013.8000"},
		"01012345678":   {"010-12345678", "+86 10 1234 5678", "(010) 1234-5678", "0086 10 12345678"},
		"+442079460958": {"+44 20 7946 0958", "0044 20 7946 0958"},
	}
	for want, spellings := range same {
		for _, in := range spellings {
			if got, err := NormalizePhone(in); err != nil || got != want {
				t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	}
	for _, bad := range []string{"", "****8000", "138001", "1380013800012345678", "138 0013 8000 ext 12", "+"} {
		if got, err := NormalizePhone(bad); err == nil {
			t.Errorf("NormalizePhone(%q) = %q, want error", bad, got)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"欧阳 娜娜": "欧阳娜娜", "  欧阳娜娜 ": "欧阳娜娜", "John  SMITH": "john smith", "Ｊｏｈｎ Smith": "john smith",
		"阿依古丽•买买提": "阿依古丽·买买提", "李\u3000雷": "李雷",
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyer(t *testing.T) {
	k1, err := NewKeyer(bytes.Repeat([]byte{1}, SecretLen))
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := NewKeyer(bytes.Repeat([]byte{2}, SecretLen))
	if _, err := NewKeyer([]byte("short")); err == nil {
		t.Error("short secret accepted")
	}
	// The report of issue 11: same masked name and last four digits,
	// two people.
	zw, zq := k1.Phone("13800138000"), k1.Phone("15912348000")
	if MaskName("张伟") != MaskName("张强") || bytes.Equal(zw, zq) {
		t.Fatal("张伟 and 张强 must differ by phone hash")
	}
	if !bytes.Equal(zw, k1.Phone("+86 138-0013-8000")) || len(zw) != HashLen {
		t.Error("one number, two spellings: hashes differ")
	}
	if bytes.Equal(zw, k2.Phone("13800138000")) {
		t.Error("hash does not depend on the desk secret")
	}
	if k1.Phone("****8000") != nil || k1.Name("张*") != nil || k1.Email("") != nil || k1.WeChat(" ") != nil {
		t.Error("masked or empty values must not hash")
	}
	if bytes.Equal(k1.Email("a@b.cn"), k1.WeChat("a@b.cn")) {
		t.Error("kinds are not separated")
	}
	if !bytes.Equal(k1.Email(" Zhang@Example.COM "), k1.Email("zhang@example.com")) {
		t.Error("e-mail case")
	}
}

func TestSameCustomer(t *testing.T) {
	p1, p2, e1, w1 := []byte("p1"), []byte("p2"), []byte("e1"), []byte("w1")
	cases := []struct {
		a, b CustomerHashes
		want bool
	}{
		{CustomerHashes{Phone: p1}, CustomerHashes{Phone: p1}, true},
		{CustomerHashes{Phone: p1}, CustomerHashes{Phone: p2}, false},
		{CustomerHashes{Phone: p1, Email: e1}, CustomerHashes{Email: e1}, true},
		{CustomerHashes{Phone: p1, Email: e1}, CustomerHashes{Phone: p2, Email: e1}, false}, // shared family address
		{CustomerHashes{WeChat: w1}, CustomerHashes{Phone: p1}, false},
		{CustomerHashes{Name: []byte("n")}, CustomerHashes{Name: []byte("n")}, false}, // a name is not identity
		{CustomerHashes{}, CustomerHashes{}, false},
	}
	for i, c := range cases {
		if got := SameCustomer(c.a, c.b); got != c.want {
			t.Errorf("case %d: SameCustomer = %v, want %v", i, got, c.want)
		}
	}
}

func TestMaskNumbers(t *testing.T) {
	cases := map[string]string{
		// Chinese
		"您好，我的手机号是13800138000，请尽快回电":            "您好，我的手机号是*******8000，请尽快回电",
		"联系电话：+86 138-0013-8000 或 010-12345678": "联系电话：+** ***-****-8000 或 ***-****5678",
		"电话13912345678/15912348000都可以":          "电话*******5678/*******8000都可以",
		"身份证号11010519491231002X，姓名张三":           "身份证号**************002X，姓名张三",
		"旧身份证 110105491231002 已作废":              "旧身份证 ***********1002 已作废",
		"深圳办公室 (0755) 1234567 转人工":              "深圳办公室 (****) ***4567 转人工",
		// English
		"Call me back on +44 20 7946 0958 or 0086 139 1234 5678 please.": "Call me back on +** ** **** 0958 or **** *** **** 5678 please.",
		"My number is 138 0013 8000.":                                    "My number is *** **** 8000.",
		// Not phones: stay as written.
		"订单号 ORD13800138000 已发货":                          "订单号 ORD13800138000 已发货",
		"Order SN-13800138000, tracking 1380013800012345": "Order SN-13800138000, tracking 1380013800012345",
		"订单 202310151234567890 未到":                        "订单 202310151234567890 未到",
		"version 2.13.1, build 20231015, 3 items":         "version 2.13.1, build 20231015, 3 items",
		"price 12345, qty 13":                             "price 12345, qty 13",
	}
	for in, want := range cases {
		if got := MaskNumbers(in); got != want {
			t.Errorf("MaskNumbers(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

// BenchmarkMaskNumbers measures masking a typical body (it runs on every
// intake item): mixed Chinese and English with a phone, an ID and an order.
func BenchmarkMaskNumbers(b *testing.B) {
	body := strings.Repeat("您好，订单 ORD20231015001 的快递一周还没到，物流信息一直没有更新。", 4) +
		"请回电 138-0013-8000 或 010-12345678，身份证 11010519491231002X。Thanks, version 2.13.1 build 20231015."
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		MaskNumbers(body)
	}
}

func BenchmarkKeyerPhone(b *testing.B) {
	k, _ := NewKeyer(bytes.Repeat([]byte{1}, SecretLen))
	for b.Loop() {
		k.Phone("+86 138-0013-8000")
	}
}

// TestItemIDIsKeyed: an item without an id is named by a keyed hash of
// its content, so the unmasked phone in it cannot be brute-forced from
// the id in a copy of the database, and parts cannot run into each other.
func TestItemIDIsKeyed(t *testing.T) {
	k1, _ := NewKeyer(bytes.Repeat([]byte{1}, SecretLen))
	k2, _ := NewKeyer(bytes.Repeat([]byte{2}, SecretLen))
	parts := []string{"website", "张伟", "13800138000", "退款", "还没到"}
	id := k1.ItemID("api-", parts...)
	plain := sha256.New()
	for _, p := range parts {
		plain.Write([]byte(p))
		plain.Write([]byte{0})
	}
	switch {
	case !strings.HasPrefix(id, "api-") || len(id) != len("api-")+32:
		t.Fatalf("id %q", id)
	case id != k1.ItemID("api-", parts...):
		t.Error("the same item got two ids")
	case id == k2.ItemID("api-", parts...):
		t.Error("two desks' secrets gave the same id")
	case strings.Contains(id, hex.EncodeToString(plain.Sum(nil))[:32]):
		t.Error("the id is the unkeyed hash of the contact details")
	case k1.ItemID("api-", "ab", "c") == k1.ItemID("api-", "a", "bc"):
		t.Error("parts ran into each other")
	}
}
