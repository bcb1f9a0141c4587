// Command manystacks parks goroutines in many distinct stacks, for the flame
// graph's measurement: goroutine k walks the base-10 digits of k mod 10^depth,
// calling one of ten functions (s0…s9) per digit, then blocks on a channel, so
// a dump holds 10^depth distinct stacks (1 000 by default for -depth 3, 10 000
// for -depth 4). With -out it writes runtime.Stack of all goroutines there (the
// text a debug=2 dump holds) and exits.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
)

var park = make(chan struct{})

func main() {
	n := flag.Int("n", 100000, "goroutines to park")
	depth := flag.Int("depth", 4, "digits per stack: 10^depth distinct stacks")
	out := flag.String("out", "", "write the dump to `FILE` and exit")
	flag.Parse()
	if *depth < 1 || *depth > 6 || *n < 1 || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: manystacks -n N -depth 1..6 -out FILE")
		os.Exit(2)
	}
	mod := 1
	for i := 0; i < *depth; i++ {
		mod *= 10
	}
	var ready sync.WaitGroup
	for k := 0; k < *n; k++ {
		digits := make([]int, *depth)
		for i, v := *depth-1, k%mod; i >= 0; i, v = i-1, v/10 {
			digits[i] = v % 10
		}
		ready.Add(1)
		go step(digits, 0, &ready)
	}
	ready.Wait()
	buf := make([]byte, 64<<20)
	for {
		m := runtime.Stack(buf, true)
		if m < len(buf) {
			buf = buf[:m]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	if err := os.WriteFile(*out, buf, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

//go:noinline
func step(digits []int, i int, ready *sync.WaitGroup) {
	if i == len(digits) {
		ready.Done()
		<-park
		return
	}
	switch digits[i] {
	case 0:
		s0(digits, i+1, ready)
	case 1:
		s1(digits, i+1, ready)
	case 2:
		s2(digits, i+1, ready)
	case 3:
		s3(digits, i+1, ready)
	case 4:
		s4(digits, i+1, ready)
	case 5:
		s5(digits, i+1, ready)
	case 6:
		s6(digits, i+1, ready)
	case 7:
		s7(digits, i+1, ready)
	case 8:
		s8(digits, i+1, ready)
	case 9:
		s9(digits, i+1, ready)
	}
}

//go:noinline
func s0(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s1(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s2(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s3(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s4(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s5(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s6(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s7(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s8(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }

//go:noinline
func s9(digits []int, i int, ready *sync.WaitGroup) { step(digits, i, ready) }
