package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs loopdesk in-process against db as agent "as".
func cli(t *testing.T, db, as string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	full := append(args, "--db", db)
	if as != "" {
		full = append(full, "--as", as)
	}
	err := run(context.Background(), full, &out, &errb)
	return out.String() + errb.String(), err
}

func mustCLI(t *testing.T, db, as string, args ...string) string {
	t.Helper()
	out, err := cli(t, db, as, args...)
	if err != nil {
		t.Fatalf("loopdesk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func TestScriptedWorkflow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "agent", "list") // first user: admin
	mustCLI(t, db, "ada", "agent", "add", "bob", "--role", "agent", "--team", "tech_support")
	mustCLI(t, db, "ada", "agent", "add", "sam", "--role", "supervisor")

	out := mustCLI(t, db, "bob", "ticket", "new", "--title", "App 闪退", "--body", "打开就闪退",
		"--channel", "appstore", "--category", "malfunction", "--priority", "high",
		"--customer", "张三丰", "--phone", "13800138000", "--json")
	var tk map[string]any
	if err := json.Unmarshal([]byte(out), &tk); err != nil {
		t.Fatalf("new --json: %v\n%s", err, out)
	}
	key := tk["key"].(string)
	if key != "FB-1001" || tk["customer"] != "张**" || tk["customer_phone_last4"] != "8000" || tk["status"] != "pending" {
		t.Fatalf("created %v", tk)
	}
	if strings.Contains(out, "13800138000") {
		t.Fatal("full phone printed")
	}
	mustCLI(t, db, "bob", "ticket", "move", key, "in_progress")
	if out, err := cli(t, db, "bob", "ticket", "move", key, "closed"); err == nil || !strings.Contains(out+err.Error(), "cannot move from in_progress to closed") {
		t.Fatalf("invalid move: %v %s", err, out)
	}
	if _, err := cli(t, db, "bob", "ticket", "move", key, "testing", "--version", "1"); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Fatalf("stale version: %v", err)
	}
	mustCLI(t, db, "sam", "ticket", "assign", key, "ada")
	mustCLI(t, db, "ada", "ticket", "note", key, "call back after 3pm")

	out = mustCLI(t, db, "ada", "ticket", "list", "--json")
	var listed map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &listed); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"key", "title", "status", "priority", "owner", "version"} {
		if _, ok := listed[f]; !ok {
			t.Errorf("ticket list --json lacks %s", f)
		}
	}
	if listed["owner"] != "ada" || listed["version"].(float64) != 4 {
		t.Fatalf("listed %v", listed)
	}
	show := mustCLI(t, db, "ada", "ticket", "show", key)
	for _, want := range []string{"call back after 3pm", "assigned", "bob → ada", "phone ****8000"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
}

func TestErrorsAreOneLineWithExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "agent", "list")
	_, err := cli(t, db, "ada", "ticket", "move", "FB-1001")
	var ue usageError
	if !errors.As(err, &ue) {
		t.Fatalf("missing argument should be a usage error, got %v", err)
	}
	if _, err := cli(t, db, "ada", "frobnicate"); !errors.As(err, &ue) {
		t.Fatalf("unknown command: %v", err)
	}
	if _, err := cli(t, db, "stranger", "ticket", "list"); err == nil || !strings.Contains(err.Error(), "loopdesk agent add stranger") {
		t.Fatalf("unknown agent: %v", err)
	}
	if _, err := cli(t, db, "ada", "ticket", "show", "FB-9999"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("missing ticket: %v", err)
	}
	for _, cmd := range [][]string{{"ticket", "new"}, {"agent", "add"}, {"import"}, {"export"}, {"backup"}, {"demo"}} {
		out, err := cli(t, db, "ada", append(cmd, "--help")...)
		if err != nil || !strings.Contains(out, "loopdesk "+strings.Join(cmd, " ")) {
			t.Errorf("%v --help: %v %q", cmd, err, out)
		}
	}
}

func TestEscapesNeverReachTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	evil := "pay\x1b]8;;http://evil\x07link\x1b]8;;\x07 \x1bP+q\x1b\\ \u009b31m red \u202eevil\r\b\a"
	mustCLI(t, db, "ada", "ticket", "new", "--title", evil, "--body", evil, "--customer", evil[:3])
	for _, args := range [][]string{{"ticket", "list"}, {"ticket", "show", "FB-1001"}, {"ticket", "list", "--json"}, {"ticket", "show", "FB-1001", "--json"}} {
		out := mustCLI(t, db, "ada", args...)
		for _, bad := range []string{"\x1b", "\u009b", "\u202e", "\r", "\b", "\a"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v printed %q", args, bad)
			}
		}
	}
}

func TestImportExportBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	csv := filepath.Join(dir, "in.csv")
	os.WriteFile(csv, []byte("external_id,channel,title,body\nx1,email,Refund,charged twice\nx2,fax,Bad,\n"), 0o600)
	out, err := cli(t, db, "ada", "import", csv)
	if err == nil || !strings.Contains(out, "line 3: channel") || !strings.Contains(out, "imported 1") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	exp := filepath.Join(dir, "out.jsonl")
	mustCLI(t, db, "ada", "export", "--out", exp)
	data, _ := os.ReadFile(exp)
	if !strings.Contains(string(data), `"external_id":"x1"`) {
		t.Fatalf("export: %s", data)
	}
	bak := filepath.Join(dir, "copy.db")
	mustCLI(t, db, "ada", "backup", bak)
	if out := mustCLI(t, bak, "ada", "ticket", "list"); !strings.Contains(out, "Refund") {
		t.Fatalf("backup lacks the ticket: %s", out)
	}
}

func TestReportAndBrief(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "ticket", "new", "--title", "退款太慢", "--channel", "wechat", "--category", "pricing", "--priority", "high")
	mustCLI(t, db, "ada", "ticket", "new", "--title", "App crashes", "--channel", "appstore", "--category", "malfunction")
	mustCLI(t, db, "ada", "ticket", "move", "FB-1002", "in_progress")
	mustCLI(t, db, "ada", "ticket", "resolve", "FB-1002", "--summary", "reinstalled the app")
	out := mustCLI(t, db, "ada", "report")
	for _, want := range []string{"received", "resolution rate", "50.0%", "wechat", "malfunction", "SLA attainment", "Agents"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	md := mustCLI(t, db, "ada", "report", "--format", "markdown")
	if !strings.Contains(md, "## Summary") || !strings.Contains(md, "| --- |") {
		t.Errorf("markdown report:\n%s", md)
	}
	var js map[string]any
	if err := json.Unmarshal([]byte(mustCLI(t, db, "ada", "report", "--format", "json")), &js); err != nil || js["Created"].(float64) != 2 {
		t.Fatalf("json report: %v %v", err, js["Created"])
	}
	if _, err := cli(t, db, "ada", "report", "--format", "pdf"); err == nil {
		t.Fatal("unknown format accepted")
	}
	brief := mustCLI(t, db, "ada", "brief")
	for _, want := range []string{"daily brief", "yesterday", "today", "Hot topics", "Emergencies"} {
		if !strings.Contains(brief, want) {
			t.Errorf("brief lacks %q:\n%s", want, brief)
		}
	}
}

func TestMergeAndLink(t *testing.T) {
	db := filepath.Join(t.TempDir(), "desk.db")
	mustCLI(t, db, "ada", "ticket", "new", "--title", "物流太慢", "--channel", "wechat")
	mustCLI(t, db, "ada", "ticket", "new", "--title", "物流太慢 again", "--channel", "hotline")
	mustCLI(t, db, "ada", "ticket", "new", "--title", "courier lost parcel", "--channel", "email")
	mustCLI(t, db, "ada", "ticket", "note", "FB-1002", "same customer called twice")
	mustCLI(t, db, "ada", "ticket", "merge", "FB-1002", "--into", "FB-1001")
	mustCLI(t, db, "ada", "ticket", "link", "FB-1001", "FB-1003")
	show := mustCLI(t, db, "ada", "ticket", "show", "FB-1001")
	for _, want := range []string{"same customer called twice", "(FB-1002)", "related FB-1003"} {
		if !strings.Contains(show, want) {
			t.Errorf("survivor's show lacks %q:\n%s", want, show)
		}
	}
	if dup := mustCLI(t, db, "ada", "ticket", "show", "FB-1002"); !strings.Contains(dup, "duplicate of FB-1001") || !strings.Contains(dup, "status closed") {
		t.Errorf("duplicate's show:\n%s", dup)
	}
	if _, err := cli(t, db, "ada", "ticket", "merge", "FB-1001", "--into", "FB-1001"); err == nil {
		t.Error("merged a ticket into itself")
	}
}
