package server

import (
	"net/http"
	"runtime"
)

// readers admits at most a few store reads at a time and queues the rest
// first come, first served (a channel's blocked senders are woken in
// order).
//
// Why: on a machine of two cores, fifty requests read at once share the
// CPU evenly, and each takes as long as all of them together; the one
// that scans more entries, or is paused by a collection that fifty live
// heaps provoked, is the tail. Admitted a few at a time, a request waits
// in line for the ones before it and is then served at the speed of the
// machine, so that latency is about the queue's length in work, the same
// for every request, and the heap holds a few answers instead of fifty.
type readers chan struct{}

// newReaders admits n reads at a time; n ≤ 0 means twice GOMAXPROCS, as
// a read also waits on the disk now and then.
func newReaders(n int) readers {
	if n <= 0 {
		n = 2 * runtime.GOMAXPROCS(0)
	}
	return make(readers, n)
}

// admit runs h once a read may start, or answers 503 when the request
// ends (its deadline, the client gone) while it waits.
func (s *Server) admit(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.readers <- struct{}{}:
		case <-r.Context().Done():
			writeError(w, http.StatusServiceUnavailable, "the server is busy: "+r.Context().Err().Error())
			return
		}
		defer func() { <-s.readers }()
		h(w, r)
	}
}
