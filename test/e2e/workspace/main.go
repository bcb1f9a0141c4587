// Command leaky is a small web service with the leak Goroutine Lens hunts: its
// /api/status handler checks an upstream service through a new http.Transport
// on every request (see status.go). Each request leaves one idle keep-alive
// connection behind, held forever by a (*persistConn).readLoop and a
// (*persistConn).writeLoop goroutine, so the goroutine count only grows.
//
// It serves net/http/pprof on -addr, so its goroutine dump is one request away:
//
//	go run . -addr 127.0.0.1:6060
//	curl 'http://127.0.0.1:6060/debug/pprof/goroutine?debug=2'
//
// A built-in client calls /api/status -warmup times at start and then once
// every -every, up to -max calls in all, as real traffic would.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6060", "address to serve the API and net/http/pprof on")
	warmup := flag.Int("warmup", 30, "requests to /api/status made at start")
	every := flag.Duration("every", 2*time.Second, "interval of the background requests to /api/status (0: none)")
	max := flag.Int("max", 500, "most requests to /api/status the built-in client makes")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("leaky: ")

	upstream, err := startUpstream()
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/api/status", &statusHandler{upstream: upstream})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	base := fmt.Sprintf("http://%s", ln.Addr())
	go func() { log.Fatal(http.Serve(ln, nil)) }()

	traffic := newTraffic(base+"/api/status", *max)
	traffic.burst(*warmup)
	// os.Stdout is not buffered: the line is out as soon as Printf returns.
	fmt.Printf("listening on %s\n", base)
	if *every > 0 {
		traffic.every(*every)
	}
	select {}
}
