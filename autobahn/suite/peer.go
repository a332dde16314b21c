package suite

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/mask"
)

type peerState int

const (
	stateOpen peerState = iota
	stateClosing
	stateClosed
)

// The official suite waits this long for the reply to its Close frame, and
// as a client this long for the server to close TCP after the handshake.
const (
	closeHandshakeTimeout = time.Second
	serverDropTimeout     = time.Second
)

// noCode marks a Close frame sent without a status code.
const noCode = -1

// Peer is the fuzzing end of one case's connection: it sends whatever the
// case script asks for, broken frames included, checks what comes back the
// way the official suite does, and records events, close state and a wire
// log. Its methods are called by case scripts, which always run with the
// peer's lock held, one at a time, like callbacks of an event loop.
type Peer struct {
	c        *Case
	conn     net.Conn
	br       *bufio.Reader
	isServer bool // the fuzzer is the server (it tests a client)
	scale    float64
	limit    int64

	mu            sync.Mutex
	wake          *sync.Cond // signals the writer
	state         peerState
	finished      bool
	expected      []Outcome
	expectedClose CloseExpectation
	received      []Event
	behavior      Verdict
	result        string

	closedByMe, failedByMe, droppedByMe, wasClean  bool
	wasNotCleanReason                              string
	wasCloseHandshakeTimeout, wasServerDropTimeout bool
	localCode, remoteCode                          int
	localReason, remoteReason                      *string
	remoteClosed                                   bool
	closeTimer                                     *time.Timer

	wirelogOn             bool
	wirelog               []any
	rxOctets, txOctets    map[int]int
	rxFrames, txFrames    map[int]int
	timers                []*time.Timer
	outq                  []outItem
	flushThenClose, abort bool
	autoFragment          int
	started               time.Time
	duration              time.Duration
	inMessage             bool
	msgOp                 frame.Opcode
	msg                   []byte
	utf8Checked           int
	sent                  int // messages a round-trip case has sent
	messages              int // messages a compression case sends
	dataPos               int // where a compression case cuts its next message
	lastSent              []byte
	deflate               *deflateCodec // nil: no permessage-deflate agreed
	msgCompressed         bool
	lost                  chan struct{}
}

type outItem struct {
	data []byte
	chop int
	sync bool
}

func newPeer(c *Case, hs opened, isServer bool, o *Options) *Peer {
	p := &Peer{
		c: c, conn: hs.conn, br: hs.br, isServer: isServer,
		scale: o.timeScale(), limit: o.maxPayload(), messages: o.compressionMessages(),
		behavior: VerdictFailed, result: "Actual events differ from any expected.",
		localCode: noCode, remoteCode: noCode,
		wirelogOn: true,
		rxOctets:  map[int]int{}, txOctets: map[int]int{},
		rxFrames: map[int]int{}, txFrames: map[int]int{},
		lost: make(chan struct{}),
	}
	if hs.deflate != nil {
		p.deflate = newDeflateCodec(*hs.deflate, isServer)
	}
	p.wake = sync.NewCond(&p.mu)
	return p
}

// run opens the case and blocks until the connection is gone, ctx is done
// or the hard deadline passes, whichever is first.
func (p *Peer) run(ctx context.Context, deadline time.Duration) {
	written := make(chan struct{})
	defer func() { <-written }() // the writer updates the statistics judge reads
	go func() {
		defer close(written)
		p.writeLoop()
	}()
	p.mu.Lock()
	p.started = time.Now()
	p.c.Open(p)
	p.mu.Unlock()
	go p.readLoop()
	t := time.NewTimer(deadline)
	defer t.Stop()
	select {
	case <-p.lost:
		return
	case <-t.C:
	case <-ctx.Done():
	}
	p.mu.Lock()
	p.wasNotCleanReason = "case exceeded its hard deadline or was cancelled"
	p.dropLocked(true)
	p.mu.Unlock()
	<-p.lost
}

// Expect adds an acceptable sequence of events and the verdict it earns.
func (p *Peer) Expect(v Verdict, events ...Event) {
	if events == nil {
		events = []Event{}
	}
	p.expected = append(p.expected, Outcome{Verdict: v, Events: events})
}

// ExpectClose states how the connection should end.
func (p *Peer) ExpectClose(e CloseExpectation) { p.expectedClose = e }

// SetBehavior sets the behaviour verdict directly, for cases (9.*) that
// judge by their own rules rather than by comparing events.
func (p *Peer) SetBehavior(v Verdict, result string) { p.behavior, p.result = v, result }

