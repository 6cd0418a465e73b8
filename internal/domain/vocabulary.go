package domain

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/BurntSushi/toml"
)

// Kind names one enumeration whose values arrive from outside: imports,
// the HTTP API, CLI flags and other help desks' exports.
type Kind string

// The kinds the vocabulary maps.
const (
	KindChannel   Kind = "channel"
	KindCategory  Kind = "category"
	KindPriority  Kind = "priority"
	KindStatus    Kind = "status"
	KindTier      Kind = "tier"
	KindSentiment Kind = "sentiment"
)

// Kinds lists every kind, in the order the aliases file documents them.
var Kinds = []Kind{KindChannel, KindCategory, KindPriority, KindStatus, KindTier, KindSentiment}

// canonical lists each kind's stored ids, in display order.
var canonical = map[Kind][]string{
	KindChannel:   {"hotline", "web", "wechat", "appstore", "email", "inapp", "social", "offline"},
	KindCategory:  {"suggestion", "complaint", "malfunction", "question", "logistics", "pricing", "other"},
	KindPriority:  {"high", "medium", "low"},
	KindStatus:    {"pending", "in_progress", "testing", "resolved", "closed"},
	KindTier:      {"normal", "vip"},
	KindSentiment: {"negative", "neutral", "positive"},
}

// builtinAliases are the spellings accepted besides the ids: DESIGN §3's
// long names, the labels the UI shows (internal/i18n; a test there keeps
// them in step) and the words other help desks use. Case, spaces, '_',
// '-' and other punctuation never matter (see Fold), so "In-App",
// "in_app" and "in app" are one entry.
var builtinAliases = map[Kind]map[string][]string{
	KindChannel: {
		"hotline":  {"热线电话", "热线", "电话", "400", "phone", "telephone", "call", "phone call", "hot line"},
		"web":      {"web form", "网页表单", "网页", "网站", "表单", "website", "form", "online form", "portal"},
		"wechat":   {"微信", "weixin", "wx", "微信公众号", "公众号"},
		"appstore": {"app store", "应用商店", "应用市场", "app store / review site", "review site", "review", "app review", "google play", "play store"},
		"email":    {"邮件", "电子邮件", "e-mail", "mail", "邮箱"},
		"inapp":    {"in-app", "应用内", "app内", "in app feedback", "app"},
		"social":   {"social media", "社交媒体", "社交", "微博", "weibo", "twitter", "facebook"},
		"offline":  {"线下", "门店", "in person", "walk in", "store visit"},
	},
	KindCategory: {
		"suggestion":  {"product suggestion", "产品建议", "建议", "需求", "功能建议", "feature request", "feature", "new feature", "idea", "improvement", "enhancement", "story"},
		"complaint":   {"service complaint", "服务投诉", "投诉"},
		"malfunction": {"产品故障", "故障", "缺陷", "bug", "defect", "fault", "failure", "incident", "product malfunction"},
		"question":    {"usage question", "使用咨询", "咨询", "how to", "inquiry", "enquiry", "help"},
		"logistics":   {"物流配送", "物流", "配送", "快递", "delivery", "shipping"},
		"pricing":     {"价格费用", "价格", "费用", "收费", "price", "billing"},
		"other":       {"其他", "其它", "misc", "miscellaneous", "general"},
	},
	KindPriority: {
		// P1–P4: P1 and P2 need action now, P3 is routine, P4 can wait.
		// Zammad's "3 high", "2 normal", "1 low" count the other way.
		"high":   {"高", "h", "紧急", "高优先级", "urgent", "critical", "highest", "blocker", "emergency", "p0", "p1", "p2", "3 high", "4 very high", "5 urgent"},
		"medium": {"中", "m", "med", "一般", "中等", "普通", "normal", "moderate", "major", "p3", "2 normal"},
		"low":    {"低", "l", "低优先级", "不急", "minor", "trivial", "lowest", "p4", "p5", "1 low"},
	},
	KindStatus: {
		"pending":     {"待处理", "未处理", "新建", "new", "open", "opened", "to do", "todo", "backlog", "waiting for support", "reopened", "unassigned"},
		"in_progress": {"处理中", "进行中", "in progress", "work in progress", "wip", "assigned", "pending reminder", "waiting for customer", "on hold", "escalated", "answered"},
		"testing":     {"待测试", "测试中", "待验证", "test", "qa", "in review", "review", "verify", "verification"},
		"resolved":    {"已解决", "解决", "solved", "fixed", "done", "pending close", "completed"},
		"closed":      {"已关闭", "关闭", "已取消", "close", "archived", "cancelled", "canceled", "merged", "removed", "deleted", "won't do", "rejected"},
	},
	KindTier: {
		"normal": {"普通", "普通客户", "regular", "standard", "basic", "none"},
		"vip":    {"VIP客户", "贵宾", "大客户", "重要客户", "premium", "key account"},
	},
	KindSentiment: {
		"negative": {"负面", "差评", "neg", "bad"},
		"neutral":  {"中性", "中立", "neu"},
		"positive": {"正面", "好评", "pos", "good"},
	},
}

