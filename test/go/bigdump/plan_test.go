package main

import "testing"

// TestPlan checks the distribution: the counts add up to n, every shape gets
// a goroutine when n allows, and the connection-holding shapes share -conns.
func TestPlan(t *testing.T) {
	for _, n := range []int{len(shapes), 2000, 100000, 1000000} {
		for _, conns := range []int{0, 10, 2000} {
			counts := plan(n, len(shapes), conns)
			sum, used := 0, 0
			for i, c := range counts {
				sum += c
				switch shapes[i].kind {
				case persistConn:
					used += c / 3
					if c%3 != 0 {
						t.Errorf("n=%d conns=%d: persistConn count %d is not a multiple of 3", n, conns, c)
					}
				case tcpRead:
					used += c
				default:
					if c < 1 && n >= 2000 {
						t.Errorf("n=%d conns=%d: shape %q gets no goroutine", n, conns, shapes[i].name)
					}
				}
				if shapes[i].kind != chained && n >= 100000 && conns >= 2000 && c == 0 {
					t.Errorf("n=%d conns=%d: shape %q gets no goroutine", n, conns, shapes[i].name)
				}
			}
			if sum != n {
				t.Errorf("n=%d conns=%d: counts add up to %d", n, conns, sum)
			}
			if used > conns {
				t.Errorf("n=%d conns=%d: %d connections", n, conns, used)
			}
		}
	}
}