// Record appends ev to the observed events without further action.
func (p *Peer) Record(ev Event) { p.received = append(p.received, ev) }

// Wirelog turns the wire log on or off (the performance cases turn it off).
func (p *Peer) Wirelog(on bool) {
	if on != p.wirelogOn {
		p.wirelogOn = on
		p.wirelog = append(p.wirelog, []any{"WLM", on})
	}
}

// Out describes one frame to send exactly as given, however broken.
type Out struct {
	Opcode  frame.Opcode
	Fin     bool
	Rsv     byte // 0..7: RSV1 is 4, RSV3 is 1
	Payload []byte
	// RepeatTo, when positive, repeats Payload to this many bytes.
	RepeatTo int
	// Chop, when positive, writes the frame's octets in pieces of this size.
	Chop int
	// Sync writes the frame on its own rather than together with its
	// neighbours.
	Sync bool
}

// Send sends one frame as described. The fuzzer masks it when it plays the
// client.
func (p *Peer) Send(o Out) {
	payload := o.Payload
	if o.RepeatTo > 0 {
		payload = repeat(o.Payload, o.RepeatTo)
	}
	h := frame.Header{Fin: o.Fin, Rsv: o.Rsv, Opcode: o.Opcode, Length: int64(len(payload))}
	if !p.isServer {
		h.Masked = true
		h.Key = newKey()
	}
	b := frame.AppendFrame(make([]byte, 0, frame.MaxHeaderLen+len(payload)), h, payload)
	p.txFrames[int(o.Opcode)]++
	if p.wirelogOn {
		var key any
		if h.Masked {
			key = hexString(h.Key[:])
		}
		p.wirelog = append(p.wirelog, []any{"TF", logData(o.Payload), int(o.Opcode), o.Fin, int(o.Rsv), key,
			nullInt(o.RepeatTo), nullInt(o.Chop), o.Sync})
	}
	p.enqueue(outItem{data: b, chop: o.Chop, sync: o.Sync})
}

// Frame sends one unfragmented frame with opcode op and payload b.
func (p *Peer) Frame(op frame.Opcode, b []byte) { p.Send(Out{Opcode: op, Fin: true, Payload: b}) }

// SendMessage sends a whole message, split into frames of at most fragment
// bytes when fragment is positive, else of the peer's auto-fragment size.
// With permessage-deflate agreed the message is compressed first and the
// compressed payload is split (RFC 7692, Section 6: RSV1 on the first frame
// only).
func (p *Peer) SendMessage(op frame.Opcode, b []byte, fragment int) {
	var rsv byte
	if p.deflate != nil {
		b, rsv = p.deflate.out.compress(b), rsv1
	}
	if fragment <= 0 {
		fragment = p.autoFragment
	}
	if fragment <= 0 || len(b) <= fragment {
		p.Send(Out{Opcode: op, Fin: true, Rsv: rsv, Payload: b})
		return
	}
	for i := 0; i < len(b); i += fragment {
		end := min(i+fragment, len(b))
		code := frame.OpContinuation
		if i == 0 {
			code = op
		}
		p.Send(Out{Opcode: code, Fin: end == len(b), Rsv: rsv, Payload: b[i:end]})
		rsv = 0
	}
}

// rsv1 is the RSV bit permessage-deflate uses (RFC 7692, Section 6).
const rsv1 byte = 4

// SetAutoFragment makes SendMessage split messages into frames of n bytes.
func (p *Peer) SetAutoFragment(n int) { p.autoFragment = n }

// SendOctets sends raw bytes, for cases that cut one frame into pieces.
func (p *Peer) SendOctets(b []byte) { p.enqueue(outItem{data: b, sync: true}) }

// MaskedHeader returns the wire header for a frame that the case will send
// in pieces with SendOctets, and the function that masks those pieces in
// order.
func (p *Peer) MaskedHeader(h frame.Header) ([]byte, func([]byte) []byte) {
	if p.isServer {
		return frame.AppendHeader(nil, h), func(b []byte) []byte { return b }
	}
	h.Masked = true
	h.Key = newKey()
	pos := 0
	return frame.AppendHeader(nil, h), func(b []byte) []byte {
		c := append([]byte(nil), b...)
		pos = mask.Apply(h.Key, pos, c)
		return c
	}
}

