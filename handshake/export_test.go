package handshake

import (
	"net/http"
	"net/url"
)

// SetEnvironmentProxy replaces the proxy lookup of the default client for
// a test and returns the function that restores it.
func SetEnvironmentProxy(f func(*http.Request) (*url.URL, error)) (restore func()) {
	old := environmentProxy
	environmentProxy = f
	return func() { environmentProxy = old }
}

// PendingHosts reports how many hosts have a handshake in progress or
// waiting.
func PendingHosts() int { return pendingHosts() }

// HostKey is hostKey for a raw URL.
func HostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return hostKey(u)
}
