package conn_test

import (
	"context"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

// idleCost measures heap and stack per idle server connection, each with a
// goroutine blocked in Read after one echoed message, over loopback TCP.
func idleCost(t testing.TB, n int) float64 {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	ctx := context.Background()
	var peers []net.Conn
	var conns []*conn.Conn
	defer func() {
		for _, c := range conns {
			c.CloseNow()
		}
		for _, p := range peers {
			p.Close()
		}
	}()
	served := make(chan *conn.Conn, n)
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			c := conn.New(nc, nil)
			served <- c
			go func() {
				for {
					typ, p, err := c.Read(ctx)
					if err != nil {
						return
					}
					if c.Write(ctx, typ, p) != nil {
						return
					}
				}
			}()
		}
	}()
	msg := []byte{0x82, 0x85, 1, 2, 3, 4, 'h' ^ 1, 'e' ^ 2, 'l' ^ 3, 'l' ^ 4, 'o' ^ 1}
	measure := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc + ms.StackInuse
	}
	before := measure()
	for range n {
		p, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		peers = append(peers, p)
		_, err = p.Write(msg)
		require.NoError(t, err)
		var reply [7]byte
		_ = p.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err = p.Read(reply[:])
		require.NoError(t, err)
		conns = append(conns, <-served)
	}
	time.Sleep(50 * time.Millisecond) // let every reader settle into its wait
	after := measure()
	return float64(after-before) / float64(n)
}

// An idle connection holds no read or write buffer: its cost is its
// goroutine and bookkeeping, under 8 KiB (issue 2's budget), on both sides of
// loopback (the raw client side is counted too).
func TestIdleConnectionMemory(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("memory figures are meaningless under -race; skipped with -short")
	}
	per := idleCost(t, 500)
	t.Logf("%.0f bytes per idle connection (server Conn + goroutine + both socket objects)", per)
	require.Less(t, per, 8*1024.0)
}

// Read makes room for a message as its bytes arrive, never for what its
// header declares alone: with a sixteenth of a declared 16 MiB frame sent, the
// reader holds at most four times what arrived, and the whole message then
// reads back intact.
func TestReadGrowsWithArrivals(t *testing.T) {
	if raceEnabled {
		t.Skip("memory figures are meaningless under -race")
	}
	a, b := net.Pipe()
	c := conn.New(a, nil)
	defer c.CloseNow()
	defer b.Close()
	const size, sent = 16 << 20, 1<<20 + 1
	msg := payload(size)
	key := [4]byte{9, 8, 7, 6}
	wire := frame.AppendFrame(nil, frame.Header{Fin: true, Opcode: frame.OpBinary, Masked: true, Key: key, Length: size}, msg)
	heap := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	before := heap()
	type result struct {
		msg []byte
		err error
	}
	got := make(chan result, 1)
	go func() {
		_, m, err := c.Read(context.Background())
		got <- result{m, err}
	}()
	head := len(wire) - size
	_, err := b.Write(wire[:head+sent]) // net.Pipe: returns once read
	require.NoError(t, err)
	held := heap() - before
	t.Logf("%d KiB held with %d KiB of a %d KiB message arrived", held>>10, sent>>10, size>>10)
	require.Less(t, held, int64(4*sent+64<<10), "room made for more than the bytes that arrived justify")
	_, err = b.Write(wire[head+sent:])
	require.NoError(t, err)
	r := <-got
	require.NoError(t, r.err)
	require.Equal(t, msg, r.msg)
}
