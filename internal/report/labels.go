package report

import (
	"fmt"
	"time"

	"github.com/loopdesk/loopdesk/internal/i18n"
)

// labels are the words of the report page and its charts in one language.
// The domain's names (channels, categories, priorities) come from i18n.
type labels struct {
	Title, Range, Generated, Zone                                  string
	Summary, Received, Resolved, ResolutionRate, AvgHandling       string
	ReopenRate, NegativeShare, Target, OnTarget, BelowTarget       string
	Channel, Category, Other, None                                 string
	SLA, FirstResponse, Resolution, SLATarget                      string
	Trend, Negative                                                string
	CSAT, Scores, LowShare, Timeliness, Effectiveness, Attitude    string
	Overall, Agents, Agent, Reopened, OpenNow                      string
	Keywords, Backlog, Status                                      string
	Accuracy, Month, Suggested, Judged, Corrected, Corrections, To string
	BriefTitle, Yesterday, Today, HotTopics, Emergencies, Surge    string
	Weekdays                                                       [7]string // "(Sun)", "（周日）"
	Hours, Listed                                                  string    // "26.0h"; "keywords: a, b"
}

// hours writes a duration in hours with one decimal, in l's unit.
func (l labels) hours(d time.Duration) string { return fmt.Sprintf(l.Hours, d.Hours()) }

var pageLabels = map[i18n.Lang]labels{
	i18n.EN: {
		Title: "Support report", Range: "%s to %s", Generated: "Generated %s", Zone: "desk time zone %s",
		Summary: "Summary", Received: "Received", Resolved: "Resolved", ResolutionRate: "Resolution rate",
		AvgHandling: "Avg handling time", ReopenRate: "Reopen rate", NegativeShare: "Negative share",
		Target: "target %s", OnTarget: "on target", BelowTarget: "below target",
		Channel: "Volume by channel", Category: "Volume by category", Other: "other", None: "none",
		SLA: "SLA attainment by priority", FirstResponse: "first response", Resolution: "resolution", SLATarget: "target %s",
		Trend: "Daily trend", Negative: "Negative",
		CSAT: "Satisfaction by dimension (1–5)", Scores: "%d scores", LowShare: "%s scored 3 or less",
		Timeliness: "Timeliness", Effectiveness: "Effectiveness", Attitude: "Attitude", Overall: "Overall",
		Agents: "Agents", Agent: "Agent", Reopened: "Reopened", OpenNow: "Open now",
		Keywords: "Top keywords", Backlog: "Backlog by age", Status: "Open by status",
		Accuracy: "Triage accuracy", Month: "Month", Suggested: "Suggested", Judged: "Judged", Corrected: "Corrected",
		Corrections: "Most common corrections", To: "changed to",
		BriefTitle: "Daily brief", Yesterday: "Yesterday", Today: "Today", HotTopics: "Hot topics", Emergencies: "Emergencies",
		Surge: "%d negative items in an hour (usually %.1f an hour; alert at %.0f×)",
		Hours: "%.1fh", Listed: "%s: %s",
		Weekdays: [7]string{" (Sun)", " (Mon)", " (Tue)", " (Wed)", " (Thu)", " (Fri)", " (Sat)"},
	},
	i18n.ZH: {
		Title: "客服报表", Range: "%s 至 %s", Generated: "生成于 %s", Zone: "服务台时区 %s",
		Summary: "概览", Received: "收到", Resolved: "已解决", ResolutionRate: "解决率",
		AvgHandling: "平均处理时长", ReopenRate: "重开率", NegativeShare: "负面占比",
		Target: "目标 %s", OnTarget: "达标", BelowTarget: "未达标",
		Channel: "各渠道工单量", Category: "各类别工单量", Other: "其他", None: "无",
		SLA: "各优先级 SLA 达成率", FirstResponse: "首次响应", Resolution: "解决", SLATarget: "目标 %s",
		Trend: "每日趋势", Negative: "负面",
		CSAT: "各维度满意度（1–5）", Scores: "%d 份评分", LowShare: "%s 的评分不高于 3",
		Timeliness: "及时性", Effectiveness: "有效性", Attitude: "态度", Overall: "总体",
		Agents: "坐席", Agent: "坐席", Reopened: "重开", OpenNow: "当前未结",
		Keywords: "热门关键词", Backlog: "积压工单（按时长）", Status: "各状态未结工单",
		Accuracy: "分类准确率", Month: "月份", Suggested: "建议类别", Judged: "已判定", Corrected: "已更正",
		Corrections: "最常见的更正", To: "改为",
		BriefTitle: "每日简报", Yesterday: "昨天", Today: "今天", HotTopics: "热点话题", Emergencies: "紧急情况",
		Surge: "一小时内 %d 条负面反馈（平时每小时 %.1f 条，达到 %.0f 倍即告警）",
		Hours: "%.1f小时", Listed: "%s：%s",
		Weekdays: [7]string{"（周日）", "（周一）", "（周二）", "（周三）", "（周四）", "（周五）", "（周六）"},
	},
}

func labelsFor(l i18n.Lang) labels {
	if ls, ok := pageLabels[l]; ok {
		return ls
	}
	return pageLabels[i18n.EN]
}
