// Package wsclient is the load generator's own minimal WebSocket client:
// a handwritten opening handshake, frames masked once ahead of time, and a
// streaming parser that only counts the messages the server echoes.
//
// It is deliberately not a general client: it trusts the server it measures,
// never unmasks or inflates what it receives, and keeps no per-message state
// beyond the header it is in the middle of, so that the load generator spends
// as little CPU per message as possible and the same amount for every library.
package wsclient

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// Opcodes used by the load generator (RFC 6455, Section 5.2).
const (
	OpText   = 0x1
	OpBinary = 0x2
	OpClose  = 0x8
)

// ErrClosed is returned by Parser.Feed when the server sent a Close frame.
var ErrClosed = errors.New("wsclient: server sent close")

// HandshakeError reports a refused or malformed opening handshake.
type HandshakeError struct {
	Status string
	Err    error
}

func (e *HandshakeError) Error() string {
	return fmt.Sprintf("wsclient: handshake (status %q): %v", e.Status, e.Err)
}

func (e *HandshakeError) Unwrap() error { return e.Err }

// Handshake runs the client side of the opening handshake on c for
// ws://host/path. With deflate it offers permessage-deflate the way browsers
// do (context takeover in both directions). It returns the bytes read past
// the response, which belong to the first frames, and whether the server
// accepted compression.
func Handshake(c net.Conn, host, path string, deflate bool) (rest []byte, compressed bool, err error) {
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, false, err
	}
	key := base64.StdEncoding.EncodeToString(nonce[:])
	var req strings.Builder
	fmt.Fprintf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n", path, host, key)
	if deflate {
		req.WriteString("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")
	}
	req.WriteString("\r\n")
	if _, err := c.Write([]byte(req.String())); err != nil {
		return nil, false, err
	}
	br := bufio.NewReaderSize(c, 4096)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return nil, false, &HandshakeError{Err: err}
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return nil, false, &HandshakeError{Status: resp.Status, Err: errors.New("not 101")}
	}
	if got, want := resp.Header.Get("Sec-WebSocket-Accept"), acceptKey(key); got != want {
		return nil, false, &HandshakeError{Status: resp.Status, Err: fmt.Errorf("accept %q, want %q", got, want)}
	}
	compressed = strings.Contains(resp.Header.Get("Sec-WebSocket-Extensions"), "permessage-deflate")
	if n := br.Buffered(); n > 0 {
		rest, _ = br.Peek(n)
		rest = bytes.Clone(rest)
	}
	return rest, compressed, nil
}

// RFC 6455, Section 1.3: the accept value is SHA-1 of key and the GUID.
func acceptKey(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// AppendFrame appends one final, masked client frame carrying payload.
// With compressed it sets RSV1: the payload must already be deflated.
func AppendFrame(dst []byte, op byte, payload []byte, compressed bool) []byte {
	b0 := 0x80 | op
	if compressed {
		b0 |= 0x40
	}
	n := len(payload)
	switch {
	case n < 126:
		dst = append(dst, b0, 0x80|byte(n))
	case n <= 0xffff:
		dst = append(dst, b0, 0x80|126, byte(n>>8), byte(n))
	default:
		dst = append(dst, b0, 0x80|127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	var key [4]byte
	if _, err := rand.Read(key[:]); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	dst = append(dst, key[:]...)
	for i, c := range payload {
		dst = append(dst, c^key[i&3])
	}
	return dst
}

// Deflate compresses one message as RFC 7692 Section 7.2.1 describes: a
// raw DEFLATE stream flushed to a byte boundary with its final empty stored
// block's 4 bytes removed. The result needs no window from earlier
// messages, so it can be sent any number of times with or without context
// takeover.
func Deflate(p []byte) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		panic(err) // only for an invalid level
	}
	w.Write(p)
	w.Flush()
	return bytes.TrimSuffix(buf.Bytes(), []byte{0, 0, 0xff, 0xff})
}

// Parser counts the messages in a stream of server frames fed to it in
// arbitrary pieces. The zero value is ready to use.
type Parser struct {
	hdr  [14]byte
	have int   // header bytes collected so far
	skip int64 // payload bytes left in the current frame
	fin  bool  // the current frame ends a data message
}

// Feed consumes b and returns how many complete data messages ended in it.
// Control frames other than Close are skipped; a Close returns ErrClosed.
func (p *Parser) Feed(b []byte) (int, error) {
	msgs := 0
	for len(b) > 0 {
		if p.skip > 0 {
			if int64(len(b)) < p.skip {
				p.skip -= int64(len(b))
				return msgs, nil
			}
			b = b[p.skip:]
			p.skip = 0
			if p.fin {
				msgs++
			}
			continue
		}
		// Fast path: a whole header in b and nothing collected yet.
		h := b
		direct := p.have == 0 && len(b) >= 14
		if !direct {
			for {
				need := 2
				if p.have >= 2 {
					need = headerLen(p.hdr[1])
				}
				if p.have == need {
					break
				}
				if len(b) == 0 {
					return msgs, nil
				}
				k := copy(p.hdr[p.have:need], b)
				p.have += k
				b = b[k:]
			}
			h = p.hdr[:p.have]
		}
		n, length := parse(h)
		if direct {
			b = b[n:]
		}
		p.have = 0
		op := h[0] & 0x0f
		if op == OpClose {
			return msgs, ErrClosed
		}
		p.fin = h[0]&0x80 != 0 && op < 0x8
		if length == 0 {
			if p.fin {
				msgs++
			}
			continue
		}
		p.skip = length
	}
	return msgs, nil
}

// headerLen returns the header length announced by its second byte.
func headerLen(b1 byte) int {
	n := 2
	switch b1 & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if b1&0x80 != 0 {
		n += 4
	}
	return n
}

// parse decodes a complete header at the start of h.
func parse(h []byte) (n int, length int64) {
	n = 2
	length = int64(h[1] & 0x7f)
	switch length {
	case 126:
		length = int64(binary.BigEndian.Uint16(h[2:]))
		n += 2
	case 127:
		length = int64(binary.BigEndian.Uint64(h[2:]) &^ (1 << 63))
		n += 8
	}
	if h[1]&0x80 != 0 {
		n += 4
	}
	return n, length
}
