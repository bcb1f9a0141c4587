package health

import (
	"fmt"
	"net/http"
	"time"
)

// Check asks url whether its service is healthy, with a new client each time.
func Check(url string) error {
	c := newClient(2 * time.Second)
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Probe opens at most maxConns connections to url: its Transport depends on
// the caller's limit, so it cannot simply move to package level.
func Probe(url string, maxConns int) error {
	c := &http.Client{Transport: &http.Transport{MaxConnsPerHost: maxConns}}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	return nil
}
