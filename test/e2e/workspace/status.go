package main

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// statusHandler answers /api/status with the upstream's status.
type statusHandler struct {
	upstream string
}

func (h *statusHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status, err := fetchStatus(h.upstream)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "upstream: %s", status)
}

// fetchStatus is the bug: it builds a new Transport on every call. The body is
// read and closed, so the connection goes back to this Transport's idle pool
// and stays there: nobody uses this Transport again and nobody closes its idle
// connections. The fix is one Transport (or one http.Client) for the package.
func fetchStatus(url string) (string, error) {
	client := &http.Client{
		Transport: &http.Transport{
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     0, // idle connections never time out
		},
		Timeout: 5 * time.Second,
	}
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("upstream answered %s", resp.Status)
	}
	return string(body), nil
}
