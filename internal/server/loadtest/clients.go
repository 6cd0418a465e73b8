package loadtest

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/loopdesk/loopdesk/internal/server/termclient"
)

// dialParallel bounds how many sessions connect at once, like a desk
// arriving in the morning rather than a flood.
const dialParallel = 8

// Clients is the client half of a run (see the package comment): it opens
// one session per key in --keys, then follows the parent's rounds on in
// and answers on out.
func Clients(ctx context.Context, args []string, in io.Reader, out io.Writer) (err error) {
	fs := flag.NewFlagSet("ssh-clients", flag.ContinueOnError)
	addr := fs.String("addr", "", "server address")
	hostKey := fs.String("host-key", "", "server host key, authorized_keys form")
	keyFile := fs.String("keys", "", "file of NAME HEX-SEED lines")
	first := fs.String("marker", "", "text every board shows once loaded")
	width := fs.Int("width", 0, "terminal width (0: the client's default)")
	height := fs.Int("height", 0, "terminal height (0: the client's default)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			fmt.Fprintf(out, "error %s\n", strings.Join(strings.Fields(err.Error()), " "))
		}
	}()
	hk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(*hostKey))
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	users, signers, err := readKeys(*keyFile)
	if err != nil {
		return err
	}
	cs, err := dialAll(ctx, termclient.Options{Addr: *addr, HostKey: hk, Width: *width, Height: *height,
		Env: map[string]string{"LANG": "en_US.UTF-8"}}, users, signers, *first)
	defer func() {
		for _, c := range cs {
			if c != nil {
				c.Close()
			}
		}
	}()
	if err != nil {
		return err
	}
	rows, err := markerRows(cs, *first)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ready %d\n", len(cs))

	sc := bufio.NewScanner(in)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 1 && f[0] == "quit":
			return nil
		case len(f) == 3 && f[0] == "expect":
			watch(cs, rows, f[1], f[2], out)
		default:
			return fmt.Errorf("unexpected line %q", sc.Text())
		}
	}
	return sc.Err()
}

// markerRows finds the row of each screen that shows marker: the rounds'
// markers are the same card's new titles, so they appear there. Reading
// that row costs a client a fraction of reading its whole screen, which,
// for hundreds of clients on the server's machine, took more CPU than the
// server spent on the change.
func markerRows(cs []*termclient.Client, marker string) ([]int, error) {
	rows := make([]int, len(cs))
	for i, c := range cs {
		lines := strings.Split(c.Screen(), "\n")
		rows[i] = slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, marker) })
		if rows[i] < 0 {
			return nil, fmt.Errorf("session %d no longer shows %q", i, marker)
		}
	}
	return rows, nil
}

// watch waits, on every session at once, for marker to reach the row
// where each shows the marked card.
func watch(cs []*termclient.Client, rows []int, round, marker string, out io.Writer) {
	seen := make([]int64, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.WaitRow(roundTimeout, rows[i], marker); err == nil {
				seen[i] = time.Now().UnixNano()
			}
		}()
	}
	fmt.Fprintf(out, "armed %s\n", round)
	wg.Wait()
	var b strings.Builder
	fmt.Fprintf(&b, "seen %s", round)
	for _, ns := range seen {
		b.WriteString(" " + strconv.FormatInt(ns, 10))
	}
	fmt.Fprintln(out, b.String())
}

// dialAll opens a session per user with base's address, host key, size
// and environment.
func dialAll(ctx context.Context, base termclient.Options, users []string, signers []gossh.Signer, first string) ([]*termclient.Client, error) {
	cs := make([]*termclient.Client, len(users))
	errs := make([]error, len(users))
	sem := make(chan struct{}, dialParallel)
	var wg sync.WaitGroup
	for i := range users {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			o := base
			o.User, o.Signer = users[i], signers[i]
			c, err := termclient.Dial(ctx, o)
			if err != nil {
				errs[i] = fmt.Errorf("%s: %w", users[i], err)
				return
			}
			cs[i] = c
			if _, err := c.WaitText(time.Minute, first); err != nil {
				errs[i] = fmt.Errorf("%s: board never showed %q: %w", users[i], first, err)
			}
		}()
	}
	wg.Wait()
	return cs, errors.Join(errs...)
}

func readKeys(path string) ([]string, []gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var users []string
	var signers []gossh.Signer
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		name, seedHex, ok := strings.Cut(line, " ")
		seed, err := hex.DecodeString(seedHex)
		if !ok || err != nil || len(seed) != ed25519.SeedSize {
			return nil, nil, fmt.Errorf("keys file: bad line for %q", name)
		}
		s, err := gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(seed))
		if err != nil {
			return nil, nil, err
		}
		users, signers = append(users, name), append(signers, s)
	}
	return users, signers, nil
}