// SendClose starts the closing handshake with code (noCode for none),
// as the official suite's sendClose does: only while the connection is open.
func (p *Peer) SendClose(code int) { p.sendCloseFrame(code, nil, false) }

// SendCloseFrame starts the closing handshake with a Close frame made of
// code (noCode for none) and reason, which need not be valid.
func (p *Peer) SendCloseFrame(code int, reason []byte) { p.sendCloseFrame(code, reason, false) }

func (p *Peer) sendCloseFrame(code int, reason []byte, reply bool) {
	if p.state != stateOpen {
		return
	}
	var payload []byte
	if code != noCode {
		payload = binary.BigEndian.AppendUint16(payload, uint16(code))
	}
	payload = append(payload, reason...)
	p.Frame(frame.OpClose, payload)
	p.state = stateClosing
	p.closedByMe = !reply
	p.localCode = code
	if reason != nil {
		s := string(reason)
		p.localReason = &s
	}
	if p.closedByMe {
		p.closeTimer = p.afterFunc(closeHandshakeTimeout, func() {
			p.wasCloseHandshakeTimeout = true
			if p.state != stateClosed {
				p.wasClean = false
				p.wasNotCleanReason = "peer did not respond (in time) in closing handshake"
				p.dropLocked(true)
			}
		})
	}
}

// Later runs fn after delay (scaled), unless the connection is gone by
// then; tag names the pause in the wire log.
func (p *Peer) Later(delay float64, tag string, fn func()) {
	p.wirelog = append(p.wirelog, []any{"CT", delay, nullString(tag)})
	p.afterFunc(p.scaled(delay), func() {
		if p.state != stateClosed {
			p.wirelog = append(p.wirelog, []any{"CTE", nullString(tag)})
			fn()
		}
	})
}

// KillAfter fails the connection after delay (scaled) if it still exists.
func (p *Peer) KillAfter(delay float64) {
	p.wirelog = append(p.wirelog, []any{"KL", delay})
	p.afterFunc(p.scaled(delay), func() {
		if p.state != stateClosed {
			p.wirelog = append(p.wirelog, []any{"KLE"})
			p.failConnection(int(frame.StatusGoingAway), "Going Away")
		}
	})
}

// CloseAfter starts the closing handshake after delay (scaled) if the
// connection is still open.
func (p *Peer) CloseAfter(delay float64) {
	p.wirelog = append(p.wirelog, []any{"TI", delay})
	p.afterFunc(p.scaled(delay), func() {
		if p.state != stateClosed {
			p.wirelog = append(p.wirelog, []any{"TIE"})
			p.SendClose(noCode)
		}
	})
}

func (p *Peer) scaled(s float64) time.Duration { return seconds(s * p.scale) }

// afterFunc runs fn with the lock held after d, unless the case is over.
func (p *Peer) afterFunc(d time.Duration, fn func()) *time.Timer {
	t := time.AfterFunc(d, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.finished {
			fn()
		}
	})
	p.timers = append(p.timers, t)
	return t
}

func (p *Peer) enqueue(it outItem) {
	p.outq = append(p.outq, it)
	p.wake.Signal()
}

// writeLoop writes the queue in order. Plain frames queued together go out
// in one write, chopped frames piece by piece, synced ones on their own: the
// script never blocks on the socket, so reading goes on while a large
// message is written.
func (p *Peer) writeLoop() {
	for {
		p.mu.Lock()
		for len(p.outq) == 0 && !p.flushThenClose && !p.abort {
			p.wake.Wait()
		}
		if p.abort || len(p.outq) == 0 {
			p.mu.Unlock()
			_ = p.conn.Close()
			return
		}
		items := p.outq
		p.outq = nil
		p.mu.Unlock()
		if err := p.writeItems(items); err != nil {
			_ = p.conn.Close()
			return
		}
	}
}

func (p *Peer) writeItems(items []outItem) error {
	var batch []byte
	for _, it := range items {
		if it.chop <= 0 && !it.sync {
			batch = append(batch, it.data...)
			continue
		}
		if err := p.write(batch, false); err != nil {
			return err
		}
		batch = nil
		if it.chop <= 0 {
			if err := p.write(it.data, true); err != nil {
				return err
			}
			continue
		}
		for b := it.data; len(b) > 0; {
			n := min(it.chop, len(b))
			if err := p.write(b[:n], true); err != nil {
				return err
			}
			b = b[n:]
		}
	}
	return p.write(batch, false)
}

