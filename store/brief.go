package store

import (
	"context"
	"fmt"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Event kinds of the mailed daily brief (desk-wide, actor system): After
// is the desk day, YYYY-MM-DD.
const (
	EvBriefMailed = "brief_mailed" // the day's brief was claimed for mailing
	EvBriefFailed = "brief_failed" // mailing it failed; Before is why, and the day may be tried again
)

// BriefRecipients are the e-mail addresses of the active supervisors and
// admins that have one, by name.
func (s *Store) BriefRecipients(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, `SELECT email FROM agents WHERE active = 1 AND email <> ''
		AND role IN (?, ?) ORDER BY name`, string(domain.RoleSupervisor), string(domain.RoleAdmin))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ClaimBrief records that the brief of day (YYYY-MM-DD in the desk's time
// zone) is being mailed to n recipients. It returns false when the day was
// claimed already, by this process before a restart or by another one, so
// each day's brief is mailed once.
func (s *Store) ClaimBrief(ctx context.Context, day string, n int) (bool, error) {
	claimed := false
	err := s.write(ctx, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO brief_sends (day, sent_at, recipients) VALUES (?, ?, ?) ON CONFLICT (day) DO NOTHING",
			day, ms(s.now()), n)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			return err
		}
		claimed = true
		return s.event(ctx, tx, 0, domain.SystemActor, EvBriefMailed, "day", "", day)
	})
	return claimed, err
}

// ReleaseBrief gives up the claim on day after mailing failed with cause,
// so the next attempt mails it.
func (s *Store) ReleaseBrief(ctx context.Context, day string, cause error) error {
	return s.write(ctx, func(tx *wtx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM brief_sends WHERE day = ?", day); err != nil {
			return err
		}
		why := []rune(fmt.Sprint(cause))
		return s.event(ctx, tx, 0, domain.SystemActor, EvBriefFailed, "day", string(why[:min(len(why), 500)]), day)
	})
}
