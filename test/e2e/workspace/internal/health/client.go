// Package health checks the services this one depends on. Its clients are
// the per-call Transport's other shapes: a constructor that hands a new
// Transport out to a caller that runs per request (check.go), and an
// exported one that nothing here calls.
package health

import (
	"net/http"
	"time"
)

// newClient builds the client a check uses, with a Transport of its own.
func newClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: 2},
		Timeout:   timeout,
	}
}

// NewPinger is for the package's users: fine if they call it once.
func NewPinger() *http.Client {
	return &http.Client{Transport: new(http.Transport)}
}
