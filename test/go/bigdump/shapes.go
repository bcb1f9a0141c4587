package main

import (
	"math"

	"example.com/bigdump/internal/api"
	"example.com/bigdump/internal/cache"
	"example.com/bigdump/internal/chain"
	"example.com/bigdump/internal/queue"
	"example.com/bigdump/internal/rpc"
	"example.com/bigdump/internal/store"
	"example.com/bigdump/internal/walk"
)

// spawner starts one goroutine that runs p's steps; which spawner a shape
// uses decides its entry frame and its `created by` line.
type spawner func(p *chain.Path)

// kind says how a shape's goroutines are made.
type kind int

const (
	// chained goroutines run a []chain.Step and park in its last step.
	chained kind = iota
	// tcpRead goroutines are chained too, but each holds a loopback TCP
	// connection (2 file descriptors), so their number is capped by -conns.
	tcpRead
	// persistConn is the real http.Transport-per-call leak: each unit is one
	// kept-alive connection, i.e. three goroutines (the client's readLoop in
	// IO wait and writeLoop in select, the server's conn.serve in IO wait).
	persistConn
)

// shape is one stack shape of the dump.
type shape struct {
	name  string
	kind  kind
	spawn spawner
	steps []chain.Step
	// depth is how deep walk.Walk recurses, when the steps use it.
	depth int
	// fixed, when > 0, is the exact count whatever -n is (singletons, tails).
	fixed int
}

// steps is shorthand for a []chain.Step literal.
func steps(s ...chain.Step) []chain.Step { return s }

