// Package store mimics a database layer: queries, transactions, a generic
// connection pool, and goroutines stuck on locks and pipes.
package store

import (
	"io"
	"sync"

	"example.com/bigdump/internal/chain"
)

// DB runs queries.
type DB struct{ dsn string }

var db = &DB{dsn: "postgres://bench"}

//go:noinline
func (d *DB) query(p *chain.Path) { p.Next()(p) }

// Tx is a transaction.
type Tx struct{ id int }

//go:noinline
func (t *Tx) exec(p *chain.Path) { p.Next()(p) }

// Conn is a pooled connection.
type Conn struct{ id int }

// Pool is a generic pool; its methods print as `store.(*Pool[...]).acquire`.
type Pool[T any] struct {
	mu    sync.Mutex
	items []T
}

var conns = &Pool[*Conn]{}

//go:noinline
func (pl *Pool[T]) acquire(p *chain.Path) { p.Next()(p) }

// Go starts one worker goroutine whose entry frame is a generic method.
func (pl *Pool[T]) Go(p *chain.Path) { go pl.worker(p) }

//go:noinline
func (pl *Pool[T]) worker(p *chain.Path) { p.Next()(p) }

// Workers is the pool whose Go method starts worker goroutines.
var Workers = &Pool[*Tx]{}

// Query is a layer: the DB's query method.
//
//go:noinline
func Query(p *chain.Path) { db.query(p) }

// Exec is a layer: a transaction's exec method.
//
//go:noinline
func Exec(p *chain.Path) { (&Tx{id: 1}).exec(p) }

// Acquire is a layer: the generic pool's acquire method.
//
//go:noinline
func Acquire(p *chain.Path) { conns.acquire(p) }

// BeginTx is a layer.
//
//go:noinline
func BeginTx(p *chain.Path) { p.Next()(p) }

// ScanRows is a layer.
//
//go:noinline
func ScanRows(p *chain.Path) { p.Next()(p) }

// WithRetry is a generic layer; it prints as `store.WithRetry[...]`.
//
//go:noinline
func WithRetry[T any](p *chain.Path) { p.Next()(p) }

var (
	schemaMu sync.Mutex
	statsMu  sync.RWMutex
)

func init() {
	schemaMu.Lock()
	statsMu.Lock()
}

// Lock parks in sync.Mutex.Lock on a mutex that is never unlocked.
//
//go:noinline
func Lock(p *chain.Path) {
	chain.Parked()
	schemaMu.Lock()
}

// RLock parks in sync.RWMutex.RLock while a writer holds the lock.
//
//go:noinline
func RLock(p *chain.Path) {
	chain.Parked()
	statsMu.RLock()
}

// ReadPipe parks reading an io.Pipe nobody writes (a select inside io).
//
//go:noinline
func ReadPipe(p *chain.Path) {
	r, w := io.Pipe()
	defer w.Close()
	var b [1]byte
	chain.Parked()
	_, _ = io.ReadFull(r, b[:])
}
