// Package migrate brings a desk's history over from another help desk:
// the CSV exports of Zammad, osTicket and Jira (presets), or any other CSV
// described by a mapping file. Each row becomes a ticket with its past —
// received, first response, moves to in progress, resolved and closed at
// the times the old system recorded — so it lands in the right column,
// its timeline is truthful, and it counts in the reports of its own days.
// Values are read with the domain's vocabulary plus the old system's own
// words; owners who are not agents yet are added inactive.
package migrate
