// Package webintake takes customer feedback in over HTTP and hands it to
// package intake, which triages and stores it.
//
// Routes:
//
//	POST /api/v1/feedback  JSON: one item or an array of items, with the
//	                       interchange fields (external_id, received_at,
//	                       customer_name, customer_phone, customer_tier,
//	                       industry, product, version, order_no, title,
//	                       body, category, priority). Authorization: Bearer
//	                       TOKEN of an intake channel (loopdesk channel add);
//	                       the token decides the channel.
//	GET  /feedback         an accessible feedback form for the website
//	POST /feedback         the form's submission (form-encoded)
//	GET  /healthz          200 {"status":"ok"} while the database answers
//
// The API answers 201 once every item of the request is committed (200
// when every item was already known), with a status per item: created,
// duplicate (linked to the customer's open ticket, "ticket" names it),
// repeat (the external_id was seen before) or rejected (with the reason;
// kept in the rejected list for review). A batch is checked whole before
// anything is stored: a bad field gets 400 {"error", "field", "item"} and
// nothing of the batch is kept. A missing external_id is derived from a
// hash of the channel, customer, text and received time, so a retried
// request never creates a second ticket. Unknown or missing token: 401;
// a body over the limit (1 MiB by default): 413; other methods: 405.
//
// Every client address (an IPv6 client by its /64) has a token bucket for
// the API and one for the form and survey pages (Options); a spent bucket
// gets 429 with Retry-After. The buckets live in a bounded map, so clients
// rotating addresses cannot grow memory.
//
// The form posts as the intake channel named "website" (Options.FormChannel):
// an admin turns the form on with `loopdesk channel add website --kind web`
// and off by removing that channel. The form needs no token, since the
// server posts for it; the channel only has to exist, and its kind
// becomes the tickets' channel. Forgery is stopped by a per-visitor cookie
// bound to a hidden field by an HMAC under a key that lives only in the
// server's memory, checked together with the Origin and Sec-Fetch-Site
// headers. A form's token works once: a second post of it is refused (409)
// with a fresh form and the reference of the ticket the first one made;
// used tokens are remembered, within a bound, until they expire. The form
// works without JavaScript, and every value it echoes is escaped by
// html/template.
package webintake
