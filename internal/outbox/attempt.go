package outbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
	"github.com/loopdesk/loopdesk/internal/mail"
	"github.com/loopdesk/loopdesk/store"
)

// Payload is the JSON body a webhook receives.
type Payload struct {
	ReplyID    int64  `json:"reply_id"`
	Ticket     string `json:"ticket"`                // FB-1042
	ExternalID string `json:"external_id,omitempty"` // the channel's own id for the feedback
	Channel    string `json:"channel"`
	Customer   string `json:"customer"` // masked name, the only customer data the desk keeps
	Text       string `json:"text"`
	// SMS is the text's SMS variant (store.SMSText): one short line with
	// no link but the survey link, for a gateway that texts the customer.
	SMS     string `json:"sms"`
	Attempt int    `json:"attempt"`
}

// IdempotencyHeader carries the reply's idempotency key, the same on
// every attempt.
const IdempotencyHeader = "Idempotency-Key"

// errorBodyBytes is how much of a refusal's body is kept in the log.
const errorBodyBytes = 200

// attempt posts one job and says what came of it, including when to try
// again.
func (w *Worker) attempt(ctx context.Context, j store.DeliveryJob) store.Outcome {
	if j.Channel == domain.Email {
		m, err := w.st.PrepareMail(ctx, j)
		switch {
		case errors.Is(err, store.ErrNoMailAddress):
			return store.Outcome{Err: "not delivered: " + err.Error()}
		case err != nil:
			return w.retry(j, store.Outcome{Err: err.Error()}, 0)
		case m != nil:
			return w.mail(ctx, j, *m)
		}
	}
	if j.URL == "" {
		why := "not delivered: no webhook for channel " + string(j.Channel)
		if j.Channel == domain.Email {
			why += " and no mail relay (loopdesk channel set email --smtp-relay URL --from ADDR)"
		}
		return store.Outcome{Err: why}
	}
	start := time.Now() // a measurement, not policy: the real clock
	status, retryAfter, err := w.post(ctx, j)
	o := store.Outcome{Status: status, Duration: time.Since(start)}
	switch {
	case err == nil:
		o.Delivered = true
		return o
	case !retryable(status):
		o.Err = err.Error()
		return o // refused: trying again will not help
	}
	o.Err = err.Error()
	return w.retry(j, o, retryAfter)
}

// mail sends the job through the relay.
func (w *Worker) mail(ctx context.Context, j store.DeliveryJob, m store.MailOut) store.Outcome {
	start := time.Now() // a measurement, not policy: the real clock
	err := w.cfg.Mail.Send(ctx, j, m)
	o := store.Outcome{Duration: time.Since(start)}
	var se *mail.SendError
	switch {
	case err == nil:
		o.Delivered, o.Status = true, 250
		return o
	case errors.As(err, &se):
		o.Status = se.Code
		if se.Permanent {
			o.Err = err.Error()
			return o
		}
	}
	o.Err = err.Error()
	return w.retry(j, o, 0)
}

// retry schedules the next attempt after a failure that may go away by
// itself, or gives up after MaxAttempts.
func (w *Worker) retry(j store.DeliveryJob, o store.Outcome, retryAfter time.Duration) store.Outcome {
	if j.Attempt >= w.cfg.MaxAttempts {
		o.Err = fmt.Sprintf("gave up after %d attempts: %s", j.Attempt, o.Err)
		return o
	}
	wait := w.backoff(j.Attempt)
	if retryAfter > wait {
		wait = min(retryAfter, w.cfg.MaxDelay)
	}
	o.RetryAt = w.st.Now().Add(wait)
	return o
}

// post sends the job; a nil error means a 2xx response. status is 0 when
// no response came back; retryAfter is the server's Retry-After, if any.
func (w *Worker) post(ctx context.Context, j store.DeliveryJob) (status int, retryAfter time.Duration, err error) {
	body, err := json.Marshal(Payload{ReplyID: j.ReplyID, Ticket: j.TicketKey(), ExternalID: j.ExternalID,
		Channel: string(j.Channel), Customer: j.Customer, Text: j.Text, SMS: store.SMSText(j.Text), Attempt: j.Attempt})
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, w.cfg.AttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.URL, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "loopdesk-outbox")
	req.Header.Set(IdempotencyHeader, j.IdempotencyKey)
	resp, err := w.cfg.Client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyBytes))
	// Drain a little more so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // best effort: reuse is an optimisation
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, 0, nil
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && secs > 0 {
		retryAfter = time.Duration(secs) * time.Second
	}
	msg := "HTTP " + strconv.Itoa(resp.StatusCode)
	if text := strings.TrimSpace(strings.ToValidUTF8(string(head), "")); text != "" {
		msg += ": " + text
	}
	return resp.StatusCode, retryAfter, errors.New(msg)
}

// retryable says whether a failure with this status (0: no response) may
// go away by itself.
func retryable(status int) bool {
	switch {
	case status == 0, status >= 500:
		return true
	case status == http.StatusRequestTimeout, status == http.StatusTooEarly, status == http.StatusTooManyRequests:
		return true
	}
	return false
}

// backoff is the wait after attempt n failed: BaseDelay doubled n-1
// times, capped at MaxDelay, jittered.
func (w *Worker) backoff(n int) time.Duration {
	d := w.cfg.BaseDelay
	for i := 1; i < n && d < w.cfg.MaxDelay; i++ {
		d *= 2
	}
	return w.cfg.Jitter(min(d, w.cfg.MaxDelay))
}
