// Package interchange reads and writes the ticket import/export format:
// CSV with a header row, or JSON Lines with one object per line.
// The columns are
//
//	external_id, channel, received_at, customer_name, customer_phone,
//	customer_tier, industry, product, version, order_no, title, body,
//	category, priority
//
// A [Reader] streams records in constant memory and checks syntax and shape
// only; whether a channel, category or priority value exists, deduplication
// by external_id and masking of personal data are the importer's business.
// A bad row comes back as a [*RowError] naming its line, and reading goes on
// with the next row. Unknown columns are ignored with a warning.
//
// What the reader enforces:
//   - a CSV header must name external_id, channel and title (case and
//     surrounding spaces do not matter, a UTF-8 BOM is skipped); external_id
//     is required because it is what makes re-importing a file safe;
//   - every row has a non-empty external_id, and a title or a body;
//   - received_at is RFC 3339, or empty (the importer uses the import time);
//   - every value is valid UTF-8 and within [MaxTitleBytes], [MaxBodyBytes]
//     or [MaxFieldBytes];
//   - CSV quoting is strict RFC 4180 (a bare quote in an unquoted field is a
//     bad row), and a CSV record or a JSON line is at most [MaxRecordBytes]:
//     a longer one is a bad row, skipped without being buffered, and reading
//     goes on after it; a quoted field that is never closed makes the rest
//     of the file that one bad row, since nothing tells where it should end;
//   - lines end in "\n", "\r\n" or, in files from old Mac software, a lone
//     "\r": a CSV file whose first line ends in a lone CR is read with CR
//     line ends throughout (line breaks inside its quoted fields become
//     "\n"); in JSON Lines a CR always ends a line;
//   - JSON values are strings; null reads as an empty value, like a missing
//     key.
//
// Values are trimmed of surrounding white space, except body, which is kept
// as given. channel, category, priority and customer_tier are also
// lower-cased, since they are codes the importer looks up.
package interchange
