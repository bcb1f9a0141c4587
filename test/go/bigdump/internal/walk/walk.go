// Package walk mimics a recursive tree walk (Walk and visit call each other),
// which makes deep stacks with repeated frames.
package walk

import "example.com/bigdump/internal/chain"

// Node is a tree node.
type Node struct{ kids []*Node }

// Walk is a layer that recurses p.Depth times through visit, then goes on.
//
//go:noinline
func Walk(p *chain.Path) {
	(&Node{}).visit(p, p.Depth)
}

//go:noinline
func (n *Node) visit(p *chain.Path, depth int) {
	if depth > 0 {
		walkChild(n, p, depth-1)
		return
	}
	p.Next()(p)
}

//go:noinline
func walkChild(n *Node, p *chain.Path, depth int) { n.visit(p, depth) }
