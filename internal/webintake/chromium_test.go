package webintake

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromiumPath is where Debian's chromium package puts the browser
// (.ci/run installs it when it can).
const chromiumPath = "/usr/bin/chromium"

// chromium runs headless Chromium with args against a throwaway profile
// and returns what it printed.
func chromium(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s not found: install Debian's chromium package (apt-get install chromium) to test the form in a real browser", chromiumPath)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir()}
	out, err := exec.CommandContext(ctx, chromiumPath, append(base, args...)...).Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestFormInChromium renders the form in headless Chromium: the DOM the
// browser built has every label tied to its field, and the page draws.
func TestFormInChromium(t *testing.T) {
	hs := newDesk(t, Options{}).serve(t)
	dom := chromium(t, "--dump-dom", hs.URL+"/feedback?lang=zh")
	for _, want := range []string{
		`<html lang="zh-CN">`, `<label for="subject">`, `<label for="message">`, `<label for="name">`,
		`<label for="phone">`, `<label for="order">`, `id="message"`, `name="token"`, "提交反馈",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM Chromium built lacks %s\n%s", want, dom)
		}
	}
	shot := filepath.Join(t.TempDir(), "form.png")
	chromium(t, "--screenshot="+shot, "--window-size=800,900", hs.URL+"/feedback")
	if st, err := os.Stat(shot); err != nil || st.Size() < 1000 {
		t.Fatalf("no screenshot: %v", err)
	}
}
