// Package queue mimics a message consumer: consumer loops started from
// closures, a generic batcher, and goroutines blocked on channels.
package queue

import (
	"time"

	"example.com/bigdump/internal/chain"
)

// Consumer reads messages.
type Consumer struct{ topic string }

// Orders is the consumer every shape uses.
var Orders = &Consumer{topic: "orders"}

// Start starts one consumer goroutine from a closure.
func (c *Consumer) Start(p *chain.Path) {
	go func() {
		c.loop(p)
	}()
}

//go:noinline
func (c *Consumer) loop(p *chain.Path) { p.Next()(p) }

//go:noinline
func (c *Consumer) poll(p *chain.Path) { p.Next()(p) }

// Batcher is generic; its methods print as `queue.(*Batcher[...]).add`.
type Batcher[T any] struct{ items []T }

var batches = &Batcher[[]byte]{}

//go:noinline
func (b *Batcher[T]) add(p *chain.Path) { p.Next()(p) }

// Consume is a layer: the consumer's poll method.
//
//go:noinline
func Consume(p *chain.Path) { Orders.poll(p) }

// Batch is a layer: the generic batcher's add method.
//
//go:noinline
func Batch(p *chain.Path) { batches.add(p) }

// Decode is a layer.
//
//go:noinline
func Decode(p *chain.Path) { p.Next()(p) }

// Ack is a layer.
//
//go:noinline
func Ack(p *chain.Path) { p.Next()(p) }

// Dispatch is a layer.
//
//go:noinline
func Dispatch(p *chain.Path) { p.Next()(p) }

var (
	never = make(chan struct{})
	jobs  = make(chan int)
	acks  = make(chan struct{})
	tick  = time.NewTicker(time.Hour)
)

// Receive parks receiving from a channel nobody sends on.
//
//go:noinline
func Receive(p *chain.Path) {
	chain.Parked()
	<-never
}

// RangeJobs parks in a for-range over a channel nobody sends on or closes.
//
//go:noinline
func RangeJobs(p *chain.Path) {
	chain.Parked()
	for j := range jobs {
		_ = j
	}
}

// Publish parks sending on an unbuffered channel nobody receives from.
//
//go:noinline
func Publish(p *chain.Path) {
	chain.Parked()
	acks <- struct{}{}
}

// Tick parks in a ticker loop's select (one shared hourly ticker).
//
//go:noinline
func Tick(p *chain.Path) {
	chain.Parked()
	for {
		select {
		case <-tick.C:
		case <-never:
			return
		}
	}
}
