package server

import (
	"context"
	"io"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// A session's keystrokes do not go through Bubble Tea's own input loop.
// That loop hands each parsed key to the program with a plain channel
// send, so input arriving while a program quits (a key typed after q, a
// terminal's late reply to a query, a hang-up mid-sequence) blocks it
// forever, and the goroutine keeps the whole board in memory: this
// package's leak checks caught it. Instead the session parses input with
// the same parser and delivers it with Program.Send, which gives up once
// the program has ended, so the loop always drains and ends with the
// connection. The program is handed a quiet reader, so it still believes
// it has input and keeps sending its terminal queries and keyboard
// requests (the replies arrive here and are forwarded like keys).

// forwardInput parses in and sends each event to p until in ends (the
// channel closes) or ctx ends.
func forwardInput(ctx context.Context, in io.Reader, term string, p *tea.Program) {
	events := make(chan uv.Event)
	go func() {
		_ = uv.NewTerminalReader(in, term).StreamEvents(ctx, events)
		close(events)
	}()
	for ev := range events {
		p.Send(ev)
	}
}

// quietReader is the program's nominal input: it yields nothing and
// reports end of input once ctx ends (the session is over).
type quietReader struct{ ctx context.Context }

func (q quietReader) Read([]byte) (int, error) {
	<-q.ctx.Done()
	return 0, io.EOF
}

// inputReader reads the client's keystrokes and notes when the last one
// arrived, for the idle timeout.
type inputReader struct {
	r    io.Reader
	last atomic.Int64 // unix nanoseconds
}

func newInputReader(r io.Reader) *inputReader {
	in := &inputReader{r: r}
	in.last.Store(time.Now().UnixNano())
	return in
}

func (in *inputReader) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	if n > 0 {
		in.last.Store(time.Now().UnixNano())
	}
	return n, err
}

func (in *inputReader) lastRead() time.Time { return time.Unix(0, in.last.Load()) }
