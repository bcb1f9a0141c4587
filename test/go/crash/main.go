// Command crash dies in the ways Go programs die, so that Goroutine Lens has
// real tracebacks to parse. The mode is the first argument:
//
//	panic            parks goroutines, then panics from a nested call
//	panic-recovered  recovers a panic and panics again: "panic: ... [recovered]"
//	fatal            "fatal error: all goroutines are asleep - deadlock!"
//	nilderef         a nil pointer dereference: "[signal SIGSEGV: ...]"
//	sigquit          parks goroutines, prints "ready", waits for SIGQUIT
//	race             a data race (build with -race), then a panic
//	stackoverflow    unbounded recursion: "fatal error: stack overflow", a
//	                 runtime throw, so the runtime prints its own frames
//
// Run it with GOTRACEBACK=all (or system) to see every goroutine.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: crash panic|panic-recovered|fatal|nilderef|sigquit|race|stackoverflow")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "panic":
		parkGoroutines()
		handleRequest(&request{path: "/api/v1/orders", port: "http"})
	case "panic-recovered":
		parkGoroutines()
		serveSafely(&request{path: "/api/v1/orders", port: "http"})
	case "fatal":
		deadlock()
	case "nilderef":
		parkGoroutines()
		var s *session
		fmt.Println(s.user())
	case "sigquit":
		parkGoroutines()
		fmt.Println("ready")
		for {
			time.Sleep(time.Hour)
		}
	case "race":
		race()
	case "stackoverflow":
		parkGoroutines()
		debug.SetMaxStack(1 << 20) // fail fast, at 1 MB instead of 1 GB
		fmt.Println(descend(0))
	default:
		fmt.Fprintf(os.Stderr, "crash: unknown mode %q\n", os.Args[1])
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "crash: the program should have died")
	os.Exit(1)
}

// forever is never closed and never sent to.
var forever = make(chan struct{})

// parkGoroutines starts goroutines that stay blocked (a channel receive, a
// select, a sleep and a closure) and returns once they are about to block.
// It also runs the garbage collector once.
func parkGoroutines() {
	var ready sync.WaitGroup
	jobs := make(chan string)
	results := make(chan string) // nobody receives from it
	ready.Add(3 + 1 + 1 + 1)
	for i := 0; i < 3; i++ {
		go consumer(jobs, &ready)
	}
	go dispatcher(results, &ready)
	go heartbeat(&ready)
	go func() {
		ready.Done()
		<-forever
	}()
	ready.Wait()
	// A collection starts the GC's background mark workers, one per P, which
	// GOTRACEBACK=system (and SIGQUIT) show as [GC worker (idle)].
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
}

func consumer(jobs <-chan string, ready *sync.WaitGroup) {
	ready.Done()
	for j := range jobs {
		fmt.Println("unreachable", j)
	}
}

func dispatcher(results chan<- string, ready *sync.WaitGroup) {
	ready.Done()
	select {
	case results <- "never":
	case <-forever:
	}
}

func heartbeat(ready *sync.WaitGroup) {
	ready.Done()
	time.Sleep(100000 * time.Hour)
}

// --- panic ----------------------------------------------------------------------

type request struct {
	path string
	port string
}

type configError struct {
	key, value string
}

func (e *configError) Error() string {
	return fmt.Sprintf("config: invalid value %q for %s: want a port number", e.value, e.key)
}

func handleRequest(r *request) {
	loadConfig(r)
}

func loadConfig(r *request) {
	parsePort(r.port)
}

//go:noinline
func parsePort(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			panic(&configError{key: "listen.port", value: s})
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// serveSafely recovers the panic, as an HTTP middleware would, and then
// panics again with the same value: Go prints "panic: ... [recovered]".
func serveSafely(r *request) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintln(os.Stderr, "serveSafely: recovered, re-panicking")
			panic(v)
		}
	}()
	handleRequest(r)
}

// --- fatal error ------------------------------------------------------------------

// deadlock blocks every goroutine on channels and locks, with no timer
// pending (a sleeping goroutine would hide the deadlock): the runtime stops the
// program with "fatal error: all goroutines are asleep - deadlock!".
func deadlock() {
	var ready sync.WaitGroup
	jobs := make(chan string)
	results := make(chan string)
	ready.Add(2 + 1 + 1)
	for i := 0; i < 2; i++ {
		go consumer(jobs, &ready)
	}
	go dispatcher(results, &ready)
	var mu sync.Mutex
	mu.Lock() // never unlocked
	go lockWaiter(&mu, &ready)
	ready.Wait()

	var wg sync.WaitGroup
	wg.Add(1) // never Done
	wg.Wait()
}

func lockWaiter(mu *sync.Mutex, ready *sync.WaitGroup) {
	ready.Done()
	mu.Lock()
	defer mu.Unlock()
}

// --- nil pointer dereference -------------------------------------------------------

type session struct {
	name string
}

//go:noinline
func (s *session) user() string {
	return s.name
}

// --- stack overflow ------------------------------------------------------------------

// descend recurses until the goroutine's stack exceeds its limit.
//
//go:noinline
func descend(n int) int {
	var pad [64]byte
	pad[n%64] = byte(n)
	return descend(n+1) + int(pad[0])
}

// --- data race ----------------------------------------------------------------------

var hits int

// race writes hits from two goroutines without synchronisation; the race
// detector reports it. Then the program panics so that the output also has a
// traceback of every goroutine.
func race() {
	parkGoroutines()
	done := make(chan struct{})
	go func() {
		hits++
		close(done)
	}()
	hits++
	<-done
	time.Sleep(100 * time.Millisecond)
	panic(fmt.Sprintf("race: hits=%d", hits))
}

// The race-only mode is handled here, at the end of the file, so that the
// line numbers the committed fixtures print for the code above stay true.
func init() {
	if len(os.Args) > 1 && os.Args[1] == "race-only" {
		raceOnly()
		os.Exit(0) // the race detector turns the exit status into 66
	}
}

var counts = map[string]int{}

// raceOnly has two goroutines write a counter and a map without
// synchronisation, waits for them and returns: the output is the race
// detector's reports alone (no traceback), then the exit status 66.
func raceOnly() {
	done := make(chan struct{}, 2)
	for i := 0; i < 2; i++ {
		go func() {
			hits++
			counts["x"]++
			done <- struct{}{}
		}()
	}
	<-done
	<-done
	time.Sleep(50 * time.Millisecond)
}
