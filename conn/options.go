package conn

import (
	"net/http"
	"time"
)

// Defaults for the fields of [Options].
const (
	DefaultReadLimit    = 32 << 20
	DefaultMaxFrames    = 1 << 17
	DefaultCloseTimeout = 5 * time.Second
)

// Options configure a connection in either role. A nil *Options, and the
// zero value of each field, mean the documented default.
type Options struct {
	// ReadLimit is the largest message accepted, in bytes, counted after
	// decompression. A larger message fails the connection with close code
	// 1009 as soon as the limit is passed, without allocating the length the
	// peer declared. Default DefaultReadLimit (32 MiB); a negative value
	// removes the limit.
	ReadLimit int64

	// MaxFrames is the most frames one message may arrive in, so a peer
	// cannot keep a message open forever with tiny or empty fragments.
	// Default DefaultMaxFrames (131072); negative removes the limit.
	MaxFrames int

	// CloseTimeout bounds the close handshake: how long Close waits for the
	// peer's Close frame, and how long writing our Close frame may block.
	// Default DefaultCloseTimeout (5s).
	CloseTimeout time.Duration

	// HeartbeatInterval turns on keepalive: when nothing has arrived from
	// the peer for this long, the connection sends a Ping. Zero (the
	// default) turns it off. Pongs are only seen while some goroutine is
	// reading messages, as with every control frame.
	HeartbeatInterval time.Duration

	// HeartbeatTimeout is how long after a heartbeat Ping the connection
	// waits for any frame from the peer before it fails the connection as
	// dead (ErrHeartbeatTimeout, reported as 1006). Default: equal to
	// HeartbeatInterval.
	HeartbeatTimeout time.Duration

	// OnPing, when set, is called with the payload of each Ping received,
	// before the automatic Pong is sent. It runs on the reading goroutine
	// and must not block; the payload is only valid during the call.
	OnPing func(payload []byte)

	// OnPong, when set, is called with the payload of each Pong received.
	// It runs on the reading goroutine and must not block.
	OnPong func(payload []byte)

	// Compression turns on permessage-deflate (RFC 7692) when not nil.
	Compression *CompressionOptions
}

// AcceptOptions configure [Accept].
type AcceptOptions struct {
	Options

	// Subprotocols the server speaks, in its order of preference. The first
	// one the client also offers is chosen; none means no subprotocol.
	Subprotocols []string

	// OriginPatterns are extra origins allowed besides the request's own
	// host, matched case-insensitively against the Origin header's host (with
	// its port, if any) as path.Match patterns, such as "*.example.com".
	// By default a browser request from another origin is refused with 403.
	OriginPatterns []string

	// InsecureSkipOriginCheck accepts any origin. Only set it when the
	// endpoint authenticates every request without cookies or other
	// ambient credentials: otherwise any web page can use the visitor's
	// session (cross-site WebSocket hijacking).
	InsecureSkipOriginCheck bool

	// Header holds extra headers for the 101 response.
	Header http.Header
}

// DialOptions configure [Dial].
type DialOptions struct {
	Options

	// HTTPClient performs the handshake request. Nil means a shared client
	// that takes proxies from the environment (HTTP_PROXY, HTTPS_PROXY,
	// NO_PROXY), speaks HTTP/1.1 and follows no redirects. A custom client's
	// transport must not negotiate HTTP/2 for this request.
	HTTPClient *http.Client

	// Header holds extra request headers, such as Origin, Cookie or
	// Authorization.
	Header http.Header

	// Subprotocols offered to the server, in order of preference.
	Subprotocols []string

	// HandshakeTimeout bounds the opening handshake when the Dial context
	// has no deadline of its own. Default DefaultHandshakeTimeout (30s).
	// A Dial that waits for another handshake to the same host (see
	// ConcurrentHandshakes) spends that wait within it.
	HandshakeTimeout time.Duration

	// ConcurrentHandshakes lets Dial run its handshake while another Dial to
	// the same host and port is in its own. By default it waits, as RFC 6455
	// (Section 4.1) requires: one connection in the CONNECTING state per
	// host. Setting it breaks that rule; it is for load generators and tests
	// that open many connections at once.
	ConcurrentHandshakes bool
}

// DefaultHandshakeTimeout is the default for DialOptions.HandshakeTimeout.
const DefaultHandshakeTimeout = 30 * time.Second

// resolved is Options with every default filled in.
type resolved struct {
	readLimit         int64
	maxFrames         int
	closeTimeout      time.Duration
	heartbeatInterval time.Duration
	heartbeatTimeout  time.Duration
	onPing, onPong    func([]byte)
}

func (o *Options) resolve() resolved {
	var r resolved
	if o != nil {
		r = resolved{o.ReadLimit, o.MaxFrames, o.CloseTimeout, o.HeartbeatInterval, o.HeartbeatTimeout, o.OnPing, o.OnPong}
	}
	switch {
	case r.readLimit == 0:
		r.readLimit = DefaultReadLimit
	case r.readLimit < 0:
		r.readLimit = 0
	}
	switch {
	case r.maxFrames == 0:
		r.maxFrames = DefaultMaxFrames
	case r.maxFrames < 0:
		r.maxFrames = 0
	}
	if r.closeTimeout <= 0 {
		r.closeTimeout = DefaultCloseTimeout
	}
	if r.heartbeatTimeout <= 0 {
		r.heartbeatTimeout = r.heartbeatInterval
	}
	return r
}
