package suite

import "time"

// Options tunes a run. A nil *Options means the defaults.
type Options struct {
	// TimeScale multiplies every timer a case arms (pauses, kill and close
	// timers). Default 1: the official suite's timings. Tests use less to run
	// fast; the closing-handshake timeouts (1s each) are not scaled.
	TimeScale float64
	// CaseTimeout bounds one case from the opening handshake to the end,
	// whatever the peer does. Default 2 minutes.
	CaseTimeout time.Duration
	// MaxPayload is the largest frame or message the fuzzer accepts from the
	// peer. Default 64 MiB.
	MaxPayload int64
	// CompressionMessages is how many messages each compression case
	// (12.*, 13.*) sends. Default 1000, as the official suite; tests use
	// fewer.
	CompressionMessages int
	// HandshakeTimeout bounds the opening handshake. Default 10 seconds.
	HandshakeTimeout time.Duration
}

func (o *Options) timeScale() float64 {
	if o == nil || o.TimeScale <= 0 {
		return 1
	}
	return o.TimeScale
}

func (o *Options) caseTimeout() time.Duration {
	if o == nil || o.CaseTimeout <= 0 {
		return 2 * time.Minute
	}
	return o.CaseTimeout
}

func (o *Options) maxPayload() int64 {
	if o == nil || o.MaxPayload <= 0 {
		return 64 << 20
	}
	return o.MaxPayload
}

func (o *Options) handshakeTimeout() time.Duration {
	if o == nil || o.HandshakeTimeout <= 0 {
		return 10 * time.Second
	}
	return o.HandshakeTimeout
}

func (o *Options) compressionMessages() int {
	if o == nil || o.CompressionMessages <= 0 {
		return 1000
	}
	return o.CompressionMessages
}
