package store

import (
	"cmp"
	"context"
	"database/sql"
	"maps"
	"slices"
	"time"

	"github.com/loopdesk/loopdesk/internal/domain"
)

// Read-only queries behind the TUI's supervisor and admin screens: the team
// load, the escalation queue with its missed deadlines, and the roster of
// agents with their key counts. They run when a screen opens, never per
// frame.

// AgentLoad is one agent's open cards per open column.
type AgentLoad struct {
	Agent domain.Agent // Active is false for a removed agent still holding cards
	Open  map[domain.Status]int
	Total int
}

// TeamLoad is the desk's open work by owner.
type TeamLoad struct {
	Agents     []AgentLoad // most loaded first, then by name
	Unassigned map[domain.Status]int
}

// TeamLoad reads the open cards per agent and open column, and the
// unassigned ones. Every active agent is listed (an idle one is where work
// can go), and so is a removed agent who still owns open cards.
//
// Cost: two small reads, the agents and the agent_load counts that every
// ticket change maintains in its own transaction (OwnerLoads): rows grow
// with the agents, never with the tickets, so no GROUP BY or COUNT over
// tickets runs, however large the desk (see BenchmarkTeamLoad).
func (s *Store) TeamLoad(ctx context.Context) (TeamLoad, error) {
	out := TeamLoad{Unassigned: map[domain.Status]int{}}
	loads := map[string]*AgentLoad{}
	rows, err := s.r.QueryContext(ctx, "SELECT "+agentCols+" FROM agents ORDER BY name")
	if err != nil {
		return out, err
	}
	agents, err := scanAll(rows, func(rows *sql.Rows) (domain.Agent, error) { return scanAgent(rows) })
	if err != nil {
		return out, err
	}
	for _, a := range agents {
		loads[a.Name] = &AgentLoad{Agent: a, Open: map[domain.Status]int{}}
	}
	owners, err := s.OwnerLoads(ctx)
	if err != nil {
		return out, err
	}
	for _, o := range owners {
		if o.Agent == "" {
			maps.Copy(out.Unassigned, o.ByStatus)
			continue
		}
		if l := loads[o.Agent]; l != nil {
			maps.Copy(l.Open, o.ByStatus)
			l.Total = o.Open()
		}
	}
	for _, l := range loads {
		if l.Agent.Active || l.Total > 0 {
			out.Agents = append(out.Agents, *l)
		}
	}
	slices.SortFunc(out.Agents, func(a, b AgentLoad) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Agent.Name, b.Agent.Name))
	})
	return out, nil
}

// Breach is a missed deadline no supervisor has acknowledged yet.
type Breach struct {
	Clock string // first_response, update or resolution
	Due   time.Time
	At    time.Time // when the sweep recorded it
}

// Escalation is an escalated ticket with its unacknowledged breaches.
type Escalation struct {
	Ticket   domain.Ticket
	Breaches []Breach // oldest deadline first
}

// EscalationQueue is Escalations with the deadlines each ticket missed:
// one read of the queue, one primary-key read of the breach log per ticket.
func (s *Store) EscalationQueue(ctx context.Context, limit int) ([]Escalation, error) {
	ts, err := s.Escalations(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Escalation, 0, len(ts))
	for _, t := range ts {
		e := Escalation{Ticket: t}
		rows, err := s.query(ctx, `SELECT clock, due_at, breached_at FROM sla_breaches
			WHERE ticket_id = ? AND acknowledged_at IS NULL ORDER BY due_at`, t.ID)
		if err != nil {
			return nil, err
		}
		e.Breaches, err = scanAll(rows, func(rows *sql.Rows) (Breach, error) {
			var b Breach
			var due, at int64
			err := rows.Scan(&b.Clock, &due, &at)
			b.Due, b.At = time.UnixMilli(due), time.UnixMilli(at)
			return b, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// RosterEntry is an active agent with the number of SSH keys it logs in
// with.
type RosterEntry struct {
	Agent domain.Agent
	Keys  int
}

// Roster lists the active agents by name with their key counts, for the
// admin screen.
func (s *Store) Roster(ctx context.Context) ([]RosterEntry, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+agentCols+`, (SELECT count(*) FROM agent_keys k WHERE k.agent = agents.name)
		FROM agents WHERE active = 1 ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RosterEntry
	for rows.Next() {
		var e RosterEntry
		var role string
		if err := rows.Scan(&e.Agent.Name, &e.Agent.DisplayName, &role, &e.Agent.Team, &e.Agent.Active, &e.Agent.Email, &e.Keys); err != nil {
			return nil, err
		}
		e.Agent.Role = domain.Role(role)
		out = append(out, e)
	}
	return out, rows.Err()
}
