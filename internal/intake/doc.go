// Package intake brings feedback in: every channel (file import, the
// HTTP API and web form, the agents' new-ticket form) hands items to one
// [Intake], which triages each with package triage and stores it through
// store.Ingest in one transaction per batch:
//
//   - category and priority come from triage unless the item states them;
//     sentiment, keywords, the priority's reason and (unless stated) the
//     team always do;
//   - an external_id seen before is a repeat and changes nothing, so
//     re-running an import or retrying a request is safe;
//   - near-identical text from the same customer (by the keyed hashes of
//     their full phone, e-mail or WeChat id, never by masked name) within
//     a window is linked to their open ticket instead of opening a new
//     card, keeping its own customer;
//   - phone and resident ID numbers in the text are masked, and a
//     received time in the future is refused (the store's one gate, so
//     every channel alike);
//   - invalid items (empty, no substance, spam) go to the rejected list,
//     never silently dropped;
//   - after a batch commits, a surge of negative feedback against the
//     usual rate raises an emergency (at most one an hour).
//
// Import streams CSV and JSON Lines in constant memory, reporting bad rows
// by line number without stopping; Export writes tickets back in the same
// interchange format.
package intake
