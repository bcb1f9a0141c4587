// Package rpc mimics an RPC client: connection read loops, calls with
// backoff, goroutines reading pipes and loopback TCP connections (IO wait),
// and the http.Transport-per-call leak.
package rpc

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"example.com/bigdump/internal/chain"
)

// Client makes calls.
type Client struct{ target string }

var client = &Client{target: "billing:443"}

//go:noinline
func (c *Client) invoke(p *chain.Path) { p.Next()(p) }

// Conn is one client connection.
type Conn struct{ id int }

// Dial starts one connection read loop; its entry frame is a method.
func Dial(p *chain.Path) {
	c := &Conn{id: 1}
	go c.readLoop(p)
}

//go:noinline
func (c *Conn) readLoop(p *chain.Path) { p.Next()(p) }

//go:noinline
func (c *Conn) roundTrip(p *chain.Path) { p.Next()(p) }

// Call is a layer: the client's invoke method.
//
//go:noinline
func Call(p *chain.Path) { client.invoke(p) }

// RoundTrip is a layer: a connection's roundTrip method.
//
//go:noinline
func RoundTrip(p *chain.Path) { (&Conn{id: 2}).roundTrip(p) }

// Encode is a layer.
//
//go:noinline
func Encode(p *chain.Path) { p.Next()(p) }

// Backoff is a layer that retries through a closure.
//
//go:noinline
func Backoff(p *chain.Path) {
	attempt := func() { p.Next()(p) }
	attempt()
}

// Sleep parks in time.Sleep for a day.
//
//go:noinline
func Sleep(p *chain.Path) {
	chain.Parked()
	time.Sleep(24 * time.Hour)
}

// Idle parks in `select {}`.
//
//go:noinline
func Idle(p *chain.Path) {
	chain.Parked()
	select {}
}

// ReadPipe parks in bufio.Reader.ReadString on a net.Pipe nobody writes:
// a network-looking stack (net.(*pipe).read) that needs no file descriptor.
//
//go:noinline
func ReadPipe(p *chain.Path) {
	c, peer := net.Pipe()
	defer peer.Close()
	r := bufio.NewReaderSize(c, 16)
	chain.Parked()
	_, _ = r.ReadString('\n')
}

// TCPConns hands ReadTCP the client ends of pre-dialed loopback connections.
var TCPConns chan net.Conn

// ReadTCP parks in bufio.Reader.ReadString on a loopback TCP connection the
// peer never writes to: [IO wait].
//
//go:noinline
func ReadTCP(p *chain.Path) {
	c := <-TCPConns
	r := bufio.NewReaderSize(c, 16)
	chain.Parked()
	_, _ = r.ReadString('\n')
}

// FetchStatus builds an http.Transport per call and never closes its idle
// connection: each call leaks a persistConn readLoop and writeLoop goroutine
// (and the server's conn goroutine) — the leak Goroutine Lens looks for.
func FetchStatus(url string) error {
	tr := &http.Transport{}
	c := &http.Client{Transport: tr, Timeout: time.Minute}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}
