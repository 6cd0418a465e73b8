// Package demo makes realistic bilingual support tickets: the demo board's
// seed data and the large fixtures benchmarks run against (built once and
// cached in the system temp directory).
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// Agents is the demo desk's staff.
var Agents = []domain.Agent{
	{Name: "li.wei", DisplayName: "李伟", Role: domain.RoleSupervisor, Team: "service_quality"},
	{Name: "zhang.min", DisplayName: "张敏", Role: domain.RoleAgent, Team: "tech_support"},
	{Name: "wang.fang", DisplayName: "王芳", Role: domain.RoleAgent, Team: "service_desk"},
	{Name: "chen.jie", DisplayName: "陈杰", Role: domain.RoleAgent, Team: "logistics"},
	{Name: "maria", DisplayName: "Maria Lopez", Role: domain.RoleAgent, Team: "tech_support"},
	{Name: "tom", DisplayName: "Tom Becker", Role: domain.RoleAgent, Team: "product"},
}

type sample struct {
	title, body string
	neg         bool
}

// samples per category, Chinese and English, as customers actually write.
var samples = map[domain.Category][]sample{
	domain.Malfunction: {
		{"App 打开就闪退", "更新到 %s 之后，每次打开 App 都闪退，已经重装两次了，还是不行。订单号 %s。", true},
		{"支付失败但已扣款", "今天下午付款时提示支付失败，但是银行卡已经扣款了，请尽快处理！", true},
		{"无法登录账户", "输入验证码后一直转圈，无法登录，换了网络也一样。", true},
		{"App crashes when uploading photos", "Since version %s the app crashes every time I try to upload a photo. Order %s.", true},
		{"Sync stopped working", "My data has not synced between phone and tablet for three days. Nothing in the settings helps.", true},
		{"打印机卡纸报错 E-04", "设备序列号 %s，打印时频繁出现 E-04 错误，需要工程师上门。", true},
	},
	domain.Complaint: {
		{"客服态度差，投诉", "打了三次热线都被挂断，客服态度非常差，我要投诉！", true},
		{"承诺回电但没人联系", "上周说两天内回电，到现在都没有人联系我，很不满意。", true},
		{"Rude support agent on the phone", "The agent I spoke to was dismissive and hung up on me. Not acceptable for a paying customer.", true},
		{"Nobody answers my emails", "I have written four times about order %s and nobody has answered. Very disappointed.", true},
	},
	domain.Suggestion: {
		{"希望增加深色模式", "晚上用 App 太刺眼了，希望能增加深色模式，谢谢！", false},
		{"建议支持导出 Excel", "报表页面建议增加导出 Excel 的功能，方便我们做月度汇总。", false},
		{"Please add a dark mode", "Love the app, it would be even better with a dark mode for night shifts.", false},
		{"Feature request: bulk edit", "It would be nice to edit several items at once instead of one by one.", false},
	},
	domain.Question: {
		{"如何修改绑定手机号？", "换了新手机号，请问在哪里修改绑定的手机号？", false},
		{"发票怎么开？", "请问公司抬头的增值税发票在哪里申请？", false},
		{"How do I reset my password?", "I can't find the password reset option in the new version %s.", false},
		{"Where can I download my invoices?", "Where can I download the invoices for last quarter?", false},
	},
	domain.Logistics: {
		{"快递一周还没到", "订单 %s 显示已发货，但是物流一周没有更新了，什么时候能到？", true},
		{"收到的商品包装破损", "今天收到货，外包装破损，里面的配件少了一个。", true},
		{"Package stuck in transit", "Tracking for order %s has not moved for 6 days. Can you check with the courier?", true},
		{"Wrong item delivered", "I ordered the blue model and received the grey one.", true},
	},
	domain.Pricing: {
		{"重复扣费，申请退款", "同一个订单被扣了两次钱，申请退款一笔。订单号 %s。", true},
		{"会员续费价格不透明", "自动续费的价格比页面上写的高，希望说明一下收费标准。", true},
		{"Charged twice for one order", "My card was charged twice for order %s. Please refund one of the charges.", true},
		{"Price changed after checkout", "The price went up between adding to cart and paying. Is that expected?", false},
	},
	domain.Other: {
		{"感谢工程师耐心讲解", "昨天的工程师很耐心，问题解决了，非常感谢！", false},
		{"Partnership enquiry", "We are a retailer in Hamburg and would like to discuss a partnership.", false},
	},
}

var (
	products  = []string{"智能门锁 S3", "LoopPay App", "云打印机 P200", "Smart Scale X1", "会员服务", "Home Hub"}
	versions  = []string{"2.3.1", "2.4.0", "3.0.2", "1.9.8", "5.1"}
	surnames  = []string{"张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴"}
	givens    = []string{"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军"}
	westNames = []string{"Anna Schmidt", "John Miller", "Sofia Rossi", "Lucas Martin", "Emma Brown", "Noah Wilson"}
	industry  = []string{"retail", "manufacturing", "education", "healthcare", "logistics", "finance", ""}
)

// Options shape the generated tickets.
type Options struct {
	N    int       // how many tickets
	Seed uint64    // same seed, same tickets
	Now  time.Time // tickets are received over the 30 days before Now
}

