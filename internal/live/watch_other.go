//go:build !linux

package live

import (
	"context"
	"errors"
)

// watchDatabase is not available here: the feed polls on its interval.
func watchDatabase(context.Context, string, func()) error {
	return errors.New("watching files is supported on Linux only")
}
