// Command client is a command-line client for the echo example: it sends
// each line of standard input (or each -msg) as a text message, prints every
// message it receives, and closes the connection cleanly at the end of
// input.
//
//	go run ./examples/echo &
//	go run ./examples/client -msg hello -msg 'how are you?'
//	echo hi | go run ./examples/client -url ws://127.0.0.1:8080/
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/echo/echoserver"
)

// messages collects repeated -msg flags.
type messages []string

func (m *messages) String() string     { return strings.Join(*m, ", ") }
func (m *messages) Set(s string) error { *m = append(*m, s); return nil }

func main() {
	url := flag.String("url", "ws://127.0.0.1:8080/", "WebSocket URL of the server")
	var msgs messages
	flag.Var(&msgs, "msg", "message to send instead of reading standard input (repeatable)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var in io.Reader = os.Stdin
	if len(msgs) > 0 {
		in = strings.NewReader(strings.Join(msgs, "\n") + "\n")
	}
	if err := run(ctx, *url, in, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run connects to url, sends every line of in, prints what arrives to out,
// and closes with 1000 once in is exhausted or ctx ends.
func run(ctx context.Context, url string, in io.Reader, out io.Writer) error {
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, _, err := conn.Dial(dialCtx, url, &conn.DialOptions{
		Options: conn.Options{Compression: &conn.CompressionOptions{}},
	})
	if err != nil {
		return err
	}
	defer c.CloseNow()

	// One goroutine reads, so replies are printed as they come and Close
	// below sees the server's Close frame. It counts the echo server's
	// replies so we can wait for them before closing: Close discards what
	// arrives after it starts.
	var readErr error
	readDone := make(chan struct{}) // closed when the reader stops, after readErr is set
	var replies atomic.Int64
	replied := make(chan struct{}, 1) // a nudge: replies has grown
	go func() {
		for {
			typ, msg, err := c.Read(context.Background())
			if err != nil {
				readErr = err
				close(readDone)
				return
			}
			if typ == conn.MessageBinary {
				fmt.Fprintf(out, "< [binary, %d bytes]\n", len(msg))
			} else {
				fmt.Fprintf(out, "< %s\n", msg)
			}
			if bytes.HasPrefix(msg, []byte(echoserver.ReplyPrefix)) {
				replies.Add(1)
				select {
				case replied <- struct{}{}:
				default:
				}
			}
		}
	}()

	sent := 0
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		if ctx.Err() != nil {
			break
		}
		writeCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := c.Write(writeCtx, conn.MessageText, lines.Bytes())
		cancel()
		if err != nil {
			return err
		}
		sent++
	}
	if err := lines.Err(); err != nil {
		return err
	}
	waitReplies(ctx, &replies, replied, readDone, int64(sent))
	// Close waits for the server's Close; the replies before it are
	// printed by the reader.
	if err := c.Close(conn.StatusNormalClosure, "bye"); err != nil {
		return err
	}
	<-readDone
	var ce *conn.CloseError
	if errors.As(readErr, &ce) {
		return nil
	}
	return readErr
}

// waitReplies waits, for a few seconds at most, until n replies have been
// counted or the connection has ended.
func waitReplies(ctx context.Context, replies *atomic.Int64, replied, readDone <-chan struct{}, n int64) {
	timeout := time.NewTimer(5 * time.Second)
	defer timeout.Stop()
	for replies.Load() < n {
		select {
		case <-replied:
		case <-readDone:
			return
		case <-timeout.C:
			return
		case <-ctx.Done():
			return
		}
	}
}
