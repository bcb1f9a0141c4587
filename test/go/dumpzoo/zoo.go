package main

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// forever is never closed and never sent to: receiving from it blocks for the
// life of the process.
var forever = make(chan struct{})

// keep holds everything the zoo's goroutines block on, so that nothing they
// need is ever collected (a net.Conn's finalizer would close its socket).
var keep []interface{}

// recursionDepth is deeper than the 100 frames a Go traceback prints, so the
// dump shows "...additional frames elided...".
const recursionDepth = 150

// startZoo parks goroutines in every wait state this Go version can print and
// returns once each of them is about to block.
func startZoo() error {
	var ready sync.WaitGroup
	starts := []func(*sync.WaitGroup) error{
		startChannels,
		startSync,
		startSleeper,
		startIOWait,
		startSyscall,
		startLocked,
		startRecursion,
		startClosures,
		startGenerics,
		startMethods,
		startLabeled,
	}
	for _, start := range starts {
		if err := start(&ready); err != nil {
			return err
		}
	}
	ready.Wait()
	return nil
}

// --- channels and select ---------------------------------------------------

func startChannels(ready *sync.WaitGroup) error {
	recv := make(chan int)
	send := make(chan int)
	a, b := make(chan int), make(chan string)
	keep = append(keep, recv, send, a, b)
	ready.Add(5 + 3 + 1 + 1 + 1)
	for i := 0; i < 5; i++ {
		go chanReceiver(recv, ready) // five identical goroutines: one group
	}
	for i := 0; i < 3; i++ {
		go chanSender(send, i, ready)
	}
	go selectWaiter(a, b, ready)
	go selectNoCases(ready)
	go nilChanReceiver(ready)
	return nil
}

func chanReceiver(ch <-chan int, ready *sync.WaitGroup) {
	ready.Done()
	v := <-ch
	fmt.Println("unreachable", v)
}

func chanSender(ch chan<- int, v int, ready *sync.WaitGroup) {
	ready.Done()
	ch <- v
}

func selectWaiter(a <-chan int, b <-chan string, ready *sync.WaitGroup) {
	ready.Done()
	select {
	case v := <-a:
		fmt.Println("unreachable", v)
	case s := <-b:
		fmt.Println("unreachable", s)
	}
}

func selectNoCases(ready *sync.WaitGroup) {
	ready.Done()
	select {}
}

func nilChanReceiver(ready *sync.WaitGroup) {
	var ch chan int
	ready.Done()
	<-ch
}

// --- sync ----------------------------------------------------------------------

func startSync(ready *sync.WaitGroup) error {
	mu := new(sync.Mutex)
	held := make(chan struct{})
	go mutexHolder(mu, held)
	<-held // the mutex is now locked for good

	var wg sync.WaitGroup
	wg.Add(1) // never Done
	cond := sync.NewCond(new(sync.Mutex))
	keep = append(keep, mu, &wg, cond)

	ready.Add(2 + 2 + 1)
	for i := 0; i < 2; i++ {
		go mutexWaiter(mu, ready)
	}
	for i := 0; i < 2; i++ {
		go waitGroupWaiter(&wg, ready)
	}
	go condWaiter(cond, ready)
	return nil
}

func mutexHolder(mu *sync.Mutex, held chan<- struct{}) {
	mu.Lock()
	close(held)
	<-forever
	mu.Unlock()
}

func mutexWaiter(mu *sync.Mutex, ready *sync.WaitGroup) {
	ready.Done()
	mu.Lock()
	defer mu.Unlock()
}

func waitGroupWaiter(wg *sync.WaitGroup, ready *sync.WaitGroup) {
	ready.Done()
	wg.Wait()
}

func condWaiter(cond *sync.Cond, ready *sync.WaitGroup) {
	cond.L.Lock()
	defer cond.L.Unlock()
	ready.Done()
	for {
		cond.Wait() // nobody ever signals
	}
}

// --- timers, network, system calls, threads ------------------------------------

func startSleeper(ready *sync.WaitGroup) error {
	ready.Add(1)
	go sleeper(ready)
	return nil
}

func sleeper(ready *sync.WaitGroup) {
	ready.Done()
	time.Sleep(100000 * time.Hour)
}

// startIOWait connects two loopback TCP sockets; ioWaiter reads from one and
// nobody ever writes to the other.
func startIOWait(ready *sync.WaitGroup) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return err
	}
	server, err := ln.Accept()
	if err != nil {
		return err
	}
	keep = append(keep, client, server)
	ready.Add(1)
	go ioWaiter(client, ready)
	return nil
}

func ioWaiter(conn net.Conn, ready *sync.WaitGroup) {
	buf := make([]byte, 1)
	ready.Done()
	n, err := conn.Read(buf)
	fmt.Println("unreachable", n, err)
}

// startSyscall makes a blocking pipe (syscall.Pipe does not set O_NONBLOCK) and
// reads from it with a raw system call, which the runtime shows as [syscall].
func startSyscall(ready *sync.WaitGroup) error {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		return err
	}
	keep = append(keep, fds) // plain ints: nothing ever closes them
	ready.Add(1)
	go syscallReader(fds[0], ready)
	return nil
}

func syscallReader(fd int, ready *sync.WaitGroup) {
	buf := make([]byte, 1)
	ready.Done()
	n, err := syscall.Read(fd, buf)
	fmt.Println("unreachable", n, err)
}

