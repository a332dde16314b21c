package handshake

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"sync"
)

// RFC 6455, Section 4.1, client requirement 2 (as corrected by the verified
// erratum 3473): there must be no more than one connection in the
// CONNECTING state for any IP address and port pair; simultaneous attempts
// are serialized. The request goes out through an *http.Client whose
// transport, dialer or proxy resolves the host name, so Dial cannot know
// the address that will be used; as the RFC prescribes for that case, each
// host name counts as a distinct remote host. An IP literal counts in its
// canonical form, so "[::1]" and "[0:0::1]" are one host.

// connecting holds a turn per host and port with a handshake in progress.
var connecting = struct {
	sync.Mutex
	turns map[string]*turn
}{turns: map[string]*turn{}}

// turn admits one handshake at a time; users counts the one in progress
// and those waiting, so the entry goes when nobody needs it.
type turn struct {
	slot  chan struct{}
	users int
}

// hostKey returns the host and port that u connects to.
func hostKey(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	if a, err := netip.ParseAddr(host); err == nil {
		host = a.Unmap().String()
	}
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" || u.Scheme == "wss" {
			port = "443"
		}
	}
	return net.JoinHostPort(host, port)
}

// waitTurn waits until no other handshake to key is in progress, or ctx
// ends. On success the caller runs its handshake and then calls done.
func waitTurn(ctx context.Context, key string) (done func(), err error) {
	connecting.Lock()
	t := connecting.turns[key]
	if t == nil {
		t = &turn{slot: make(chan struct{}, 1)}
		connecting.turns[key] = t
	}
	t.users++
	connecting.Unlock()
	leave := func() {
		connecting.Lock()
		if t.users--; t.users == 0 {
			delete(connecting.turns, key)
		}
		connecting.Unlock()
	}
	select {
	case t.slot <- struct{}{}:
		return func() { <-t.slot; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}

// pendingHosts reports how many host and port pairs have a handshake in
// progress or waiting, for tests.
func pendingHosts() int {
	connecting.Lock()
	defer connecting.Unlock()
	return len(connecting.turns)
}
