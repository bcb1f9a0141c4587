package main

import (
	"io"
	"log"
	"net/http"
	"time"
)

// client is shared by all the built-in traffic: one Transport, reused, as it
// should be. The leak is on the server side of /api/status, not here.
var client = &http.Client{Timeout: 10 * time.Second}

// traffic plays the users of /api/status.
type traffic struct {
	url  string
	left int
}

func newTraffic(url string, max int) *traffic {
	return &traffic{url: url, left: max}
}

// burst makes n requests one after the other (fewer when the budget runs out).
func (t *traffic) burst(n int) {
	for i := 0; i < n && t.left > 0; i++ {
		t.call()
	}
}

// every makes one request per interval in the background until the budget runs out.
func (t *traffic) every(interval time.Duration) {
	go func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for range ticker.C {
			if t.left <= 0 {
				return
			}
			t.call()
		}
	}()
}

func (t *traffic) call() {
	t.left--
	resp, err := client.Get(t.url)
	if err != nil {
		log.Printf("GET %s: %v", t.url, err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}
