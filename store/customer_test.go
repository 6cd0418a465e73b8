package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

func customerArrival(ext, name, phone, email string) Arrival {
	a := arrival(ext, "APP闪退")
	a.CustomerName, a.CustomerPhone, a.CustomerEmail = name, phone, email
	return a
}

// Issue 11: 张伟/13800138000 and 张强/15912348000 are both "张*" with
// last digits 8000; the second one's feedback was folded into the first
// ticket and his contact details were lost.
func TestDuplicatesNeverMergeTwoCustomers(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, _ := slaStore(t)
		ctx := context.Background()
		res, err := s.Ingest(ctx, "bob", []Arrival{
			customerArrival("zw1", "张伟", "13800138000", ""),
			customerArrival("zq1", "张强", "15912348000", ""),
			customerArrival("zw2", "张伟", "+86 138-0013-8000", ""), // the same man, another spelling
			customerArrival("m1", "Anna", "13600136000", "anna@example.com"),
			customerArrival("m2", "Anna S.", "", " Anna@Example.com "),
			// A shared family address, another phone than the ticket's: another person.
			customerArrival("m3", "Ben", "13700137000", "anna@example.com"),
		}, dupRule)
		if err != nil {
			t.Fatal(err)
		}
		want := []IngestOutcome{IngestCreated, IngestCreated, IngestLinked, IngestCreated, IngestLinked, IngestCreated}
		for i, r := range res {
			if r.Outcome != want[i] {
				t.Errorf("item %d: %s, want %s", i, r.Outcome, want[i])
			}
		}
		if res[2].Ticket != res[0].Ticket || res[4].Ticket != res[3].Ticket {
			t.Fatalf("linked to the wrong ticket: %+v", res)
		}
		zq, _ := s.Ticket(ctx, res[1].Ticket)
		if zq.Customer.Name != "张*" || zq.Customer.Phone4 != "8000" || zq.Duplicates != 0 {
			t.Fatalf("张强's own ticket: %+v", zq.Customer)
		}
		// The linked item keeps its own customer, to be called back on.
		dups, err := s.Duplicates(ctx, res[3].Ticket)
		if err != nil || len(dups) != 1 || dups[0].Customer.Name != "A*** S*" || dups[0].Customer.Phone4 != "" || dups[0].Channel != domain.WeChat ||
			dups[0].ReceivedAt.IsZero() || dups[0].ExternalID != "m2" {
			t.Fatalf("duplicate %+v %v", dups, err)
		}
	})
}

// A customer is found by full phone number or full name, though neither
// is stored: today "/13912345678" and "/欧阳娜娜" found nothing.
func TestSearchFindsCallerByFullPhoneOrName(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, path := slaStore(t)
		ctx := context.Background()
		first := customerArrival("o1", "欧阳娜娜", "139 1234 5678", "")
		first.Title, first.Body = "退款没到账", "申请两周了"
		// Her repeat, with an e-mail address the ticket did not have.
		again := customerArrival("o2", "欧阳 娜娜", "13912345678", "nana@example.cn")
		again.Title, again.Body = "退款没到账！", "申请两周了"
		other := customerArrival("o3", "欧阳娜", "13912340000", "")
		if _, err := s.Ingest(ctx, "bob", []Arrival{first, again, other}, dupRule); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{
			"13912345678": 1, "+86 139-1234-5678": 1, "欧阳娜娜": 1, " 欧阳 娜娜 ": 1, "NANA@example.cn": 1,
			"13912340000": 1, "欧阳娜": 1, "13900000000": 0, "欧阳": 0,
		} {
			got, err := s.Page(ctx, PageQuery{Status: domain.Pending, Filter: Filter{Search: q}})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != want {
				t.Errorf("search %q: %d tickets, want %d", q, len(got), want)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if engineOf(t) == enginePostgres {
			return // no one file to read: the columns are the same as SQLite's, checked there
		}
		// Neither the number nor the name is anywhere in the file.
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"13912345678", "欧阳娜娜", "nana@example.cn", "5678"} {
			if bytes.Contains(data, []byte(secret)) != (secret == "5678") {
				t.Errorf("database file and %q: contains=%v", secret, !(secret == "5678"))
			}
		}
	})
}

