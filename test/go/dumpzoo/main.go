// Command dumpzoo is a real Go program whose goroutine dumps are the test
// fixtures of Goroutine Lens.
//
// It serves net/http/pprof on -addr and, before it says it is listening:
//
//   - leaks -leaks keep-alive connections the classic way: fetchStatus builds a
//     new http.Transport on every call, so each call leaves one idle connection
//     held by a (*persistConn).readLoop and a (*persistConn).writeLoop goroutine
//     on the client side and a (*conn).serve goroutine on the server side;
//   - unless -zoo=false, parks a zoo of goroutines in every wait state this Go
//     version can print, each in a named function (see zoo.go).
//
// Every goroutine it starts stays blocked forever, so dumps taken one after the
// other (debug=2, debug=1, debug=0) show the same groups. It prints exactly one
// line, "listening on http://127.0.0.1:PORT", and runs until it is killed.
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
	addr := flag.String("addr", "127.0.0.1:0", "address of the pprof HTTP server")
	leaks := flag.Int("leaks", 40, "number of keep-alive connections to leak with a Transport built per call")
	zoo := flag.Bool("zoo", true, "also park the zoo of goroutines in every wait state")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("dumpzoo: ")

	backend, err := startBackend()
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < *leaks; i++ {
		if _, err := fetchStatus(backend); err != nil {
			log.Fatalf("leak %d: %v", i, err)
		}
	}
	if *zoo {
		if err := startZoo(); err != nil {
			log.Fatal(err)
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// Give the goroutines started above time to reach their parking spot.
	time.Sleep(200 * time.Millisecond)
	// os.Stdout is not buffered: the line is out as soon as Printf returns.
	fmt.Printf("listening on http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
