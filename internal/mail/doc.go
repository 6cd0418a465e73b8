// Package mail is the e-mail channel. The company's mail server forwards
// support@ to the SMTP listener here ([Server], built on
// github.com/emersion/go-smtp), which accepts mail only for the
// configured addresses, within a size cap and per-sender and per-address
// rate limits, answering every refusal with its SMTP code.
//
// Each message is decoded ([Parse]: MIME parts, quoted-printable and
// base64, GBK/GB18030/Big5 as well as UTF-8, HTML reduced to text,
// attachments kept as metadata, quoted history split from the new text)
// and then either
//
//   - dropped, when it is automatic: an auto-reply, a bounce, list or
//     bulk mail, or one of our own messages coming back (a loop) — these
//     never open tickets nor trigger replies;
//   - appended to its ticket as the customer's message, when it answers a
//     message of the ticket's thread (In-Reply-To, References) or names
//     the ticket's key in its subject and comes from the ticket's sender
//     (store.AppendCustomerMail, which reopens a finished ticket);
//   - or handed to the intake pipeline like any other channel's feedback
//     (triage, duplicates, rejected list, surge) as a ticket on the email
//     channel, and threaded so answers find it.
//
// The sender's address is never stored in clear: the store keeps the
// keyed hash of it under the desk secret (the ticket's customer e-mail
// hash, so the sender's other tickets and duplicates are found), a masked
// form for the card, and the address sealed with a key derived from the
// desk secret, to answer at.
//
// Replies leave the other way: the outbox worker mails a reply on the
// email channel through the company's relay ([Sender], STARTTLS when
// offered) as multipart text and HTML ([Compose]), with a Message-ID kept
// on the thread and In-Reply-To and References to the customer's mail,
// so the customer's answer threads back to its ticket.
package mail
