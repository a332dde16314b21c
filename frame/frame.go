package frame

import (
	"io"

	"github.com/hybi-go/websocket/mask"
)

// Frame is a header with its payload. Payload holds the unmasked data.
type Frame struct {
	Header
	Payload []byte
}

// AppendFrame appends the wire form of a frame to dst: h with its Length set
// to len(payload), then the payload, masked with h.Key when h.Masked. The
// caller's payload is never modified.
func AppendFrame(dst []byte, h Header, payload []byte) []byte {
	h.Length = int64(len(payload))
	dst = AppendHeader(dst, h)
	start := len(dst)
	dst = append(dst, payload...)
	if h.Masked {
		mask.Apply(h.Key, 0, dst[start:])
	}
	return dst
}

// WriteFrame writes f to w in one Write call, with the header's Length set to
// len(f.Payload) and the payload masked when f.Masked. f.Payload is not modified.
func WriteFrame(w io.Writer, f Frame) error {
	_, err := w.Write(AppendFrame(make([]byte, 0, MaxHeaderLen+len(f.Payload)), f.Header, f.Payload))
	return err
}

// ReadFrame reads one frame from r and returns it with its payload unmasked.
// A payload longer than max returns ErrTooLarge before anything is allocated
// for it, so a peer's declared length never decides an allocation. ReadFrame
// checks no rule beyond those of [ParseHeader]; see [Header.Check].
func ReadFrame(r io.Reader, max int64) (Frame, error) {
	h, err := ReadHeader(r)
	if err != nil {
		return Frame{}, err
	}
	if h.Length > max {
		return Frame{Header: h}, ErrTooLarge
	}
	p := make([]byte, h.Length)
	if _, err := io.ReadFull(r, p); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return Frame{Header: h}, err
	}
	if h.Masked {
		mask.Apply(h.Key, 0, p)
	}
	return Frame{Header: h, Payload: p}, nil
}