func startLocked(ready *sync.WaitGroup) error {
	ready.Add(1)
	go lockedWaiter(ready)
	return nil
}

// lockedWaiter's header shows ", locked to thread".
func lockedWaiter(ready *sync.WaitGroup) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ready.Done()
	<-forever
}

// --- stack shapes ------------------------------------------------------------

// startRecursion starts deepRecursion, which recurses recursionDepth levels
// and then blocks in a raw read system call on a blocking pipe of its own.
//
// Why a system call and not a channel: Go 1.19 prints "...additional frames
// elided..." only when it printed exactly 100 frames, but it stops walking
// after 100 frames counting the runtime frames it hides (runtime.gopark and
// friends, 3 of them for a channel receive). A goroutine in a system call has
// no hidden frames on top (its traceback starts at syscall.Syscall), so its
// dump has the 100 frames and the "elided" line.
func startRecursion(ready *sync.WaitGroup) error {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		return err
	}
	keep = append(keep, fds)
	ready.Add(1)
	go deepRecursion(fds[0], ready)
	return nil
}

func deepRecursion(fd int, ready *sync.WaitGroup) {
	recurse(recursionDepth, fd, ready)
}

func recurse(n int, fd int, ready *sync.WaitGroup) int {
	if n == 0 {
		var buf [1]byte
		ready.Done()
		r, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), 1)
		fmt.Println("unreachable", r, errno)
		return 0
	}
	return recurse(n-1, fd, ready) + 1
}

// startClosures runs anonymous functions: startClosures.func1, which starts
// startClosures.func1.1 and startClosures.func1.2.
func startClosures(ready *sync.WaitGroup) error {
	in, out := make(chan string), make(chan string)
	keep = append(keep, in, out)
	ready.Add(3)
	go func() {
		go func() {
			ready.Done()
			fmt.Println("unreachable", <-in)
		}()
		go func() {
			ready.Done()
			out <- "nested"
		}()
		ready.Done()
		<-forever
	}()
	return nil
}

// genericWait and box[T].wait are generic: Go prints them as
// main.genericWait[...] and main.(*box[...]).wait.
func genericWait[T any](ch <-chan T, ready *sync.WaitGroup) T {
	ready.Done()
	return <-ch
}

type box[T any] struct {
	ch chan T
}

func (b *box[T]) wait(ready *sync.WaitGroup) T {
	ready.Done()
	return <-b.ch
}

func startGenerics(ready *sync.WaitGroup) error {
	strs := make(chan string)
	b := &box[float64]{ch: make(chan float64)}
	keep = append(keep, strs, b)
	ready.Add(2 + 1)
	for i := 0; i < 2; i++ {
		go genericWait(strs, ready)
	}
	go b.wait(ready)
	return nil
}

// pool.run has a pointer receiver, ticker.loop a value receiver.
type pool struct {
	jobs chan func()
}

func (p *pool) run(ready *sync.WaitGroup) {
	ready.Done()
	for job := range p.jobs {
		job()
	}
}

type ticker struct {
	every time.Duration
	stop  <-chan struct{}
}

func (t ticker) loop(ready *sync.WaitGroup) {
	tk := time.NewTicker(t.every)
	defer tk.Stop()
	ready.Done()
	for {
		select {
		case <-tk.C:
		case <-t.stop:
			return
		}
	}
}

func startMethods(ready *sync.WaitGroup) error {
	p := &pool{jobs: make(chan func())}
	t := ticker{every: 100000 * time.Hour, stop: forever}
	keep = append(keep, p)
	ready.Add(3 + 1)
	for i := 0; i < 3; i++ {
		go p.run(ready)
	}
	go t.loop(ready)
	return nil
}

// --- pprof labels ---------------------------------------------------------------

// startLabeled starts goroutines inside pprof.Do, so they carry its labels
// (shown in debug=1 and debug=0, not in debug=2). spawnLabeled starts them from
// the same place for both label sets: the stacks are identical, only the
// labels differ, so debug=1 shows two records where debug=2 shows one group.
func startLabeled(ready *sync.WaitGroup) error {
	jobs := make(chan string)
	keep = append(keep, jobs)
	ctx := context.Background()
	ready.Add(3 + 2 + 1)
	pprof.Do(ctx, pprof.Labels("worker", "w1", "tenant", "acme"), func(ctx context.Context) {
		spawnLabeled(ctx, 3, jobs, ready)
		go labeledSleeper(ctx, ready)
	})
	pprof.Do(ctx, pprof.Labels("worker", "w2", "tenant", "globex"), func(ctx context.Context) {
		spawnLabeled(ctx, 2, jobs, ready)
	})
	return nil
}

func spawnLabeled(ctx context.Context, n int, jobs <-chan string, ready *sync.WaitGroup) {
	for i := 0; i < n; i++ {
		go labeledWorker(ctx, jobs, ready)
	}
}

func labeledWorker(ctx context.Context, jobs <-chan string, ready *sync.WaitGroup) {
	ready.Done()
	for {
		select {
		case j := <-jobs:
			fmt.Println("unreachable", j)
		case <-ctx.Done():
			return
		}
	}
}

func labeledSleeper(ctx context.Context, ready *sync.WaitGroup) {
	ready.Done()
	select {
	case <-ctx.Done():
	case <-time.After(100000 * time.Hour):
	}
}