func (p *Peer) write(b []byte, sync bool) error {
	if len(b) == 0 {
		return nil
	}
	p.mu.Lock()
	p.txOctets[len(b)]++
	if p.wirelogOn {
		p.wirelog = append(p.wirelog, []any{"TO", logOctets(b), sync})
	}
	p.mu.Unlock()
	_, err := p.conn.Write(b)
	return err
}

// dropLocked closes TCP: at once when abort, else after the queued writes.
func (p *Peer) dropLocked(abort bool) {
	if p.state == stateClosed {
		return
	}
	p.droppedByMe = true
	p.state = stateClosed
	if abort {
		p.abort = true
		_ = p.conn.Close()
	} else {
		p.flushThenClose = true
	}
	p.wake.Broadcast()
}

func (p *Peer) failConnection(code int, reason string) {
	if p.state == stateClosed {
		return
	}
	p.failedByMe = true
	if p.state != stateClosing {
		p.sendCloseFrame(code, []byte(truncate(reason, frame.MaxCloseReason)), false)
	} else {
		p.dropLocked(false)
	}
}

func (p *Peer) protocolViolation(reason string) {
	p.failConnection(int(frame.StatusProtocolError), reason)
}

func (p *Peer) invalidPayload(reason string) {
	p.failConnection(int(frame.StatusInvalidFramePayloadData), reason)
}

type rxLogger struct{ p *Peer }

func (r rxLogger) Read(b []byte) (int, error) {
	n, err := r.p.conn.Read(b)
	if n > 0 {
		r.p.mu.Lock()
		r.p.rxOctets[n]++
		if r.p.wirelogOn {
			r.p.wirelog = append(r.p.wirelog, []any{"RO", logOctets(b[:n])})
		}
		r.p.mu.Unlock()
	}
	return n, err
}

// readLoop reads frames until the connection ends, then judges the case.
func (p *Peer) readLoop() {
	defer close(p.lost)
	// Bytes the handshake reader already holds come first.
	var src io.Reader = rxLogger{p}
	if p.br != nil && p.br.Buffered() > 0 {
		held, _ := p.br.Peek(p.br.Buffered())
		src = io.MultiReader(bytesReader(append([]byte(nil), held...)), src)
	}
	p.readFrames(bufio.NewReaderSize(src, 64<<10))
	p.connectionLost()
	p.mu.Unlock()
}

// readFrames reads and handles the peer's frames until br fails or the
// peer breaks a rule that ends the connection. It returns with the lock
// held.
func (p *Peer) readFrames(br *bufio.Reader) {
	for {
		h, raw, err := readHeader(br)
		if err != nil {
			p.mu.Lock()
			if errors.Is(err, frame.ErrLengthOverflow) {
				p.protocolViolation("64-bit payload length with the most significant bit set")
			}
			return
		}
		if h.Length > p.limit {
			p.mu.Lock()
			p.failConnection(int(frame.StatusMessageTooBig), "frame larger than the fuzzer's limit")
			p.dropLocked(false)
			return
		}
		payload := make([]byte, h.Length)
		if _, err := io.ReadFull(br, payload); err != nil {
			p.mu.Lock()
			return
		}
		if h.Masked {
			mask.Apply(h.Key, 0, payload)
		}
		p.mu.Lock()
		p.onFrame(h, raw, payload)
		p.mu.Unlock()
	}
}

// readHeader reads one header and returns it with its raw bytes, which
// the minimal-length rule needs.
func readHeader(br *bufio.Reader) (frame.Header, []byte, error) {
	b, err := br.Peek(2)
	if err != nil {
		return frame.Header{}, nil, err
	}
	b, err = br.Peek(frame.HeaderLen(b))
	if err != nil {
		return frame.Header{}, nil, err
	}
	h, n, err := frame.ParseHeader(b)
	if err != nil {
		return h, nil, err
	}
	raw := append([]byte(nil), b[:n]...)
	_, _ = br.Discard(n)
	return h, raw, nil
}

func (p *Peer) connectionLost() {
	p.state = stateClosed
	p.finished = true
	p.duration = time.Since(p.started)
	for _, t := range p.timers {
		t.Stop()
	}
	p.abort = true
	p.wake.Broadcast()
	_ = p.conn.Close()
	if !p.wasClean && p.wasNotCleanReason == "" {
		p.wasNotCleanReason = "peer dropped the TCP connection without previous WebSocket closing handshake"
	}
}
