// Package cache mimics a caching layer: a generic LRU, single-flight loads, a
// sync.Once stuck in its function, refreshes started by timers, and waiters
// on condition variables and nil channels.
package cache

import (
	"sync"
	"time"

	"example.com/bigdump/internal/chain"
)

// LRU is a generic cache; its methods print as `cache.(*LRU[...]).getOrLoad`.
type LRU[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

var lru = &LRU[string, []byte]{m: map[string][]byte{}}

//go:noinline
func (c *LRU[K, V]) getOrLoad(p *chain.Path) { p.Next()(p) }

// Group is a generic single-flight group.
type Group[K comparable] struct{ calls map[K]int }

var loads = &Group[string]{}

//go:noinline
func (g *Group[K]) Do(p *chain.Path) {
	func() {
		p.Next()(p)
	}()
}

// Go starts one goroutine from a closure inside a generic method, as
// errgroup.(*Group).Go does.
func (g *Group[K]) Go(p *chain.Path) {
	go func() {
		p.Next()(p)
	}()
}

// Loaders is the group whose Go method starts goroutines.
var Loaders = &Group[int]{}

// Get is a layer: the LRU's getOrLoad method.
//
//go:noinline
func Get(p *chain.Path) { lru.getOrLoad(p) }

// Load is a layer: a single-flight Do with a closure.
//
//go:noinline
func Load(p *chain.Path) { loads.Do(p) }

// Fill is a layer.
//
//go:noinline
func Fill(p *chain.Path) { p.Next()(p) }

// Refresh is a layer.
//
//go:noinline
func Refresh(p *chain.Path) { p.Next()(p) }

// ScheduleRefresh starts one goroutine through time.AfterFunc, so its
// creator is the runtime's timer code.
func ScheduleRefresh(p *chain.Path) {
	time.AfterFunc(time.Millisecond, func() { p.Next()(p) })
}

var (
	evictMu sync.Mutex
	evicted = sync.NewCond(&evictMu)
	warm    sync.Once
	never   = make(chan struct{})
	nilCh   chan []byte
)

// CondWait parks in sync.Cond.Wait; nobody signals.
//
//go:noinline
func CondWait(p *chain.Path) {
	evictMu.Lock()
	chain.Parked()
	for {
		evicted.Wait()
	}
}

// WaitNil parks receiving from a nil channel.
//
//go:noinline
func WaitNil(p *chain.Path) {
	chain.Parked()
	<-nilCh
}

// Warm parks in sync.Once.Do: the first goroutine blocks inside the once
// function (chan receive), every other one on the Once's mutex (semacquire).
//
//go:noinline
func Warm(p *chain.Path) {
	chain.Parked()
	warm.Do(func() { <-never })
}
