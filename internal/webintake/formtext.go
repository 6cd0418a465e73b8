package webintake

import (
	"net/http"
	"strings"
)

// formText is every word the web form shows, in one language. The form
// is for customers, not agents, so it keeps its own short text table
// rather than the console's message catalogue.
type formText struct {
	Code, HTMLLang string // "zh", "zh-CN"

	Title, Intro                         string
	Subject, Message, Name, Phone        string
	Order, PhoneHint, Required, Optional string
	Send, OtherLang, OtherLangCode       string
	ErrorsTitle, ErrMessage, ErrPhone    string
	ErrTooLong, ErrExpired, ErrNoCookie  string
	ErrCrossSite, ErrUnknown             string
	ThanksTitle, ThanksKey, ThanksNoKey  string
	Again                                string
	Closed, TooLarge, BadMethod          string
	TooMany, ErrReplayed, ErrReplayedKey string // ErrReplayedKey has a %s for the key
}

var formTexts = map[string]*formText{
	"en": {
		Code: "en", HTMLLang: "en",
		Title:   "Send us your feedback",
		Intro:   "Tell us what happened, what you would like, or what went well. We read every message.",
		Subject: "Subject", Message: "Your message", Name: "Your name", Phone: "Phone number",
		Order:     "Order or serial number",
		PhoneHint: "So we can call you back. We keep only the last 4 digits.",
		Required:  "required", Optional: "optional",
		Send: "Send feedback", OtherLang: "中文", OtherLangCode: "zh",
		ErrorsTitle:  "Please check the form",
		ErrMessage:   "Please tell us what happened.",
		ErrPhone:     "Please enter a whole phone number (7 to 15 digits), or leave it empty.",
		ErrTooLong:   "This is too long; please shorten it.",
		ErrExpired:   "This form was open too long, or the site restarted. Please send it again.",
		ErrNoCookie:  "Your browser did not send this site's cookie. Please allow cookies for this site and send the form again.",
		ErrCrossSite: "This form was sent from another website, so it was not accepted. Please send it from this page.",
		ErrUnknown:   "Something in the form is not right; please check it.",
		ThanksTitle:  "Thank you",
		ThanksKey:    "We have your feedback. Your reference is",
		ThanksNoKey:  "We have received your message.",
		Again:        "Send more feedback",
		Closed:       "The feedback form is not available right now. Please try again later.",
		TooLarge:     "The message is too large. Please shorten it and send it again.",
		BadMethod:    "This page only shows and receives the feedback form.",
		TooMany:      "Too many requests from your network. Please wait a minute and try again.",
		ErrReplayed:  "This form was already sent, and we have your message. To send another message, use the form below.",
		ErrReplayedKey: "This form was already sent, and we have your message (reference %s). " +
			"To send another message, use the form below.",
	},
	"zh": {
		Code: "zh", HTMLLang: "zh-CN",
		Title:   "意见反馈",
		Intro:   "请告诉我们遇到的问题、您的建议或满意之处。每一条留言我们都会认真阅读。",
		Subject: "主题", Message: "反馈内容", Name: "您的称呼", Phone: "联系电话",
		Order:     "订单号或序列号",
		PhoneHint: "方便我们回电。我们只保存号码的后 4 位。",
		Required:  "必填", Optional: "选填",
		Send: "提交反馈", OtherLang: "English", OtherLangCode: "en",
		ErrorsTitle:  "请检查表单",
		ErrMessage:   "请填写反馈内容。",
		ErrPhone:     "请填写完整的电话号码（7 到 15 位数字），或留空。",
		ErrTooLong:   "内容过长，请精简后再提交。",
		ErrExpired:   "表单打开时间过长或网站已重启，请重新提交。",
		ErrNoCookie:  "您的浏览器没有发送本站的 Cookie。请允许本站使用 Cookie 后重新提交。",
		ErrCrossSite: "该表单来自其他网站，未被接受。请在本页面提交。",
		ErrUnknown:   "表单中有内容不正确，请检查。",
		ThanksTitle:  "感谢您的反馈",
		ThanksKey:    "我们已收到您的反馈，受理编号为",
		ThanksNoKey:  "我们已收到您的留言。",
		Again:        "继续反馈",
		Closed:       "反馈表单暂不可用，请稍后再试。",
		TooLarge:     "内容过大，请精简后重新提交。",
		BadMethod:    "此页面仅用于填写和提交反馈表单。",
		TooMany:      "来自您网络的请求过多，请稍等一分钟后再试。",
		ErrReplayed:  "此表单已经提交过，我们已收到您的留言。如需再次反馈，请使用下面的新表单。",
		ErrReplayedKey: "此表单已经提交过，我们已收到您的留言（受理编号 %s）。" +
			"如需再次反馈，请使用下面的新表单。",
	},
}

// pickLang chooses the form's language: an explicit lang (query or form
// field) first, then the browser's Accept-Language, else English.
func pickLang(r *http.Request, explicit string) *formText {
	if t, ok := formTexts[explicit]; ok {
		return t
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if t, ok := formTexts[primary]; ok {
			return t
		}
	}
	return formTexts["en"]
}
