package mail

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadKeyPersistsAndRefusesReadableKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db.mailkey")
	k1, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadKey(path)
	if err != nil || !bytes.Equal(k1, k2) || len(k1) != KeyBytes {
		t.Fatalf("reloaded %x vs %x: %v", k1, k2, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("readable key: %v", err)
	}
}

func TestSenderOfKeepsNoAddress(t *testing.T) {
	a := senderOf(Address{Addr: "<WangZhe@Example.cn>"}, []byte("k1"))
	b := senderOf(Address{Name: "王喆", Addr: "wangzhe@example.cn"}, []byte("k1"))
	c := senderOf(Address{Addr: "wangzhe@example.cn"}, []byte("k2"))
	if a.Hash != b.Hash || a.Hash == c.Hash || a.Masked != "w***@example.cn" || a.Name != "wangzhe" || b.Name != "王喆" {
		t.Errorf("%+v %+v %+v", a, b, c)
	}
}
