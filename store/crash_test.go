package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// TestCrashChild is the writer the crash test kills; it only runs when
// started by TestCrashKeepsAcknowledgedTickets.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("LOOPDESK_CRASH_DB")
	if path == "" {
		t.Skip("helper process for TestCrashKeepsAcknowledgedTickets")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		tk, err := s.CreateTicket(ctx, "ada", NewTicket{Title: fmt.Sprintf("crash %d 崩溃", i), Body: strings.Repeat("x", i%2000), Channel: domain.Hotline})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		if i%3 == 0 { // mix in version-checked updates
			if _, err := s.Move(ctx, "ada", tk.ID, tk.Version, domain.InProgress); err != nil {
				fmt.Println("error", err)
				os.Exit(1)
			}
		}
		// Acknowledge only after commit, as the CLI and the board do.
		fmt.Println("ack", tk.ID)
	}
}

func TestCrashKeepsAcknowledgedTickets(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test starts a child process")
	}
	ctx := context.Background()
	path := testDB(t)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for round := range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
		cmd.Env = append(os.Environ(), "LOOPDESK_CRASH_DB="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var acked []int64
		sc := bufio.NewScanner(out)
		deadline := time.Now().Add(30 * time.Second)
		for sc.Scan() && len(acked) < 150+round*50 && time.Now().Before(deadline) {
			line := sc.Text()
			if strings.HasPrefix(line, "error") {
				t.Fatalf("child: %s", line)
			}
			if id, ok := strings.CutPrefix(line, "ack "); ok {
				n, _ := strconv.ParseInt(id, 10, 64)
				acked = append(acked, n)
			}
		}
		// Kill mid-write: the child is in its loop, most likely inside a transaction.
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait() // killed on purpose: its exit status is the signal
		if len(acked) == 0 {
			t.Fatal("child acknowledged nothing")
		}

		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen after SIGKILL: %v", err)
		}
		if res, err := s.IntegrityCheck(ctx); err != nil || res != "ok" {
			t.Fatalf("integrity_check: %q %v", res, err)
		}
		for _, id := range acked {
			if _, err := s.Ticket(ctx, id); err != nil {
				t.Fatalf("round %d: acknowledged ticket %d lost: %v", round, id, err)
			}
		}
		// The maintained counts must still match the table after the crash.
		counts, _ := s.Counts(ctx)
		for _, st := range domain.Statuses {
			var n int
			if err := s.r.QueryRow("SELECT count(*) FROM tickets WHERE status = ?", string(st)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if counts[st] != n {
				t.Fatalf("count of %s: maintained %d, actual %d", st, counts[st], n)
			}
		}
		s.Close()
	}
}
