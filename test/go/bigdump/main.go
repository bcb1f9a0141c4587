// Command bigdump parks a large number of goroutines in about fifty realistic
// stack shapes and then writes the whole goroutine dump, uncapped, to a file
// (-out) and/or serves net/http/pprof (-addr). It feeds Goroutine Lens's
// benchmark (scripts/bench.mjs).
//
// The file is what runtime.Stack(buf, true) writes — the same text as
// /debug/pprof/goroutine?debug=2 — but uncapped: with Go 1.19 the pprof
// endpoint stops at 64 MiB, mid-line, about a third of the way through a
// 100 000-goroutine dump, so a benchmark must not read it from there.
//
// Usage:
//
//	bigdump -n 100000 -out dump.txt        # write the dump and exit
//	bigdump -n 1000 -addr 127.0.0.1:6060   # serve pprof until killed
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"

	"example.com/bigdump/internal/chain"
	"example.com/bigdump/internal/rpc"
)

func main() {
	n := flag.Int("n", 100000, "goroutines to park in the shapes (the dump holds a few more: main, the servers)")
	nShapes := flag.Int("shapes", len(shapes), fmt.Sprintf("use the first N of the %d shapes (biggest groups first)", len(shapes)))
	out := flag.String("out", "", "write the uncapped runtime.Stack(all) text to `FILE`, then exit unless -addr is set")
	addr := flag.String("addr", "", "serve net/http/pprof on `HOST:PORT` (default 127.0.0.1:0 when -out is not set)")
	maxConns := flag.Int("conns", 2000, "at most `N` loopback TCP connections (2 file descriptors each) for the IO-wait shapes; their surplus goes to the biggest shape")
	verbose := flag.Bool("v", false, "print the plan (goroutines per shape)")
	flag.Parse()
	if *n < 1 || *nShapes < 1 || *nShapes > len(shapes) || *maxConns < 0 {
		fmt.Fprintf(os.Stderr, "bigdump: need -n >= 1, 1 <= -shapes <= %d, -conns >= 0\n", len(shapes))
		os.Exit(2)
	}
	if *out == "" && *addr == "" {
		*addr = "127.0.0.1:0"
	}

	start := time.Now()
	counts := plan(*n, *nShapes, *maxConns)
	if *verbose {
		for i, c := range counts {
			fmt.Fprintf(os.Stderr, "%8d  %s\n", c, shapes[i].name)
		}
	}
	if err := park(counts); err != nil {
		fmt.Fprintf(os.Stderr, "bigdump: %v\n", err)
		os.Exit(1)
	}
	logf("parked %d goroutines in %d shapes in %.1fs", *n, *nShapes, time.Since(start).Seconds())

	if *out != "" {
		if err := writeDump(*out, *n); err != nil {
			fmt.Fprintf(os.Stderr, "bigdump: %v\n", err)
			os.Exit(1)
		}
	}
	if *addr != "" {
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bigdump: %v\n", err)
			os.Exit(1)
		}
		fmt.Printf("listening on http://%s/debug/pprof/goroutine?debug=2\n", ln.Addr())
		if err := http.Serve(ln, nil); err != nil {
			fmt.Fprintf(os.Stderr, "bigdump: %v\n", err)
			os.Exit(1)
		}
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bigdump: "+format+"\n", args...)
}

// park starts every shape's goroutines and returns once they are all parked.
func park(counts []int) error {
	// A signal.Notify goroutine, as most services have one.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGHUP)

	var want int64
	var tcp, leak int
	for i, c := range counts {
		switch shapes[i].kind {
		case tcpRead:
			tcp += c
		case persistConn:
			leak += c / 3
			continue
		}
		want += int64(c)
	}
	if tcp > 0 {
		if err := dialLoopback(tcp); err != nil {
			return err
		}
	}
	for i, c := range counts {
		s := shapes[i]
		if s.kind == persistConn {
			continue
		}
		for j := 0; j < c; j++ {
			s.spawn(&chain.Path{Steps: s.steps, Depth: s.depth})
		}
	}
	if leak > 0 {
		if err := leakTransports(leak); err != nil {
			return err
		}
	}
	deadline := time.Now().Add(10 * time.Minute)
	for chain.ParkedCount() < want {
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d of %d goroutines parked after 10 minutes", chain.ParkedCount(), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// serverConns keeps the accepted ends of the loopback connections reachable:
// a net.Conn that is garbage collected closes its file descriptor.
var serverConns []net.Conn

// dialLoopback opens n loopback TCP connections for rpc.ReadTCP; the server
// ends are held, never written to, so the readers sit in IO wait.
func dialLoopback(n int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	rpc.TCPConns = make(chan net.Conn, n)
	accepted := make(chan error, 1)
	go func() {
		for i := 0; i < n; i++ {
			c, err := ln.Accept()
			if err != nil {
				accepted <- err
				return
			}
			serverConns = append(serverConns, c)
		}
		accepted <- nil
	}()
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return fmt.Errorf("dial loopback %d of %d: %w (raise ulimit -n or lower -conns)", i+1, n, err)
		}
		rpc.TCPConns <- c
	}
	return <-accepted
}

// leakTransports serves HTTP on loopback and makes n calls through
// rpc.FetchStatus, each with its own http.Transport, leaking n kept-alive
// connections: n readLoop, n writeLoop and n server conn goroutines.
func leakTransports(n int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	go func() { _ = (&http.Server{Handler: mux}).Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/status"

	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := rpc.FetchStatus(url); err != nil {
					errs <- fmt.Errorf("leak call %d of %d: %w (raise ulimit -n or lower -conns)", i+1, n, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// writeDump writes runtime.Stack(all) to path. It grows the buffer until the
// text fits (runtime.Stack fills the buffer exactly when it is cut) and, while
// any goroutine is still [runnable] (not parked yet), waits and takes it again.
func writeDump(path string, n int) error {
	size := n*2500 + 1<<20
	var buf []byte
	for attempt := 1; ; attempt++ {
		if len(buf) < size {
			buf = nil
			runtime.GC()
			buf = make([]byte, size)
		}
		t := time.Now()
		m := runtime.Stack(buf, true)
		took := time.Since(t)
		if m >= len(buf) {
			logf("dump cut at %d MB; growing the buffer", m>>20)
			size = len(buf) * 2
			continue
		}
		text := buf[:m]
		if r := bytes.Count(text, []byte("[runnable")); r > 0 && attempt < 10 {
			logf("%d goroutines still runnable; waiting", r)
			time.Sleep(time.Duration(attempt) * 200 * time.Millisecond)
			continue
		}
		goroutines := bytes.Count(text, []byte("\n\ngoroutine ")) + 1
		if err := os.WriteFile(path, text, 0o644); err != nil {
			return err
		}
		logf("wrote %s: %d goroutines, %d bytes (%.1f MB), runtime.Stack took %.1fs", path, goroutines, m, float64(m)/1e6, took.Seconds())
		return nil
	}
}

// startBackground starts one goroutine whose entry is a plain function.
func startBackground(p *chain.Path) { go background(p) }

//go:noinline
func background(p *chain.Path) { p.Next()(p) }
