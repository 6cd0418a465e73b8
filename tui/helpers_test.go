package tui

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/i18n"
	"github.com/loopdesk/loopdesk/store"
)

// epoch is the fixed "now" of every test: card ages and detail times come
// out the same on every machine.
var epoch = time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

func fixedNow() time.Time { return epoch }

// testClock is a clock a test moves by hand. A test's store and models
// share one, so deadlines, the breach sweep and the at-risk filter agree
// on the time.
type testClock struct{ ns atomic.Int64 }

func newClock(t time.Time) *testClock {
	c := &testClock{}
	c.set(t)
	return c
}

func (c *testClock) now() time.Time          { return time.Unix(0, c.ns.Load()).In(epoch.Location()) }
func (c *testClock) set(t time.Time)         { c.ns.Store(t.UnixNano()) }
func (c *testClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// clocks finds the clock of each store openStore opened.
var clocks sync.Map // *store.Store → *testClock

func clockOf(s *store.Store) *testClock {
	c, _ := clocks.Load(s)
	return c.(*testClock)
}

// openStore opens a fresh database on a test clock standing at epoch, with
// the desk's agents: alice (admin, the first login), bob and 王芳
// (agents), carol (supervisor).
func openStore(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	clock := newClock(epoch)
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"), store.WithClock(clock.now))
	if err != nil {
		t.Fatal(err)
	}
	clocks.Store(s, clock)
	t.Cleanup(func() {
		clocks.Delete(s)
		s.Close()
	})
	if _, err := s.Login(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []domain.Agent{
		{Name: "bob", DisplayName: "Bob Li", Role: domain.RoleAgent, Team: "tech_support"},
		{Name: "wang.fang", DisplayName: "王芳", Role: domain.RoleAgent, Team: "service_desk"},
		{Name: "carol", DisplayName: "Carol Chen", Role: domain.RoleSupervisor, Team: "service_quality"},
	} {
		if err := s.AddAgent(ctx, "alice", a); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func agent(t testing.TB, s *store.Store, name string) domain.Agent {
	t.Helper()
	a, err := s.Agent(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// fixture is a small, realistic bilingual desk: fifteen tickets over all
// five columns, with long Chinese titles, VIP customers and negative
// sentiment. Each was logged ago before epoch; at epoch their deadlines
// are a mix of on track, at risk (FB-1001) and missed (FB-1002, FB-1011).
type fixture struct {
	title, body string
	channel     domain.Channel
	category    domain.Category
	priority    domain.Priority
	customer    string
	phone       string
	tier        domain.Tier
	product     string
	sentiment   string
	ago         time.Duration
	owner       string
	path        []domain.Status // moves after creation
}

var fixtures = []fixture{
	{"支付失败但已扣款，客户要求立即退款并解释原因", "今天下午付款时提示支付失败，但是银行卡已经扣款了，请尽快处理！订单号 SO-20260301-8841。", domain.WeChat, domain.Pricing, domain.High, "张三丰", "138 0013 8841", domain.TierVIP, "LoopPay App 2.4.0", "negative", 100 * time.Minute, "", nil},
	{"App crashes when uploading photos", "Since version 2.4.0 the app crashes every time I try to upload a photo.", domain.AppStore, domain.Malfunction, domain.High, "John Miller", "", domain.TierNormal, "LoopPay App", "negative", 3 * time.Hour, "", nil},
	{"希望增加深色模式", "晚上用 App 太刺眼了，希望能增加深色模式，谢谢！", domain.InApp, domain.Suggestion, domain.Low, "李娜", "", domain.TierNormal, "LoopPay App", "positive", 26 * time.Hour, "", nil},
	{"快递一周还没到，物流信息一直没有更新", "订单 SO-8812 显示已发货，但是物流一周没有更新了。", domain.Hotline, domain.Logistics, domain.Medium, "王伟", "13912345678", domain.TierNormal, "", "negative", 5 * time.Hour, "", nil},
	{"How do I reset my password?", "I can't find the password reset option in the new version.", domain.Email, domain.Question, domain.Medium, "Emma Brown", "", domain.TierNormal, "Home Hub", "neutral", 20 * time.Minute, "", nil},
	{"无法登录账户，输入验证码后一直转圈", "换了网络也一样。", domain.Hotline, domain.Malfunction, domain.High, "赵敏", "021-5555-0199", domain.TierVIP, "LoopPay App", "negative", 7 * time.Hour, "bob", []domain.Status{domain.InProgress}},
	{"Charged twice for one order", "My card was charged twice for order SO-7731.", domain.WebForm, domain.Pricing, domain.Medium, "Sofia Rossi", "", domain.TierNormal, "", "negative", 30 * time.Hour, "wang.fang", []domain.Status{domain.InProgress}},
	{"打印机卡纸报错 E-04，需要工程师上门检修", "设备序列号 P200-99812，打印时频繁出现 E-04 错误。", domain.Hotline, domain.Malfunction, domain.Medium, "陈杰", "13800000004", domain.TierNormal, "云打印机 P200", "neutral", 3 * 24 * time.Hour, "alice", []domain.Status{domain.InProgress}},
	{"客服态度差，投诉", "打了三次热线都被挂断，客服态度非常差，我要投诉！", domain.Hotline, domain.Complaint, domain.High, "刘洋", "13600000005", domain.TierNormal, "会员服务", "negative", 2 * time.Hour, "", []domain.Status{domain.InProgress}},
	{"Sync stopped working between phone and tablet", "My data has not synced for three days.", domain.Email, domain.Malfunction, domain.Medium, "Lucas Martin", "", domain.TierNormal, "Home Hub", "negative", 4 * 24 * time.Hour, "bob", []domain.Status{domain.InProgress, domain.Testing}},
	{"智能门锁 S3 固件升级后指纹识别失灵", "升级到 3.0.2 之后指纹经常识别不了。", domain.Social, domain.Malfunction, domain.High, "黄静", "", domain.TierVIP, "智能门锁 S3", "negative", 2 * 24 * time.Hour, "alice", []domain.Status{domain.InProgress, domain.Testing}},
	{"发票怎么开？", "请问公司抬头的增值税发票在哪里申请？", domain.WeChat, domain.Question, domain.Low, "周磊", "", domain.TierNormal, "", "neutral", 6 * 24 * time.Hour, "wang.fang", []domain.Status{domain.InProgress, domain.Resolved}},
	{"Wrong item delivered", "I ordered the blue model and received the grey one.", domain.WebForm, domain.Logistics, domain.Low, "Noah Wilson", "", domain.TierNormal, "Smart Scale X1", "neutral", 9 * 24 * time.Hour, "bob", []domain.Status{domain.InProgress, domain.Resolved}},
	{"感谢工程师耐心讲解", "昨天的工程师很耐心，问题解决了，非常感谢！", domain.Hotline, domain.Other, domain.Low, "吴艳", "", domain.TierNormal, "", "positive", 12 * 24 * time.Hour, "alice", []domain.Status{domain.InProgress, domain.Resolved, domain.Closed}},
	{"Partnership enquiry", "We are a retailer in Hamburg and would like to discuss a partnership.", domain.Email, domain.Other, domain.Medium, "Anna Schmidt", "", domain.TierNormal, "", "neutral", 15 * 24 * time.Hour, "wang.fang", []domain.Status{domain.InProgress, domain.Resolved, domain.Closed}},
}

// seed creates the fixture tickets as alice when they came in, assigns
// and moves them (resolving with a solution summary); a card taken into
// work had its customer called back then. The store's clock is back at epoch afterwards.
func seed(t testing.TB, s *store.Store, fs []fixture) []domain.Ticket {
	t.Helper()
	ctx := context.Background()
	clock := clockOf(s)
	defer clock.set(epoch)
	out := make([]domain.Ticket, 0, len(fs))
	for _, f := range fs {
		clock.set(epoch.Add(-f.ago))
		tk, err := s.CreateTicket(ctx, "alice", store.NewTicket{
			Title: f.title, Body: f.body, Channel: f.channel, Category: f.category, Priority: f.priority,
			CustomerName: f.customer, CustomerPhone: f.phone, CustomerTier: f.tier, Product: f.product,
			Sentiment: f.sentiment, ReceivedAt: epoch.Add(-f.ago),
		})
		if err != nil {
			t.Fatal(err)
		}
		if f.owner != "" {
			if tk, err = s.Assign(ctx, "alice", tk.ID, tk.Version, f.owner); err != nil {
				t.Fatal(err)
			}
		}
		for _, to := range f.path {
			if to == domain.Resolved {
				tk, _, err = s.Resolve(ctx, "alice", tk.ID, tk.Version, "Explained the fix to the customer.")
			} else {
				tk, err = s.Move(ctx, "alice", tk.ID, tk.Version, to)
			}
			if err != nil {
				t.Fatal(err)
			}
			if to == domain.InProgress {
				if tk, err = s.Respond(ctx, "alice", tk.ID, tk.Version, "called back"); err != nil {
					t.Fatal(err)
				}
			}
		}
		out = append(out, tk)
	}
	return out
}

// harness drives a Model directly: Update, then every returned command
// run synchronously with its messages fed back, as the program would.
type harness struct {
	t    testing.TB
	s    *store.Store
	m    *Model
	quit bool
	// With a live feed, a command may block until the feed delivers: such
	// commands are parked here and finished by pump.
	parked []chan tea.Msg
}

// newHarness opens a board for me on s, on the store's clock.
func newHarness(t testing.TB, s *store.Store, me string, lang i18n.Lang, w, h int) *harness {
	t.Helper()
	return startHarness(t, s, Options{Desk: s, Me: agent(t, s, me), Lang: lang}, w, h)
}

// startHarness opens a board with o (its clock defaults to the store's).
func startHarness(t testing.TB, s *store.Store, o Options, w, h int) *harness {
	t.Helper()
	if o.Now == nil {
		o.Now = clockOf(s).now
	}
	hs := &harness{t: t, s: s, m: newModel(o)}
	hs.run(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// newModel is New without the countdown timer: a harness runs commands
// synchronously, so tests send tickMsg themselves.
func newModel(o Options) *Model {
	m := New(o)
	m.tick = 0
	return m
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	if h.m.feed == nil {
		h.handle(cmd())
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		h.handle(msg)
	case <-time.After(300 * time.Millisecond):
		h.parked = append(h.parked, ch)
	}
}

// pump finishes parked commands (the feed wait, once the feed has
// delivered) and handles their messages.
func (h *harness) pump() {
	h.t.Helper()
	parked := h.parked
	h.parked = nil
	for _, ch := range parked {
		select {
		case msg := <-ch:
			h.handle(msg)
		case <-time.After(5 * time.Second):
			h.t.Fatal("a parked command did not finish")
		}
	}
}

func (h *harness) handle(msg tea.Msg) {
	h.t.Helper()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
		h.quit = true
	default:
		h.send(msg)
	}
}

// press sends keys: single characters as typed text, names such as
// "enter", "esc", "shift+tab", "ctrl+s" as key codes.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

var namedKeys = map[string]tea.Key{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"home":      {Code: tea.KeyHome},
	"end":       {Code: tea.KeyEnd},
	"backspace": {Code: tea.KeyBackspace},
	"delete":    {Code: tea.KeyDelete},
	"space":     {Code: tea.KeySpace, Text: " "},
	"pgdown":    {Code: tea.KeyPgDown},
	"pgup":      {Code: tea.KeyPgUp},
	"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},
	"ctrl+d":    {Code: 'd', Mod: tea.ModCtrl},
	"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
	"f5":        {Code: tea.KeyF5},
	"shift+h":   {Code: 'h', Mod: tea.ModShift},
	"shift+l":   {Code: 'l', Mod: tea.ModShift},
}

func keyMsg(k string) tea.KeyPressMsg {
	if key, ok := namedKeys[k]; ok {
		return tea.KeyPressMsg(key)
	}
	for prefix, mod := range map[string]tea.KeyMod{"ctrl+": tea.ModCtrl, "shift+": tea.ModShift} {
		if r := []rune(strings.TrimPrefix(k, prefix)); strings.HasPrefix(k, prefix) && len(r) == 1 {
			return tea.KeyPressMsg{Code: r[0], Mod: mod}
		}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// typeText types s rune by rune, as a terminal delivers typing.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// view is the screen without styling.
func (h *harness) view() string { return ansi.Strip(h.m.View().Content) }

func (h *harness) selected() domain.Ticket {
	h.t.Helper()
	t, ok := h.m.board.selected()
	if !ok {
		h.t.Fatalf("no card selected; screen:\n%s", h.view())
	}
	return t
}

func (h *harness) ticket(id int64) domain.Ticket {
	h.t.Helper()
	t, err := h.s.Ticket(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return t
}

func (h *harness) wantStatus(sub string) {
	h.t.Helper()
	if !strings.Contains(h.m.status.text, sub) {
		h.t.Fatalf("status line %q does not contain %q", h.m.status.text, sub)
	}
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

func displayWidth(s string) int { return ansi.StringWidth(s) }

func pasteMsg(s string) tea.PasteMsg { return tea.PasteMsg{Content: s} }
