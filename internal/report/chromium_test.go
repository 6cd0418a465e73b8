package report

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// chromiumPath is where Debian's chromium package puts the browser
// (.ci/run installs it when it can).
const chromiumPath = "/usr/bin/chromium"

// screenshot renders file in headless Chromium at w×h and returns the
// image.
func screenshot(t *testing.T, file string, w, h int, dark bool) image.Image {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s not found: install Debian's chromium package (apt-get install chromium) to see the report page in a real browser", chromiumPath)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	shot := filepath.Join(t.TempDir(), "shot.png")
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
		"--screenshot=" + shot, "--window-size=" + strconv.Itoa(w) + "," + strconv.Itoa(h)}
	if dark {
		args = append(args, "--force-dark-mode")
	}
	if out, err := exec.CommandContext(ctx, chromiumPath, append(args, "file://"+file)...).CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("LOOPDESK_REPORT_SHOTS"); dir != "" {
		// Keep the shot for people to look at.
		b, _ := os.ReadFile(shot)
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(filepath.Dir(file))+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return img
}

// TestPageInChromium draws the page at desktop and phone widths in light
// and dark, English and Chinese: it must fill the window without running
// off its right edge (a column wider than a phone would), and dark must
// really be dark.
func TestPageInChromium(t *testing.T) {
	// Each language, mode and width once (a Chromium start is seconds).
	for _, c := range []struct {
		lang i18n.Lang
		dark bool
		size [2]int
	}{{i18n.EN, false, [2]int{1280, 900}}, {i18n.ZH, true, [2]int{1280, 900}}, {i18n.ZH, false, [2]int{390, 844}}, {i18n.EN, true, [2]int{390, 844}}} {
		lang, dark, size := c.lang, c.dark, c.size
		mode := map[bool]string{false: "light", true: "dark"}[dark]
		name := string(lang) + "-" + mode + "-" + strconv.Itoa(size[0])
		t.Run(name, func(t *testing.T) {
			p := fullSample()
			p.Lang = lang
			dir := filepath.Join(t.TempDir(), name)
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "report.html")
			f, err := os.Create(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := WritePage(f, p); err != nil {
				t.Fatal(err)
			}
			f.Close()
			img := screenshot(t, file, size[0], size[1], dark)
			b := img.Bounds()
			if b.Dx() != size[0] || b.Dy() != size[1] {
				t.Fatalf("screenshot %v, want %v", b, size)
			}
			bg := img.At(b.Max.X-1, 0)
			r, g, bl, _ := bg.RGBA()
			if lum := (r + g + bl) / 3 >> 8; dark != (lum < 64) {
				t.Errorf("%s page background has luminance %d", mode, lum)
			}
			// The right margin is background all the way down:
			// nothing overflows the window.
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Max.X - 6; x < b.Max.X; x++ {
					if img.At(x, y) != bg {
						t.Fatalf("content reaches the right edge at (%d, %d): the layout is wider than %d px", x, y, size[0])
					}
				}
			}
			// Something is drawn: many colours, not a blank page.
			seen := map[[3]uint32]bool{}
			for y := b.Min.Y; y < b.Max.Y; y += 3 {
				for x := b.Min.X; x < b.Max.X; x += 3 {
					r, g, bl, _ := img.At(x, y).RGBA()
					seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
				}
			}
			if len(seen) < 50 {
				t.Errorf("only %d colours: the page did not draw", len(seen))
			}
		})
	}
}
