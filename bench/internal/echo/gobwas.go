package echo

import (
	"bufio"
	"io"
	"net"
	"net/http"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// maxLoopPayload bounds the frame loop's buffer: the loop trusts the
// declared length, as gobwas's low-level example does, but not without limit.
const maxLoopPayload = 64 << 20

// gobwasLoop is gobwas's low-level frame loop (ws.Upgrade on the raw
// connection, ws.ReadHeader, ws.Cipher, ws.WriteHeader) with buffered reads
// and a flush only when no more input is buffered: the fastest shape a
// careful user writes. It answers pings and closes but checks no UTF-8.
func gobwasLoop(c net.Conn) {
	defer c.Close()
	if _, err := ws.Upgrade(c); err != nil {
		return
	}
	br := bufio.NewReaderSize(c, 4096)
	bw := bufio.NewWriterSize(c, 4096)
	var payload []byte
	for {
		h, err := ws.ReadHeader(br)
		if err != nil || h.Length > maxLoopPayload {
			return
		}
		if int64(cap(payload)) < h.Length {
			payload = make([]byte, h.Length)
		}
		p := payload[:h.Length]
		if _, err := io.ReadFull(br, p); err != nil {
			return
		}
		if h.Masked {
			ws.Cipher(p, h.Mask, 0)
			h.Masked = false
		}
		switch h.OpCode {
		case ws.OpClose:
			_ = ws.WriteFrame(bw, ws.NewCloseFrame(p))
			_ = bw.Flush()
			return
		case ws.OpPing:
			h.OpCode = ws.OpPong
		case ws.OpPong:
			continue
		}
		if err := ws.WriteHeader(bw, h); err != nil {
			return
		}
		if _, err := bw.Write(p); err != nil {
			return
		}
		if br.Buffered() == 0 {
			if err := bw.Flush(); err != nil {
				return
			}
		}
	}
}

// gobwasWsutil is the wsutil example of gobwas's README: ws.UpgradeHTTP,
// then wsutil.ReadClientData and wsutil.WriteServerMessage on the
// unbuffered connection. wsutil checks UTF-8 by default.
func gobwasWsutil(Options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, _, err := ws.UpgradeHTTP(r, w)
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			for {
				msg, op, err := wsutil.ReadClientData(c)
				if err != nil {
					return
				}
				if err := wsutil.WriteServerMessage(c, op, msg); err != nil {
					return
				}
			}
		}()
	})
}