// shapes lists the stack shapes, biggest group first: goroutines go to the
// shapes by a Zipf law over this order (a few big groups, a long tail), so the
// big groups are the shallow ones and a million goroutines fit in memory.
// Frame counts (runtime frames included) range from 5 to about 40.
var shapes = []shape{
	{name: "handler waiting on a billing reply, chan receive", spawn: api.Default.Serve, steps: steps(api.Recover, api.WithTrace, api.Authenticate, api.Authorize, api.RateLimit, api.Route, api.Orders, cache.Get, rpc.Call, rpc.Backoff, rpc.RoundTrip, queue.Receive)},
	{name: "idle pool worker, range over jobs", spawn: store.Workers.Go, steps: steps(store.Acquire, store.WithRetry[int], cache.Get, cache.Load, queue.Dispatch, queue.Decode, store.ScanRows, queue.RangeJobs)},
	{name: "consumer ticker loop, select", spawn: queue.Orders.Start, steps: steps(queue.Consume, queue.Decode, queue.Dispatch, queue.Batch, api.WithTrace, queue.Ack, queue.Tick)},
	{name: "handler on schema mutex, semacquire", spawn: api.Default.Serve, steps: steps(api.Recover, api.DecodeRequest, api.Authenticate, api.Authorize, store.Query, store.BeginTx, store.Exec, store.Lock)},
	{name: "http.Transport per call (persistConn readLoop+writeLoop, server conn)", kind: persistConn},
	{name: "conn waiting on request context, select", spawn: api.Default.ServeConn, steps: steps(api.WithTrace, api.DecodeRequest, api.RateLimit, cache.Get, cache.Load, api.WaitCtx)},
	{name: "rpc conn reading net.Pipe, select", spawn: rpc.Dial, steps: steps(rpc.Encode, rpc.RoundTrip, rpc.ReadPipe)},
	{name: "background refresher sleeping", spawn: startBackground, steps: steps(cache.Refresh, cache.Fill, rpc.Backoff, rpc.Sleep)},
	{name: "order handler on stats RLock", spawn: api.Default.Serve, steps: steps(api.RateLimit, api.Authenticate, api.Route, api.Orders, store.WithRetry[int], store.Acquire, store.RLock)},
	{name: "loader on cond", spawn: cache.Loaders.Go, steps: steps(cache.Get, cache.Load, cache.Fill, cache.CondWait)},
	{name: "consumer publishing ack, chan send", spawn: queue.Orders.Start, steps: steps(queue.Consume, queue.Decode, queue.Batch, queue.Ack, queue.Publish)},
	{name: "order handler calling billing over TCP, IO wait", kind: tcpRead, spawn: api.Default.Serve, steps: steps(api.Recover, api.WithTrace, api.Authenticate, api.Authorize, api.Route, api.Orders, rpc.Call, rpc.Backoff, rpc.RoundTrip, rpc.ReadTCP)},
	{name: "tx worker reading io.Pipe", spawn: store.Workers.Go, steps: steps(store.BeginTx, store.Exec, store.ReadPipe)},
	{name: "background idle, select no cases", spawn: startBackground, steps: steps(queue.Consume, queue.Dispatch, api.Recover, rpc.Idle)},
	{name: "conn cache miss, nil chan", spawn: api.Default.ServeConn, steps: steps(api.DecodeRequest, cache.Get, cache.WaitNil)},
	{name: "tree walk 12 deep, chan receive", spawn: startBackground, steps: steps(walk.Walk, queue.Receive), depth: 12},
	{name: "full order handler on schema mutex", spawn: api.Default.Serve, steps: steps(api.Recover, api.Authenticate, api.Authorize, api.RateLimit, api.Route, api.Orders, store.Query, store.BeginTx, store.Exec, store.WithRetry[string], store.Acquire, store.Lock)},
	{name: "consumer waiting on wait group", spawn: queue.Orders.Start, steps: steps(queue.Consume, queue.Dispatch, api.WaitGroup)},
	{name: "loader waiting on context", spawn: cache.Loaders.Go, steps: steps(cache.Fill, cache.Refresh, store.Query, api.WaitCtx)},
	{name: "rpc call sleeping in backoff", spawn: rpc.Dial, steps: steps(rpc.Call, rpc.Backoff, rpc.Sleep)},
	{name: "worker scanning rows, chan send", spawn: store.Workers.Go, steps: steps(store.Query, store.ScanRows, queue.Publish)},
	{name: "handler select with timeout", spawn: api.Default.Serve, steps: steps(api.DecodeRequest, api.Authenticate, rpc.Call, api.SelectTimeout)},
	{name: "conn on stats RLock", spawn: api.Default.ServeConn, steps: steps(api.Recover, store.Acquire, store.RLock)},
	{name: "consumer range over jobs", spawn: queue.Orders.Start, steps: steps(queue.Consume, queue.Batch, queue.Dispatch, queue.RangeJobs)},
	{name: "warm-up waiters on sync.Once", spawn: cache.Loaders.Go, steps: steps(cache.Get, cache.Warm)},
	{name: "tree walk 6 deep, select", spawn: store.Workers.Go, steps: steps(store.Query, walk.Walk, api.WaitCtx), depth: 6},
	{name: "handler reading net.Pipe through rpc", spawn: api.Default.Serve, steps: steps(api.Recover, api.Route, api.Orders, rpc.Call, rpc.RoundTrip, rpc.ReadPipe)},
	{name: "background tick", spawn: startBackground, steps: steps(queue.Batch, cache.Refresh, queue.Tick)},
	{name: "conn on cond after fill", spawn: api.Default.ServeConn, steps: steps(api.WithTrace, cache.Get, cache.Fill, cache.CondWait)},
	{name: "tx on schema mutex", spawn: store.Workers.Go, steps: steps(store.BeginTx, store.Exec, store.WithRetry[int], store.Lock)},
	{name: "consumer sleeping", spawn: queue.Orders.Start, steps: steps(queue.Consume, queue.Decode, queue.Ack, rpc.Backoff, rpc.Sleep)},
	{name: "tree walk 15 deep, semacquire", spawn: startBackground, steps: steps(walk.Walk, store.Acquire, store.Lock), depth: 15},
	{name: "handler idle forever", spawn: api.Default.Serve, steps: steps(api.Recover, api.WithTrace, rpc.Idle)},
	{name: "loader publishing", spawn: cache.Loaders.Go, steps: steps(cache.Refresh, cache.Load, queue.Batch, queue.Publish)},
	{name: "conn reading io.Pipe", spawn: api.Default.ServeConn, steps: steps(api.DecodeRequest, api.Authenticate, store.ReadPipe)},
	{name: "rpc conn waiting on nil chan", spawn: rpc.Dial, steps: steps(rpc.RoundTrip, rpc.Encode, cache.Get, cache.WaitNil)},
	{name: "deep order handler, tree walk 5, select timeout", spawn: api.Default.Serve, steps: steps(api.Recover, api.WithTrace, api.Authenticate, api.Authorize, api.RateLimit, api.Route, api.Orders, walk.Walk, cache.Get, cache.Load, api.SelectTimeout), depth: 5},
	{name: "pool worker waiting on wait group", spawn: store.Workers.Go, steps: steps(store.Acquire, queue.Dispatch, api.WaitGroup)},
	{name: "consumer waiting on context", spawn: queue.Orders.Start, steps: steps(queue.Consume, queue.Decode, queue.Dispatch, api.WithTrace, api.WaitCtx)},
	{name: "background tree walk 14, nil chan", spawn: startBackground, steps: steps(walk.Walk, cache.WaitNil), depth: 14},
	{name: "conn sleeping in backoff", spawn: api.Default.ServeConn, steps: steps(rpc.Call, rpc.Backoff, rpc.RoundTrip, rpc.Sleep)},
	{name: "loader on stats RLock", spawn: cache.Loaders.Go, steps: steps(cache.Get, cache.Load, cache.Fill, store.Query, store.RLock)},
	{name: "rpc conn range over jobs", spawn: rpc.Dial, steps: steps(rpc.Encode, queue.Decode, queue.Ack, queue.RangeJobs)},
	{name: "deepest: handler, tree walk 12, tx, mutex", spawn: api.Default.Serve, steps: steps(api.Recover, api.Authenticate, api.Route, walk.Walk, store.Query, store.BeginTx, store.Exec, store.Lock), depth: 12},
	{name: "worker publishing acks", spawn: store.Workers.Go, steps: steps(queue.Decode, queue.Dispatch, queue.Ack, queue.Publish)},
	{name: "timer-started cache refresh, chan receive", spawn: cache.ScheduleRefresh, steps: steps(cache.Refresh, cache.Get, cache.Fill, queue.Receive), fixed: 7},
	{name: "timer-started refresh, select", spawn: cache.ScheduleRefresh, steps: steps(cache.Refresh, cache.Get, api.WaitCtx), fixed: 3},
	{name: "singleton metrics flusher, select", spawn: startBackground, steps: steps(queue.Batch, queue.Ack, queue.Tick), fixed: 1},
	{name: "singleton schema migrator", spawn: startBackground, steps: steps(store.BeginTx, store.Exec, store.Lock), fixed: 1},
}

