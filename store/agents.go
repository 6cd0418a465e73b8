package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	netmail "net/mail"
	"regexp"
	"strings"

	"github.com/loopdesk/loopdesk/internal/domain"
)

var agentNameRE = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,31}$`)

// ValidAgentName explains why name cannot be an agent login, or returns nil.
// Names double as SSH user names, so they follow the same rules.
func ValidAgentName(name string) error {
	if !agentNameRE.MatchString(name) {
		return invalid("agent name %q: use 1–32 lower-case letters, digits, '_', '.', '-', starting with a letter", name)
	}
	return nil
}

const agentCols = "name, display_name, role, coalesce(team, ''), active, email"

func scanAgent(row interface{ Scan(...any) error }) (domain.Agent, error) {
	var a domain.Agent
	var role string
	err := row.Scan(&a.Name, &a.DisplayName, &role, &a.Team, &a.Active, &a.Email)
	a.Role = domain.Role(role)
	return a, err
}

// Agent looks up one agent (active or not).
func (s *Store) Agent(ctx context.Context, name string) (domain.Agent, error) {
	a, err := scanAgent(s.r.QueryRowContext(ctx, "SELECT "+agentCols+" FROM agents WHERE name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("agent " + name)
	}
	return a, err
}

// Agents lists the active agents by name.
func (s *Store) Agents(ctx context.Context) ([]domain.Agent, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+agentCols+" FROM agents WHERE active = 1 ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Agent
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Teams lists the teams by name.
func (s *Store) Teams(ctx context.Context) ([]domain.Team, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT name, display_name FROM teams ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Team
	for rows.Next() {
		var t domain.Team
		if err := rows.Scan(&t.Name, &t.DisplayName); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Login resolves the local identity: an active agent by that name, or, on a
// database with no agents at all, a new admin (the first user sets up the
// desk). Anyone else must be added by an admin.
func (s *Store) Login(ctx context.Context, name string) (domain.Agent, error) {
	if err := ValidAgentName(name); err != nil {
		return domain.Agent{}, err
	}
	var a domain.Agent
	err := s.write(ctx, func(tx *wtx) error {
		var err error
		a, err = scanAgent(tx.QueryRowContext(ctx, "SELECT "+agentCols+" FROM agents WHERE name = ?", name))
		if err == nil {
			if !a.Active {
				return &ForbiddenError{Actor: name, Action: "log in", Reason: "agent was removed"}
			}
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM agents").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: unknown agent %q; an admin adds agents with: loopdesk agent add %s --role agent", ErrForbidden, name, name)
		}
		a = domain.Agent{Name: name, DisplayName: name, Role: domain.RoleAdmin, Team: "service_desk", Active: true}
		return s.insertAgent(ctx, tx, name, a)
	})
	return a, err
}

// AddAgent registers an agent; only admins may.
func (s *Store) AddAgent(ctx context.Context, actor string, a domain.Agent) error {
	if err := ValidAgentName(a.Name); err != nil {
		return err
	}
	if _, err := domain.ParseRole(string(a.Role)); err != nil {
		return invalid("%v", err)
	}
	if a.DisplayName = strings.TrimSpace(a.DisplayName); a.DisplayName == "" {
		a.DisplayName = a.Name
	}
	if a.Team == "" {
		a.Team = "service_desk"
	}
	if a.Email != "" {
		addr, err := netmail.ParseAddress(a.Email)
		if err != nil || len(addr.Address) > 254 {
			return invalid("email: %q is not one e-mail address", a.Email)
		}
		a.Email = addr.Address
	}
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "add agents", domain.RoleAdmin); err != nil {
			return err
		}
		if err := checkTeam(ctx, tx, a.Team); err != nil {
			return err
		}
		var active sql.NullBool
		err := tx.QueryRowContext(ctx, "SELECT active FROM agents WHERE name = ?", a.Name).Scan(&active)
		switch {
		case err == nil && active.Bool:
			return fmt.Errorf("%w: agent %s already exists", ErrDuplicate, a.Name)
		case err == nil:
			// A removed agent comes back under the same name, keeping history.
			if _, err := tx.ExecContext(ctx, "UPDATE agents SET display_name = ?, role = ?, team = ?, email = ?, active = 1 WHERE name = ?",
				a.DisplayName, string(a.Role), a.Team, a.Email, a.Name); err != nil {
				return err
			}
			return s.event(ctx, tx, 0, actor, domain.EvAgentAdded, "agent", "", a.Name+" ("+string(a.Role)+")")
		case errors.Is(err, sql.ErrNoRows):
			return s.insertAgent(ctx, tx, actor, a)
		default:
			return err
		}
	})
}

func (s *Store) insertAgent(ctx context.Context, tx *wtx, actor string, a domain.Agent) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO agents (name, display_name, role, team, email, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
		a.Name, a.DisplayName, string(a.Role), a.Team, a.Email, ms(s.now())); err != nil {
		return err
	}
	return s.event(ctx, tx, 0, actor, domain.EvAgentAdded, "agent", "", a.Name+" ("+string(a.Role)+")")
}

// RemoveAgent deactivates an agent (history keeps the name); only admins
// may, and nobody may remove the last admin.
func (s *Store) RemoveAgent(ctx context.Context, actor, name string) error {
	return s.write(ctx, func(tx *wtx) error {
		if err := requireRole(ctx, tx, actor, "remove agents", domain.RoleAdmin); err != nil {
			return err
		}
		a, err := scanAgent(tx.QueryRowContext(ctx, "SELECT "+agentCols+" FROM agents WHERE name = ? AND active = 1", name))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("agent " + name)
		} else if err != nil {
			return err
		}
		if a.Role == domain.RoleAdmin {
			var admins int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM agents WHERE role = 'admin' AND active = 1").Scan(&admins); err != nil {
				return err
			}
			if admins <= 1 {
				return invalid("%s is the last admin; add another admin first", name)
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE agents SET active = 0 WHERE name = ?", name); err != nil {
			return err
		}
		return s.event(ctx, tx, 0, actor, domain.EvAgentRemoved, "agent", name, "")
	})
}

func checkTeam(ctx context.Context, tx *wtx, team string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM teams WHERE name = ?", team).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return invalid("unknown team %q", team)
	}
	return nil
}

// actorIn loads the acting agent inside the transaction, so a role change
// committed a moment ago is honoured.
func actorIn(ctx context.Context, tx *wtx, name string) (domain.Agent, error) {
	a, err := scanAgent(tx.QueryRowContext(ctx, "SELECT "+agentCols+" FROM agents WHERE name = ? AND active = 1", name))
	if errors.Is(err, sql.ErrNoRows) {
		return a, &ForbiddenError{Actor: name, Action: "act", Reason: "not an active agent"}
	}
	return a, err
}

func requireRole(ctx context.Context, tx *wtx, actor, action string, role domain.Role) error {
	a, err := actorIn(ctx, tx, actor)
	if err != nil {
		return err
	}
	if a.Role != role && !(role == domain.RoleSupervisor && a.Role == domain.RoleAdmin) {
		return &ForbiddenError{Actor: actor, Action: action, Reason: "needs the " + string(role) + " role"}
	}
	return nil
}