// Vocabulary maps every accepted spelling of each kind to its id.
type Vocabulary struct {
	ids      map[Kind]map[string]string   // Fold(spelling) → id
	spelling map[Kind]map[string][]string // id → accepted spellings, for errors
}

// NewVocabulary returns the built-in vocabulary extended by extra
// (kind → spelling → id). An extra spelling may re-map a built-in one; an
// unknown kind or id is an error.
func NewVocabulary(extra map[Kind]map[string]string) (*Vocabulary, error) {
	v := &Vocabulary{ids: map[Kind]map[string]string{}, spelling: map[Kind]map[string][]string{}}
	for _, k := range Kinds {
		v.ids[k] = map[string]string{}
		v.spelling[k] = map[string][]string{}
		for _, id := range canonical[k] {
			v.add(k, id, id)
			v.add(k, strings.ReplaceAll(id, "_", " "), id)
			for _, s := range builtinAliases[k][id] {
				v.add(k, s, id)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		if _, ok := canonical[k]; !ok {
			return nil, fmt.Errorf("aliases: unknown kind %q (want one of %s)", k, JoinIDs(Kinds))
		}
		for _, s := range slices.Sorted(maps.Keys(extra[k])) {
			id := extra[k][s]
			if !slices.Contains(canonical[k], id) {
				return nil, fmt.Errorf("aliases: %s %q maps to %q, which is not a %s (want one of %s)", k, s, id, k, strings.Join(canonical[k], ", "))
			}
			if Fold(s) == "" {
				return nil, fmt.Errorf("aliases: %s spelling %q has no letters or digits", k, s)
			}
			if old, ok := v.ids[k][Fold(s)]; ok && old != id {
				v.spelling[k][old] = slices.DeleteFunc(v.spelling[k][old], func(x string) bool { return Fold(x) == Fold(s) })
			}
			v.add(k, s, id)
		}
	}
	return v, nil
}

func (v *Vocabulary) add(k Kind, spelling, id string) {
	if !slices.Contains(v.spelling[k][id], spelling) {
		v.spelling[k][id] = append(v.spelling[k][id], spelling)
	}
	v.ids[k][Fold(spelling)] = id
}

// Fold is how spellings (and other desks' column names) compare: lower
// case, letters and digits only, so case, spaces, '_', '-', '/' and the
// like never matter.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Lookup returns the id s spells in kind k.
func (v *Vocabulary) Lookup(k Kind, s string) (string, bool) {
	id, ok := v.ids[k][Fold(s)]
	return id, ok && Fold(s) != ""
}

// Accepted lists the ids of kind k, each with its other spellings:
// "hotline (热线电话, phone, …)". Errors show it so a sender can fix a file.
func (v *Vocabulary) Accepted(k Kind) string {
	parts := make([]string, 0, len(canonical[k]))
	for _, id := range canonical[k] {
		var others []string
		for _, s := range v.spelling[k][id] {
			if s != id {
				others = append(others, s)
			}
		}
		if len(others) == 0 {
			parts = append(parts, id)
			continue
		}
		parts = append(parts, id+" ("+strings.Join(others, ", ")+")")
	}
	return strings.Join(parts, "; ")
}

// parse maps s to its id or explains what kind k accepts.
func (v *Vocabulary) parse(k Kind, s string) (string, error) {
	if id, ok := v.Lookup(k, s); ok {
		return id, nil
	}
	if k == KindChannel {
		// Only the channel cannot be left to triage: list every spelling.
		return "", fmt.Errorf("unknown %s %q; accepted: %s", k, s, v.Accepted(k))
	}
	name := string(k)
	if k == KindTier {
		name = "customer tier"
	}
	return "", fmt.Errorf("unknown %s %q (want one of %s)", name, s, strings.Join(canonical[k], ", "))
}

// active is the vocabulary the Parse functions use.
var active atomic.Pointer[Vocabulary]

func init() {
	v, err := NewVocabulary(nil)
	if err != nil {
		panic("domain: built-in vocabulary: " + err.Error()) // constant input
	}
	active.Store(v)
}

// UseVocabulary makes v the vocabulary of every Parse function; a program
// calls it once at start with the desk's aliases (LoadAliases).
func UseVocabulary(v *Vocabulary) { active.Store(v) }

// ActiveVocabulary is the vocabulary the Parse functions use.
func ActiveVocabulary() *Vocabulary { return active.Load() }

// LoadAliases reads a desk's extra spellings, one TOML table per kind:
//
//	[channel]
//	"抖音" = "social"
//	[priority]
//	"S1" = "high"
//
// and returns the built-in vocabulary extended by them.
func LoadAliases(r io.Reader) (*Vocabulary, error) {
	var f map[Kind]map[string]string
	if _, err := toml.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("aliases: %w", err)
	}
	return NewVocabulary(f)
}
