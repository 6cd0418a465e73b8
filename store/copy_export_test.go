package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// DumpTables is every table a copy carries, each row rendered as one
// line in key order: two desks with equal dumps hold the same data.
func (s *Store) DumpTables(ctx context.Context) (map[string][]string, error) {
	tables, err := s.catalog(ctx, s.r)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, t := range tables {
		order := ""
		if len(t.pk) > 0 {
			order = " ORDER BY " + quoteNames(t.pk)
		} else {
			order = " ORDER BY " + quoteNames(t.cols)
		}
		rows, err := s.r.QueryContext(ctx, "SELECT "+quoteNames(t.cols)+" FROM "+quoteName(t.name)+order)
		if err != nil {
			return nil, err
		}
		lines, err := scanAll(rows, func(rows *sql.Rows) (string, error) {
			vals := make([]any, len(t.cols))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return "", err
			}
			f := make([]string, len(vals))
			for i, v := range vals {
				switch x := carry(v, t.kinds[i]).(type) {
				case nil:
					f[i] = "NULL"
				case []byte:
					f[i] = "x" + hex.EncodeToString(x)
				case string:
					f[i] = strconv.Quote(x)
				case float64:
					f[i] = strconv.FormatFloat(x, 'g', -1, 64)
				default:
					f[i] = fmt.Sprint(x)
				}
			}
			return strings.Join(f, "|"), nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		out[t.name] = lines
	}
	return out, nil
}

// TableNames is every table the catalog lists, copied or not.
func (s *Store) TableNames(ctx context.Context) ([]string, error) { return s.tableNames(ctx, s.r) }

// NotCopied is the tables a copy leaves to the target.
func NotCopied() map[string]string { return notCopied }
