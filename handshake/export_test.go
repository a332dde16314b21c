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
