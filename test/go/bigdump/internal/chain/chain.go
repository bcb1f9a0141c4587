// Package chain strings named functions into one goroutine's stack.
//
// Every layer function of bigdump takes a *Path and calls the next Step with
// `p.Next()(p)`. Next returns before the call is made, so it never shows in a
// stack: the dump shows only the layer functions, in order, then the parking
// step at the bottom. A shape is a fixed []Step, so every goroutine of a shape
// has the very same frames (function, file, line) and differs only in its id
// and argument values, as goroutines of one leak do in a real service.
package chain

import "sync/atomic"

// Step is one call of a stack: a layer function, or a parking function last.
type Step func(p *Path)

// Path is one goroutine's position in its shape's Steps.
type Path struct {
	Steps []Step
	I     int
	// Depth is how deep the recursive steps (walk.Walk) go for this shape.
	Depth int
}

// Next returns the next step and advances; it returns before that step runs,
// so it is never a frame of the stack.
func (p *Path) Next() Step {
	s := p.Steps[p.I]
	p.I++
	return s
}

var parked atomic.Int64

// Parked is called by every parking step just before it blocks, so the main
// goroutine knows when all goroutines have reached their final stack.
func Parked() { parked.Add(1) }

// ParkedCount is how many goroutines called Parked.
func ParkedCount() int64 { return parked.Load() }
