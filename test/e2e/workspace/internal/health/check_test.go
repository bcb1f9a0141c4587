package health

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCheck builds a Transport per test run: reported only when tests are analysed.
func TestCheck(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := &http.Client{Transport: &http.Transport{}}
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := Check(srv.URL); err != nil {
		t.Fatal(err)
	}
}