func TestNumbersInTextMaskedOnIntake(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, _ := slaStore(t)
		ctx := context.Background()
		tk, err := s.CreateTicket(ctx, "bob", NewTicket{Channel: domain.Hotline,
			Body: "请回电13800138000\nMy ID is 11010519491231002X, order ORD13800138000"})
		if err != nil {
			t.Fatal(err)
		}
		if tk.Title != "请回电*******8000" || tk.Body != "请回电*******8000\nMy ID is **************002X, order ORD13800138000" {
			t.Fatalf("stored %q / %q", tk.Title, tk.Body)
		}
		res, err := s.Ingest(ctx, "bob", []Arrival{{NewTicket: NewTicket{Title: "call +44 20 7946 0958", Channel: domain.Email},
			Reject: "spam: test"}}, dupRule)
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := s.RejectedByID(ctx, res[0].Rejected); r.Item.Title != "call +** ** **** 0958" {
			t.Fatalf("rejected item %q", r.Item.Title)
		}
		// Agents' internal notes hold what callers said.
		if tk, err = s.AddNote(ctx, "bob", tk.ID, tk.Version, "客户说改用 139-1234-5678 联系"); err != nil {
			t.Fatal(err)
		}
		if notes, _ := s.Notes(ctx, tk.ID); len(notes) != 1 || notes[0].Body != "客户说改用 ***-****-5678 联系" {
			t.Fatalf("note %+v", notes)
		}
		sc := Scores{Timeliness: 5, Effectiveness: 5, Attitude: 5, Overall: 5, Comment: "打13800138000"}
		if err := sc.validate(); err != nil || sc.Comment != "打*******8000" {
			t.Fatalf("survey comment %q", sc.Comment)
		}
	})
}

// A received time in the future would park every SLA clock.
func TestFutureReceivedRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T) {
		s, _, _ := slaStore(t)
		ctx := context.Background()
		now := s.Now()
		for _, at := range []time.Time{now.Add(domain.MaxClockSkew + time.Second), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)} {
			_, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "late", Channel: domain.Hotline, ReceivedAt: at})
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "received_at") || !strings.Contains(err.Error(), "future") {
				t.Errorf("CreateTicket at %v: %v", at, err)
			}
			res, err := s.Ingest(ctx, "bob", []Arrival{{NewTicket: NewTicket{Title: "late", Channel: domain.Hotline, ReceivedAt: at}}}, dupRule)
			if err != nil || res[0].Outcome != IngestRefused || !errors.Is(res[0].Err, ErrInvalid) {
				t.Errorf("Ingest at %v: %+v %v", at, res, err)
			}
			if err := s.LoadHistoric(ctx, "bob", []Historic{{NewTicket: NewTicket{Title: "late", Channel: domain.Hotline,
				ReceivedAt: at}, CreatedAt: now}}); !errors.Is(err, ErrInvalid) {
				t.Errorf("LoadHistoric at %v: %v", at, err)
			}
		}
		// A clock a little ahead is tolerated.
		if _, err := s.CreateTicket(ctx, "bob", NewTicket{Title: "skew", Channel: domain.Hotline, ReceivedAt: now.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
	})
}

func withUmask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func TestFilesPrivateWhateverTheUmask(t *testing.T) {
	withUmask(t, 0)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	bak := filepath.Join(dir, "copy.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm", SecretPath(path), bak} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s: mode %#o, want 0600", filepath.Base(f), perm)
		}
	}
}

func TestSecretRefusedWhenOthersMayRead(t *testing.T) {
	ctx := context.Background()
	path := testDB(t)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(SecretPath(path), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("open with a group-readable secret: %v", err)
	}
	// The same secret across restarts: hashes stay comparable.
	if err := os.Chmod(SecretPath(path), 0o600); err != nil {
		t.Fatal(err)
	}
	a, _ := loadSecret(SecretPath(path))
	b, _ := loadSecret(SecretPath(path))
	if a == nil || !bytes.Equal(a.Phone("13800138000"), b.Phone("13800138000")) {
		t.Fatal("secret changed between loads")
	}
}

// A backup that fails half-way (here: a damaged page in the source)
// leaves nothing at the destination, nor a temporary file.
func TestFailedBackupLeavesNoFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if _, err := s.CreateTicket(ctx, "ada", NewTicket{Title: "ticket", Body: strings.Repeat("长文本", 200+i), Channel: domain.Hotline}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// Overwrite the last page, a b-tree page of the tickets written last.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, 4096), fi.Size()-4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bakDir := t.TempDir()
	dest := filepath.Join(bakDir, "copy.db")
	if err := s.Backup(ctx, dest); err == nil {
		t.Fatal("backup of a damaged database succeeded")
	}
	if left, _ := os.ReadDir(bakDir); len(left) != 0 {
		t.Fatalf("failed backup left %v", left)
	}
}
