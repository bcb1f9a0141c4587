// Package api mimics an HTTP API layer: request goroutines started by a
// server, middleware layers, and handlers that wait on contexts, wait groups
// and timeouts.
package api

import (
	"context"
	"sync"
	"time"

	"example.com/bigdump/internal/chain"
)

// Server starts request goroutines.
type Server struct{ requests int }

// Default is the server every shape uses.
var Default = &Server{}

// Serve starts one request goroutine whose entry frame is a method.
func (s *Server) Serve(p *chain.Path) {
	s.requests++
	go s.handle(p)
}

//go:noinline
func (s *Server) handle(p *chain.Path) { p.Next()(p) }

// ServeConn starts one connection goroutine whose entry frame is a closure.
func (s *Server) ServeConn(p *chain.Path) {
	go func() {
		s.serveConn(p)
	}()
}

//go:noinline
func (s *Server) serveConn(p *chain.Path) { p.Next()(p) }

// Router dispatches requests to handlers.
type Router struct{ routes map[string]int }

var router = &Router{routes: map[string]int{"/orders": 1}}

//go:noinline
func (r *Router) dispatch(p *chain.Path) { p.Next()(p) }

// Handler serves orders; its methods have a value receiver.
type Handler struct{ name string }

//go:noinline
func (h Handler) ServeOrders(p *chain.Path) { p.Next()(p) }

// Route is a layer: the router's dispatch method.
//
//go:noinline
func Route(p *chain.Path) { router.dispatch(p) }

// Orders is a layer: a handler with a value receiver.
//
//go:noinline
func Orders(p *chain.Path) { Handler{name: "orders"}.ServeOrders(p) }

// DecodeRequest is a layer.
//
//go:noinline
func DecodeRequest(p *chain.Path) { p.Next()(p) }

// Authenticate is a layer.
//
//go:noinline
func Authenticate(p *chain.Path) { p.Next()(p) }

// Authorize is a layer.
//
//go:noinline
func Authorize(p *chain.Path) { p.Next()(p) }

// RateLimit is a layer.
//
//go:noinline
func RateLimit(p *chain.Path) { p.Next()(p) }

// WithTrace is a layer that runs the rest of the stack in a closure.
//
//go:noinline
func WithTrace(p *chain.Path) {
	func() {
		p.Next()(p)
	}()
}

// Recover is a layer with a deferred recover.
//
//go:noinline
func Recover(p *chain.Path) {
	defer func() { _ = recover() }()
	p.Next()(p)
}

var (
	requestCtx, cancelRequests = context.WithCancel(context.Background())
	never                      = make(chan struct{})
	pending                    sync.WaitGroup
)

func init() { pending.Add(1) }

// WaitCtx parks in a select on a context that is never cancelled.
//
//go:noinline
func WaitCtx(p *chain.Path) {
	chain.Parked()
	select {
	case <-requestCtx.Done():
		cancelRequests()
	case <-never:
	}
}

// WaitGroup parks in sync.WaitGroup.Wait (semacquire).
//
//go:noinline
func WaitGroup(p *chain.Path) {
	chain.Parked()
	pending.Wait()
}

// SelectTimeout parks in a select with a timer of a day.
//
//go:noinline
func SelectTimeout(p *chain.Path) {
	chain.Parked()
	select {
	case <-time.After(24 * time.Hour):
	case <-never:
	}
}
