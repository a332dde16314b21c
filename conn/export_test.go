package conn

import (
	"io"

	"github.com/hybi-go/websocket/internal/deflate"
)

// NewCompressedForTest returns a Conn that negotiated permessage-deflate
// with context takeover and full windows.
func NewCompressedForTest(rwc io.ReadWriteCloser, cfg *Config) *Conn {
	if cfg == nil {
		cfg = &Config{}
	}
	return newConn(rwc, cfg, &deflate.Params{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, &CompressionOptions{})
}
