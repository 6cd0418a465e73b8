package webintake

import (
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/intake"
	"github.com/loopdesk/loopdesk/store"
)

// itemStatus is the API's answer for one item.
type itemStatus struct {
	Status     string `json:"status"` // created, duplicate, repeat, rejected
	Ticket     string `json:"ticket,omitempty"`
	ExternalID string `json:"external_id"`
	Reason     string `json:"reason,omitempty"` // rejected: why
	Error      string `json:"error,omitempty"`  // invalid: why
	Field      string `json:"field,omitempty"`
}

// single is the answer to a one-item request.
type single struct {
	itemStatus
	Warnings []string `json:"warnings,omitempty"`
}

// batch is the answer to an array request: one status per item, in order.
type batch struct {
	Items    []itemStatus `json:"items"`
	Warnings []string     `json:"warnings,omitempty"`
}

// feedback is POST /api/v1/feedback.
func (s *Server) feedback(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method != http.MethodPost {
		methodNotAllowed(w, http.MethodPost)
		return
	}
	// Authenticate before reading the body: strangers cost nothing.
	ch, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, apiError{Error: "send Content-Type: application/json"})
			return
		}
	}
	body, err := readBody(w, r, s.opt.MaxBodyBytes)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, apiError{Error: "body larger than " + byteSize(tooBig.Limit)})
			return
		}
		writeError(w, http.StatusBadRequest, apiError{Error: "reading the body failed"})
		return
	}
	req, ferr := decodeRequest(body, ch, s.intake, s.opt.MaxItems)
	if ferr != nil {
		e := apiError{Error: ferr.msg, Field: ferr.field}
		if req.batch && ferr.item >= 0 {
			e.Item = &ferr.item
		}
		writeError(w, http.StatusBadRequest, e)
		return
	}
	res, err := s.intake.Submit(r.Context(), store.ChannelActor(ch.Name), req.items)
	switch {
	case errors.Is(err, store.ErrForbidden): // the channel was removed a moment ago
		writeError(w, http.StatusUnauthorized, apiError{Error: "unknown token"})
		return
	case err != nil:
		s.opt.Log.Error("storing feedback failed", "channel", ch.Name, "items", len(req.items), "err", err)
		writeError(w, http.StatusServiceUnavailable, apiError{Error: "the feedback could not be stored; nothing was kept, retry later"})
		return
	}
	statuses, code := answer(req.items, res)
	s.opt.Log.Info("feedback", "channel", ch.Name, "items", len(res), "status", code, "took", time.Since(start).Round(time.Millisecond))
	if req.batch {
		writeJSON(w, code, batch{Items: statuses, Warnings: req.warnings})
		return
	}
	writeJSON(w, code, single{itemStatus: statuses[0], Warnings: req.warnings})
}

// answer turns results into statuses and the response code: 201 when the
// request stored anything, 200 when every item was already known.
func answer(items []intake.Item, res []intake.Result) ([]itemStatus, int) {
	out := make([]itemStatus, len(res))
	code := http.StatusOK
	for i, r := range res {
		st := itemStatus{Status: string(r.Outcome), ExternalID: items[i].ExternalID}
		if r.Ticket != 0 {
			st.Ticket = domain.Key(r.Ticket)
		}
		switch r.Outcome {
		case store.IngestRejected:
			st.Reason = r.Reason
		case store.IngestRefused:
			// Checked before storing; only a race (a team removed) gets here.
			st.Field, st.Error = splitField(r.Err)
		}
		if r.Outcome != store.IngestRepeat && r.Outcome != store.IngestRefused {
			code = http.StatusCreated
		}
		out[i] = st
	}
	return out, code
}

// authenticate resolves the bearer token to its channel, or answers 401.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (store.IntakeChannel, bool) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="loopdesk"`)
		writeError(w, http.StatusUnauthorized, apiError{Error: "missing bearer token (Authorization: Bearer TOKEN)"})
		return store.IntakeChannel{}, false
	}
	ch, err := s.store.ChannelByToken(r.Context(), token)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.opt.Log.Error("token lookup failed", "err", err)
		writeError(w, http.StatusServiceUnavailable, apiError{Error: "cannot check the token now; retry later"})
		return store.IntakeChannel{}, false
	}
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="loopdesk", error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, apiError{Error: "unknown token"})
		return store.IntakeChannel{}, false
	}
	return ch, true
}
