package webintake

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
)

//go:embed form.html
var formFiles embed.FS

var formTemplates = template.Must(template.ParseFS(formFiles, "form.html"))

// formStyle is the form's only styling: readable, high-contrast, visible
// focus, no external resources. The CSP admits exactly this text by hash.
const formStyle = `body{font:1.05rem/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto}
.field{margin:1rem 0}
label{display:block;font-weight:600}
.note,.hint{font-weight:400;color:#444}
.hint{margin:.2rem 0}
input,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.5rem;border:2px solid #555;border-radius:4px}
input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #1a5fb4;outline-offset:2px}
[aria-invalid=true]{border-color:#a51d2d}
.error{color:#a51d2d;font-weight:600;margin:.2rem 0}
.errors{border:3px solid #a51d2d;padding:0 1rem;margin:1rem 0}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#1a5fb4;color:#fff;cursor:pointer}
.key{font-size:1.3rem}`

var formCSP = func() string {
	sum := sha256.Sum256([]byte(formStyle))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}()

// Largest values the form takes, in characters; the store checks again.
const (
	maxSubject = 200
	maxMessage = 5000
	maxField   = 100
	// maxFormBytes bounds a form post: the fields at their largest in
	// URL-encoded UTF-8 with room to spare.
	maxFormBytes = 256 << 10
)

// formValues is what the visitor typed.
type formValues struct{ Subject, Message, Name, Phone, Order string }

// formPage is what the templates render.
type formPage struct {
	T       *formText
	Heading string
	Style   template.CSS
	Token   string
	Values  formValues
	Errors  map[string]string // by field id
	Summary string            // a problem with the whole form
	Key     string            // thanks: the ticket key, if any
}

// fieldView is one field as the "field" template draws it.
type fieldView struct {
	T                                               *formText
	ID, Label, Hint, Err, Value, Type, Autocomplete string
	Required, Multiline                             bool
	Max                                             int
	Described                                       string // ids of the hint and error
}

// fieldOrder is the order fields appear in, and in the error summary.
var fieldOrder = []string{"subject", "message", "name", "phone", "order"}

// Field describes one of the form's fields for the template.
func (p *formPage) Field(id string) fieldView {
	f := fieldView{T: p.T, ID: id, Err: p.Errors[id], Type: "text", Max: maxField}
	switch id {
	case "subject":
		f.Label, f.Value, f.Max = p.T.Subject, p.Values.Subject, maxSubject
	case "message":
		f.Label, f.Value, f.Max, f.Required, f.Multiline = p.T.Message, p.Values.Message, maxMessage, true, true
	case "name":
		f.Label, f.Value, f.Autocomplete = p.T.Name, p.Values.Name, "name"
	case "phone":
		f.Label, f.Value, f.Type, f.Autocomplete, f.Hint = p.T.Phone, p.Values.Phone, "tel", "tel", p.T.PhoneHint
	case "order":
		f.Label, f.Value = p.T.Order, p.Values.Order
	}
	var ids []string
	if f.Hint != "" {
		ids = append(ids, id+"-hint")
	}
	if f.Err != "" {
		ids = append(ids, id+"-error")
	}
	f.Described = strings.Join(ids, " ")
	return f
}

// summaryEntry is one entry of the error summary.
type summaryEntry struct{ ID, Label, Msg string }

// ErrorList lists the field errors in form order for the summary.
func (p *formPage) ErrorList() []summaryEntry {
	var out []summaryEntry
	for _, id := range fieldOrder {
		if msg := p.Errors[id]; msg != "" {
			out = append(out, summaryEntry{id, p.Field(id).Label, msg})
		}
	}
	return out
}

