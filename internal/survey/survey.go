// Package survey serves the customer satisfaction survey behind a survey
// link (store.SurveyLink): GET shows a small accessible form — four ratings
// from 1 to 5 and a comment — in Chinese or English, POST records the
// answer once through the store, which closes, reopens and queues the
// ticket for follow-up. A link is a random 130-bit token of which the
// store keeps only a hash; it works once and expires.
//
// Mount Handler at store.SurveyPath on the HTTP server:
//
//	mux.Handle(store.SurveyPath, survey.Handler(st, log))
package survey

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/store"
)

// Desk is the part of the store the survey uses.
type Desk interface {
	SurveyByToken(ctx context.Context, token string) (store.Survey, error)
	SubmitSurvey(ctx context.Context, token string, sc store.Scores) (domain.Ticket, error)
}

// maxFormBytes bounds a POST: four digits and a comment.
const maxFormBytes = 32 << 10

// maxTokenLen bounds what is looked up; real tokens are 26 characters.
const maxTokenLen = 64

// Handler serves GET and POST /survey/<token>. log (may be nil) gets
// database failures, never the token or the answers.
func Handler(d Desk, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &handler{d: d, log: log}
}

type handler struct {
	d   Desk
	log *slog.Logger
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	// The token is in the URL: keep it out of Referer headers and caches.
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	p := page{Lang: pickLang(r, "")}
	token, ok := tokenOf(r.URL.Path)
	if !ok {
		h.render(w, http.StatusNotFound, p.with(stateInvalid))
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		v, err := h.d.SurveyByToken(r.Context(), token)
		p.Lang = pickLang(r, v.Lang)
		if err != nil {
			h.fail(w, p, err)
			return
		}
		p.Key = v.Key()
		h.render(w, http.StatusOK, p.form(store.Scores{}))
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			h.render(w, http.StatusBadRequest, p.with(stateInvalid))
			return
		}
		v, err := h.d.SurveyByToken(r.Context(), token)
		p.Lang = pickLang(r, v.Lang)
		if err != nil {
			h.fail(w, p, err)
			return
		}
		p.Key = v.Key()
		sc, ok := scoresOf(r)
		if !ok {
			fp := p.form(sc)
			fp.Error = true
			h.render(w, http.StatusUnprocessableEntity, fp)
			return
		}
		t, err := h.d.SubmitSurvey(r.Context(), token, sc)
		if err != nil {
			h.fail(w, p, err)
			return
		}
		done := p.with(stateThanks)
		done.Closed, done.Reopened = t.Status == domain.Closed, !sc.Satisfied()
		h.render(w, http.StatusOK, done)
	default:
		hdr.Set("Allow", "GET, HEAD, POST")
		h.render(w, http.StatusMethodNotAllowed, p.with(stateInvalid))
	}
}

// fail answers a survey that cannot be shown or answered.
func (h *handler) fail(w http.ResponseWriter, p page, err error) {
	switch {
	case errors.Is(err, store.ErrSurveyUsed):
		h.render(w, http.StatusGone, p.with(stateUsed))
	case errors.Is(err, store.ErrSurveyExpired):
		h.render(w, http.StatusGone, p.with(stateExpired))
	case errors.Is(err, store.ErrNotFound):
		h.render(w, http.StatusNotFound, p.with(stateInvalid))
	default:
		h.log.Error("survey", "err", err)
		h.render(w, http.StatusInternalServerError, p.with(stateError))
	}
}

// tokenOf takes the token from /survey/<token>, refusing anything a
// token cannot be before it reaches the database.
func tokenOf(path string) (string, bool) {
	token, ok := strings.CutPrefix(path, store.SurveyPath)
	if !ok || token == "" || len(token) > maxTokenLen {
		return "", false
	}
	for _, c := range token {
		if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return "", false
		}
	}
	return token, true
}

// scoresOf reads the form; ok is false unless every rating is 1–5 and the
// comment fits. What was entered comes back either way, to fill the form
// again.
func scoresOf(r *http.Request) (store.Scores, bool) {
	ok := true
	rating := func(name string) int {
		v, err := strconv.Atoi(r.PostForm.Get(name))
		if err != nil || v < 1 || v > 5 {
			ok = false
			return 0
		}
		return v
	}
	sc := store.Scores{
		Timeliness: rating("timeliness"), Effectiveness: rating("effectiveness"),
		Attitude: rating("attitude"), Overall: rating("overall"),
		Comment: strings.TrimSpace(r.PostForm.Get("comment")), Source: store.SourceSurvey,
	}
	if utf8.RuneCountInString(sc.Comment) > store.MaxCommentRunes || !utf8.ValidString(sc.Comment) {
		ok = false
	}
	return sc, ok
}

// pickLang chooses the page language: ?lang=, then the browser's
// Accept-Language, then the customer's (fallback, from the ticket), then
// Chinese.
func pickLang(r *http.Request, fallback string) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	best, bestQ := "", -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if (base == "zh" || base == "en") && q > bestQ && q > 0 {
			best, bestQ = base, q
		}
	}
	switch {
	case best != "":
		return best
	case fallback == "zh" || fallback == "en":
		return fallback
	}
	return "zh"
}
