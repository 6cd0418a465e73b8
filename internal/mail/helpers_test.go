package mail

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
)

// desk is a store with an admin (ada) and the email intake channel.
func desk(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Login(ctx, "ada"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddChannel(ctx, "ada", DefaultChannel, domain.Email); err != nil {
		t.Fatal(err)
	}
	return st
}

// listening starts a server on a loopback port for st; tune adjusts its
// config first.
func listening(t testing.TB, st *store.Store, tune func(*Config)) *Server {
	t.Helper()
	in, err := intake.New(st, intake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Store: st, Intake: in, Recipients: []string{"support@loopdesk.example"},
		Domain: "desk.loopdesk.example"}
	if tune != nil {
		tune(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve() }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return srv
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