// form is GET and POST /feedback.
func (s *Server) form(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		t := pickLang(r, r.URL.Query().Get("lang"))
		if _, ok := s.formChannel(w, r, t); ok {
			s.renderForm(w, r, http.StatusOK, &formPage{T: t})
		}
	case http.MethodPost:
		s.submitForm(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		s.render(w, http.StatusMethodNotAllowed, "notice", &formPage{T: pickLang(r, ""), Summary: pickLang(r, "").BadMethod})
	}
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		t := pickLang(r, "")
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.render(w, http.StatusRequestEntityTooLarge, "notice", &formPage{T: t, Summary: t.TooLarge})
			return
		}
		s.renderForm(w, r, http.StatusBadRequest, &formPage{T: t, Summary: t.ErrUnknown})
		return
	}
	t := pickLang(r, r.PostForm.Get("lang"))
	v := formValues{
		Subject: r.PostForm.Get("subject"), Message: r.PostForm.Get("message"),
		Name: r.PostForm.Get("name"), Phone: r.PostForm.Get("phone"), Order: r.PostForm.Get("order"),
	}
	page := &formPage{T: t, Values: v}
	token := r.PostForm.Get("token")
	switch s.guard.check(r, token) {
	case formCrossSite:
		page.Summary = t.ErrCrossSite
	case formNoCookie:
		page.Summary = t.ErrNoCookie
	case formExpired:
		page.Summary = t.ErrExpired
	}
	if page.Summary != "" {
		s.renderForm(w, r, http.StatusForbidden, page)
		return
	}
	// A token works once: a second post of the same form (a double
	// click, a reload, a replaying script) is refused, naming the ticket
	// the first one made.
	if prev, ok := s.guard.claim(token); !ok {
		page.Summary = t.ErrReplayed
		if prev.ticket != 0 {
			page.Summary = fmt.Sprintf(t.ErrReplayedKey, domain.Key(prev.ticket))
		}
		page.Values = formValues{}
		s.renderForm(w, r, http.StatusConflict, page)
		return
	}
	stored := false
	var ticket int64
	defer func() { s.guard.done(token, ticket, !stored) }()
	ch, ok := s.formChannel(w, r, t)
	if !ok {
		return
	}
	it := intake.Item{NewTicket: store.NewTicket{
		// The form's token is unique per rendering: should a post be
		// stored but its answer lost, a retry stores nothing new.
		ExternalID: s.intake.ItemID("form-", ch.Name, token, v.Name, v.Phone, v.Subject, v.Message),
		Title:      v.Subject, Body: v.Message, Channel: ch.Kind,
		CustomerName: v.Name, CustomerPhone: v.Phone, OrderNo: v.Order,
	}}
	if page.Errors = formErrors(t, v, s.intake.Check(it)); len(page.Errors) > 0 {
		s.renderForm(w, r, http.StatusBadRequest, page)
		return
	}
	res, err := s.intake.Submit(r.Context(), store.ChannelActor(ch.Name), []intake.Item{it})
	if err != nil {
		s.opt.Log.Error("web form: storing feedback failed", "err", err)
		s.render(w, http.StatusServiceUnavailable, "notice", &formPage{T: t, Summary: t.Closed})
		return
	}
	stored, ticket = true, res[0].Ticket
	s.opt.Log.Info("web form feedback", "channel", ch.Name, "outcome", string(res[0].Outcome))
	thanks := &formPage{T: t}
	// A rejected item gets no key: spam learns nothing, and a customer
	// whose message was judged empty still hears it arrived (an agent
	// reviews the rejected list).
	if res[0].Ticket != 0 {
		thanks.Key = domain.Key(res[0].Ticket)
	}
	s.render(w, http.StatusOK, "thanks", thanks)
}

// formChannel finds the channel the form posts as, or tells the visitor
// the form is closed (503).
func (s *Server) formChannel(w http.ResponseWriter, r *http.Request, t *formText) (store.IntakeChannel, bool) {
	ch, err := s.store.ChannelByName(r.Context(), s.opt.FormChannel)
	if err == nil {
		return ch, true
	}
	if errors.Is(err, store.ErrNotFound) {
		s.opt.Log.Warn("web form requested but its channel does not exist; add it with: loopdesk channel add " +
			s.opt.FormChannel + " --kind web")
	} else {
		s.opt.Log.Error("web form: channel lookup failed", "err", err)
	}
	s.render(w, http.StatusServiceUnavailable, "notice", &formPage{T: t, Summary: t.Closed})
	return store.IntakeChannel{}, false
}

// formErrors explains, per field, what the visitor has to fix.
func formErrors(t *formText, v formValues, checked error) map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(v.Subject) == "" && strings.TrimSpace(v.Message) == "" {
		errs["message"] = t.ErrMessage
		return errs
	}
	if checked == nil {
		return errs
	}
	switch field, _ := splitField(checked); field {
	case "customer_phone":
		errs["phone"] = t.ErrPhone
	case "title":
		errs["subject"] = t.ErrTooLong
	case "body":
		errs["message"] = t.ErrTooLong
	case "customer_name":
		errs["name"] = t.ErrTooLong
	case "order_no":
		errs["order"] = t.ErrTooLong
	default:
		errs["message"] = t.ErrUnknown
	}
	return errs
}

// renderForm draws the form with a fresh anti-forgery token.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, status int, p *formPage) {
	p.Token = s.guard.issue(w, r)
	s.render(w, status, "form", p)
}

func (s *Server) render(w http.ResponseWriter, status int, name string, p *formPage) {
	if p.Heading == "" {
		p.Heading = p.T.Title
		if name == "thanks" {
			p.Heading = p.T.ThanksTitle
		}
	}
	p.Style = template.CSS(formStyle)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", formCSP)
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	if err := formTemplates.ExecuteTemplate(w, name, p); err != nil {
		s.opt.Log.Error("web form: rendering failed", "page", name, "err", err)
	}
}
