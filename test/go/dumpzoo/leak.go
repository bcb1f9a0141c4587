package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
)

// startBackend serves a tiny status endpoint on a loopback port, with
// keep-alive on (the default) and no idle timeout, and returns its URL.
func startBackend() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok\n")
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	return fmt.Sprintf("http://%s/status", ln.Addr()), nil
}

// fetchStatus is the bug Goroutine Lens hunts: it builds a new Transport on
// every call. The response body is read and closed, so the connection goes
// back to this Transport's idle pool, where it stays forever: nobody uses the
// Transport again, nobody closes its idle connections, and the connection's
// readLoop and writeLoop goroutines keep it alive.
func fetchStatus(url string) (string, error) {
	tr := &http.Transport{}
	client := http.Client{Transport: tr}
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	return string(body), nil
}