// Tickets generates n tickets with plausible histories spread over every
// status, channel, category, priority and agent.
func Tickets(o Options) []store.Historic {
	r := rand.New(rand.NewPCG(o.Seed, 0x100bde5c))
	cats := domain.Categories
	out := make([]store.Historic, 0, o.N)
	for i := range o.N {
		cat := cats[r.IntN(len(cats))]
		smp := samples[cat][r.IntN(len(samples[cat]))]
		order := fmt.Sprintf("SO%08d", r.IntN(1e8))
		ver := versions[r.IntN(len(versions))]
		body := smp.body
		if n := strings.Count(body, "%s"); n > 0 {
			args := []any{ver, order}
			if n == 1 {
				if strings.Contains(body, "rder") || strings.Contains(body, "订单") || strings.Contains(body, "序列号") {
					args = []any{order}
				} else {
					args = []any{ver}
				}
			}
			body = fmt.Sprintf(body, args[:n]...)
		}
		name := westNames[r.IntN(len(westNames))]
		if isCJK(smp.title) {
			name = surnames[r.IntN(len(surnames))] + givens[r.IntN(len(givens))]
		}
		prio := domain.Priority(r.IntN(3))
		if smp.neg && prio == domain.Low {
			prio = domain.Medium
		}
		tier := domain.TierNormal
		if r.IntN(10) == 0 {
			tier = domain.TierVIP
		}
		sentiment, score := "neutral", 0.0
		if smp.neg {
			sentiment, score = "negative", -0.3-0.6*r.Float64()
		} else if cat == domain.Other || cat == domain.Suggestion {
			sentiment, score = "positive", 0.2+0.6*r.Float64()
		}
		path := pickPath(r)
		// Finished work spreads over the last 30 days; open work is recent,
		// as on a desk that keeps up, so the SLA clocks show a mix of states.
		age := 30 * 24 * time.Hour
		if len(path) == 0 || path[len(path)-1].Open() {
			age = 36 * time.Hour
		}
		created := o.Now.Add(-time.Duration(r.Int64N(int64(age))))
		h := store.Historic{
			NewTicket: store.NewTicket{
				Title: smp.title, Body: body,
				Channel:  domain.Channels[r.IntN(len(domain.Channels))],
				Category: cat, Priority: prio, Team: domain.DefaultTeam(cat),
				CustomerName: name, CustomerPhone: fmt.Sprintf("13%09d", r.IntN(1e9)), CustomerTier: tier,
				Industry: industry[r.IntN(len(industry))], Product: products[r.IntN(len(products))],
				ProductVer: ver, OrderNo: order, ReceivedAt: created.Add(-time.Duration(r.IntN(600)) * time.Second),
				Sentiment: sentiment, SentimentScore: score,
			},
			CreatedAt: created,
		}
		h.Steps, h.Owner = history(path, created, o.Now, i)
		out = append(out, h)
	}
	return out
}

// pickPath picks a final status (a board with work in every column) as
// the moves that lead there.
func pickPath(r *rand.Rand) []domain.Status {
	switch p := r.IntN(100); {
	case p < 28:
		return nil
	case p < 52:
		return []domain.Status{domain.InProgress}
	case p < 62:
		return []domain.Status{domain.InProgress, domain.Testing}
	case p < 77:
		return []domain.Status{domain.InProgress, domain.Resolved}
	case p < 80:
		return []domain.Status{domain.InProgress, domain.Resolved, domain.InProgress}
	default:
		return []domain.Status{domain.InProgress, domain.Testing, domain.Resolved, domain.Closed}
	}
}

// history spreads the path's moves between creation and now, made by the
// ticket's owner.
func history(path []domain.Status, created, now time.Time, i int) ([]store.Step, string) {
	if len(path) == 0 {
		return nil, ""
	}
	owner := Agents[1+i%(len(Agents)-1)].Name
	span := now.Sub(created)
	steps := make([]store.Step, len(path))
	for k, st := range path {
		at := created.Add(span * time.Duration(k+1) / time.Duration(len(path)+1))
		steps[k] = store.Step{At: at, Actor: owner, To: st}
	}
	return steps, owner
}

func isCJK(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// Seed fills an empty desk: the demo agents (added by admin) and n tickets,
// in batches so a large seed shows steady progress. progress may be nil.
// A demo agent who already exists is kept as is: admin may be one of them
// (loopdesk demo --as li.wei makes li.wei the desk's first user, an admin),
// and a seed interrupted after the agents can be run again.
func Seed(ctx context.Context, s *store.Store, admin string, o Options, progress func(done int)) error {
	existing, err := s.Agents(ctx)
	if err != nil {
		return err
	}
	for _, a := range Agents {
		if slices.ContainsFunc(existing, func(e domain.Agent) bool { return e.Name == a.Name }) {
			continue
		}
		if err := s.AddAgent(ctx, admin, a); err != nil {
			return fmt.Errorf("seed agent %s: %w", a.Name, err)
		}
	}
	const batch = 2000
	for start := 0; start < o.N; start += batch {
		n := min(batch, o.N-start)
		items := Tickets(Options{N: n, Seed: o.Seed + uint64(start), Now: o.Now})
		if err := s.LoadHistoric(ctx, admin, items); err != nil {
			return fmt.Errorf("seed tickets: %w", err)
		}
		if progress != nil {
			progress(start + n)
		}
	}
	// A desk's upkeep merges its search index (store.MergeSearch); a
	// seeded desk starts merged, as it would be after its first minute.
	_, err = s.MergeSearch(ctx)
	return err
}
