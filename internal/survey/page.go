package survey

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/loopdesk/loopdesk/store"
)

// What a page shows.
const (
	stateForm    = "form"
	stateThanks  = "thanks"
	stateUsed    = "used"
	stateExpired = "expired"
	stateInvalid = "invalid"
	stateError   = "error"
)

// page is everything the template needs. html/template escapes every
// value it prints, the comment a customer typed included.
type page struct {
	Lang     string
	State    string
	Key      string
	Ratings  []rating
	Comment  string
	Error    bool // the form came back incomplete
	Closed   bool // the answer closed the ticket
	Reopened bool // the answer was "not satisfied"
}

type rating struct {
	Name  string
	Value int // 0: not chosen
}

func (p page) with(state string) page {
	p.State = state
	return p
}

func (p page) form(sc store.Scores) page {
	p.State = stateForm
	p.Ratings = []rating{{"timeliness", sc.Timeliness}, {"effectiveness", sc.Effectiveness},
		{"attitude", sc.Attitude}, {"overall", sc.Overall}}
	p.Comment = sc.Comment
	return p
}

// T is the page's text in its language.
func (p page) T() map[string]string { return messages[p.Lang] }

// Other is the language the switch link offers.
func (p page) Other() string {
	if p.Lang == "zh" {
		return "en"
	}
	return "zh"
}

var messages = map[string]map[string]string{
	"zh": {
		"title":         "服务满意度评价",
		"intro":         "您的工单已处理完毕。请为我们的服务打分：1 表示非常不满意，5 表示非常满意。",
		"ticket":        "工单号",
		"timeliness":    "响应及时性",
		"effectiveness": "问题解决效果",
		"attitude":      "服务态度",
		"overall":       "总体满意度",
		"1":             "1 非常不满意",
		"2":             "2 不满意",
		"3":             "3 一般",
		"4":             "4 满意",
		"5":             "5 非常满意",
		"comment":       "意见或建议（选填）",
		"submit":        "提交评价",
		"missing":       "请为每一项选择 1 到 5 分（意见不超过 2000 字）。",
		"thanks":        "感谢您的评价！",
		"satisfied":     "我们已记录您的确认，工单已关闭。",
		"unsatisfied":   "很抱歉没能让您满意，主管会尽快与您联系。",
		"used":          "这份评价已经提交过了，感谢您的反馈。",
		"expired":       "这个评价链接已过期。如需帮助，请联系客服。",
		"invalid":       "评价链接无效，请检查链接是否完整。",
		"error":         "系统暂时无法处理，请稍后再试。",
		"switch":        "English",
	},
	"en": {
		"title":         "How did we do?",
		"intro":         "Your ticket has been resolved. Please rate our service from 1 (very dissatisfied) to 5 (very satisfied).",
		"ticket":        "Ticket",
		"timeliness":    "Timeliness",
		"effectiveness": "Effectiveness of the solution",
		"attitude":      "Attitude of our staff",
		"overall":       "Overall satisfaction",
		"1":             "1 very dissatisfied",
		"2":             "2 dissatisfied",
		"3":             "3 neutral",
		"4":             "4 satisfied",
		"5":             "5 very satisfied",
		"comment":       "Comments or suggestions (optional)",
		"submit":        "Send rating",
		"missing":       "Please choose a rating from 1 to 5 for every question (comments up to 2000 characters).",
		"thanks":        "Thank you for your rating!",
		"satisfied":     "We have recorded your confirmation and closed the ticket.",
		"unsatisfied":   "We are sorry we did not meet your expectations; a supervisor will contact you shortly.",
		"used":          "This survey has already been answered. Thank you for your feedback.",
		"expired":       "This survey link has expired. Please contact customer service if you need help.",
		"invalid":       "This survey link is not valid. Please check that it is complete.",
		"error":         "Something went wrong on our side. Please try again later.",
		"switch":        "中文",
	},
}

var pageTmpl = template.Must(template.New("survey").Parse(`<!doctype html>
<html lang="{{if eq .Lang "zh"}}zh-CN{{else}}en{{end}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{index .T "title"}}</title>
<style>
body{font:1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
fieldset{border:1px solid #999;border-radius:.4rem;margin:0 0 1rem;padding:.5rem 1rem}
legend{font-weight:600}
label{display:inline-block;margin:.25rem 1rem .25rem 0}
textarea{width:100%;min-height:6rem;font:inherit}
button{font:inherit;padding:.5rem 1.5rem}
.alert{border-left:.3rem solid #b00020;padding:.5rem 1rem;background:#fdecee}
:focus{outline:3px solid #1a5fb4;outline-offset:2px}
</style>
</head>
<body>
<main>
<p><a href="?lang={{.Other}}" lang="{{.Other}}">{{index .T "switch"}}</a></p>
<h1>{{index .T "title"}}</h1>
{{- if eq .State "form"}}
<p>{{index .T "intro"}}</p>
<p>{{index .T "ticket"}}: <strong>{{.Key}}</strong></p>
{{- if .Error}}
<p class="alert" role="alert">{{index .T "missing"}}</p>
{{- end}}
<form method="post">
{{- range .Ratings}}{{$r := .}}
<fieldset>
<legend>{{index $.T .Name}}</legend>
{{- range $v := $.Scale}}
<label><input type="radio" name="{{$r.Name}}" value="{{$v}}" required{{if eq $r.Value $v}} checked{{end}}> {{index $.T (print $v)}}</label>
{{- end}}
</fieldset>
{{- end}}
<p><label for="comment">{{index .T "comment"}}</label>
<textarea id="comment" name="comment" maxlength="{{.MaxComment}}">{{.Comment}}</textarea></p>
<p><button type="submit">{{index .T "submit"}}</button></p>
</form>
{{- else if eq .State "thanks"}}
<p role="status">{{index .T "thanks"}}</p>
{{- if .Closed}}
<p>{{index .T "satisfied"}}</p>
{{- else if .Reopened}}
<p>{{index .T "unsatisfied"}}</p>
{{- end}}
{{- else}}
<p role="alert">{{index .T .State}}</p>
{{- end}}
</main>
</body>
</html>
`))

// Scale is the choices of every rating.
func (page) Scale() []int { return []int{1, 2, 3, 4, 5} }

// MaxComment is the comment's length limit, for the form.
func (page) MaxComment() int { return store.MaxCommentRunes }

// render writes p with status; the page is rendered to a buffer first so
// a template failure is a clean 500, not half a page.
func (h *handler) render(w http.ResponseWriter, status int, p page) {
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, p); err != nil {
		h.log.Error("survey page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // the client went away: nothing left to tell it
}
