// Package bind opens the TCP listeners of `serve` (SSH, HTTP, SMTP) with
// one error shape, so a taken port reads the same whichever listener hit it.
package bind

import (
	"errors"
	"fmt"
	"net"
	"os"
)

// TCP opens a TCP listener on addr. Its error is one line naming the
// address, e.g. "listen 127.0.0.1:23234: address already in use".
func TCP(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		var sys *os.SyscallError
		var op *net.OpError
		switch {
		case errors.As(err, &sys):
			err = sys.Err
		case errors.As(err, &op):
			err = op.Err
		}
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return ln, nil
}
