package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestAdmitQueues: with one reader admitted, requests run one at a time
// in the order they came, and one whose context ends while it waits is
// answered 503 without running.
func TestAdmitQueues(t *testing.T) {
	s := &Server{readers: newReaders(1)}
	var mu sync.Mutex
	var order []string
	running, peak := 0, 0
	release := make(chan struct{})
	h := s.admit(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		running++
		peak = max(peak, running)
		order = append(order, r.URL.Query().Get("n"))
		mu.Unlock()
		if r.URL.Query().Get("n") == "first" {
			<-release
		}
		mu.Lock()
		running--
		mu.Unlock()
	})
	serve := func(ctx context.Context, n string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequestWithContext(ctx, "GET", "/x?n="+n, nil))
		return rec
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); serve(context.Background(), "first") }()
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == 1 })

	// Waits behind "first" until its deadline: 503, never run.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if rec := serve(ctx, "late"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("request that timed out waiting: status %d, want 503", rec.Code)
	}
	for _, n := range []string{"second", "third"} {
		wg.Add(1)
		go func() { defer wg.Done(); serve(context.Background(), n) }()
		time.Sleep(20 * time.Millisecond) // so that they line up in this order
	}
	close(release)
	wg.Wait()
	if want := []string{"first", "second", "third"}; !slices.Equal(order, want) || peak != 1 {
		t.Errorf("ran %v with at most %d at once; want %v one at a time", order, peak, want)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
	}
}