// zipfExponent shapes the distribution: with 1.3 the biggest group holds
// about a third of the goroutines and the smallest weighted ones a few
// hundred of 100 000.
const zipfExponent = 1.3

// plan returns how many goroutines each of the first nShapes shapes gets, so
// that they add up to n: fixed shapes get their count, the others a Zipf share
// by rank; the shapes holding TCP connections share at most maxConns of them
// and their surplus goes to the first shape.
func plan(n, nShapes, maxConns int) []int {
	list := shapes[:nShapes]
	counts := make([]int, len(list))
	left := n
	var weights []float64
	var total float64
	for i, s := range list {
		if s.fixed > 0 {
			counts[i] = min(s.fixed, left)
			left -= counts[i]
			continue
		}
		w := 1 / math.Pow(float64(len(weights)+1), zipfExponent)
		weights = append(weights, w)
		total += w
	}
	pool := left
	rank := 0
	for i, s := range list {
		if s.fixed > 0 {
			continue
		}
		c := int(float64(pool) * weights[rank] / total)
		rank++
		if c < 1 && left > 0 {
			c = 1
		}
		c = min(c, left)
		counts[i] = c
		left -= c
	}
	// The shapes that hold connections share maxConns: each first gets up to
	// an equal share, then what others left unused.
	var io []int
	want := map[int]int{}
	for i, s := range list {
		switch s.kind {
		case persistConn:
			want[i] = counts[i] / 3
		case tcpRead:
			want[i] = counts[i]
		default:
			continue
		}
		io = append(io, i)
	}
	units := map[int]int{}
	spare := maxConns
	for _, i := range io {
		units[i] = min(want[i], maxConns/len(io))
		spare -= units[i]
	}
	for _, i := range io {
		extra := min(want[i]-units[i], spare)
		units[i] += extra
		spare -= extra
	}
	for _, i := range io {
		perUnit := 1
		if list[i].kind == persistConn {
			perUnit = 3
		}
		left += counts[i] - perUnit*units[i]
		counts[i] = perUnit * units[i]
	}
	// Rounding and caps leave a remainder: the biggest chained shape takes it.
	for i, s := range list {
		if s.kind == chained && s.fixed == 0 {
			counts[i] += left
			break
		}
	}
	return counts
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}
