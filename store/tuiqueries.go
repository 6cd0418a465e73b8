package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/loopdesk/loopdesk/domain"
)

// Read-only queries behind the TUI's supervisor and admin screens: the team
// load, the escalation queue with its missed deadlines, and the roster of
// agents with their key counts. They run when a screen opens, never per
// frame.

// openStatuses are the columns where work is still open, in board order.
func openStatuses() []domain.Status {
	var out []domain.Status
	for _, st := range domain.Statuses {
		if st.Open() {
			out = append(out, st)
		}
	}
	return out
}

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

// TeamLoad counts open cards per agent and per open column, and the
// unassigned ones. Every active agent is listed (an idle one is where work
// can go), and so is a removed agent who still owns open cards.
//
// Cost: the counts are two GROUP BY reads on the (owner, status, priority,
// id) index, driven from the agents table: one index seek per agent and
// open column, then one index step per open card (no table rows are read).
// So the cost grows with the open cards, not with the closed history; at a
// few thousand open cards it is a few milliseconds. It runs when the team
// view opens or refreshes, never on the render path.
func (s *Store) TeamLoad(ctx context.Context) (TeamLoad, error) {
	open := openStatuses()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(open)), ", ")
	args := make([]any, len(open))
	for i, st := range open {
		args[i] = string(st)
	}
	out := TeamLoad{Unassigned: map[domain.Status]int{}}
	loads := map[string]*AgentLoad{}

	agents, err := s.r.QueryContext(ctx, "SELECT "+agentCols+" FROM agents ORDER BY name")
	if err != nil {
		return out, err
	}
	for agents.Next() {
		a, err := scanAgent(agents)
		if err != nil {
			agents.Close()
			return out, err
		}
		loads[a.Name] = &AgentLoad{Agent: a, Open: map[domain.Status]int{}}
	}
	agents.Close()
	if err := agents.Err(); err != nil {
		return out, err
	}

	rows, err := s.r.QueryContext(ctx, `SELECT a.name, t.status, count(*) FROM agents a
		JOIN tickets t ON t.owner = a.name AND t.status IN (`+marks+`)
		GROUP BY a.name, t.status`, args...)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		var name, st string
		var n int
		if err := rows.Scan(&name, &st, &n); err != nil {
			rows.Close()
			return out, err
		}
		if l := loads[name]; l != nil {
			l.Open[domain.Status(st)] = n
			l.Total += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}

	rows, err = s.r.QueryContext(ctx, "SELECT status, count(*) FROM tickets WHERE owner IS NULL AND status IN ("+marks+") GROUP BY status", args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return out, err
		}
		out.Unassigned[domain.Status(st)] = n
	}
	if err := rows.Err(); err != nil {
		return out, err
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
		for rows.Next() {
			var b Breach
			var due, at int64
			if err := rows.Scan(&b.Clock, &due, &at); err != nil {
				rows.Close()
				return nil, err
			}
			b.Due, b.At = time.UnixMilli(due), time.UnixMilli(at)
			e.Breaches = append(e.Breaches, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
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
		if err := rows.Scan(&e.Agent.Name, &e.Agent.DisplayName, &role, &e.Agent.Team, &e.Agent.Active, &e.Keys); err != nil {
			return nil, err
		}
		e.Agent.Role = domain.Role(role)
		out = append(out, e)
	}
	return out, rows.Err()
}
