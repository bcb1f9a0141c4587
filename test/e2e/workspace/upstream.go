package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
)

// startUpstream serves the service this one depends on, on a loopback port,
// with keep-alive on (the default) and no idle timeout, and returns its URL.
func startUpstream() (string, error) {
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
