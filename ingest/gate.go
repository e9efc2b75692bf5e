// Host gates: where a Fetcher takes its turns at each host and keeps each
// host's robots.txt. Without one a Fetcher keeps both itself, which is
// polite for one process; ingest/queue gives workers on many machines one
// gate in JetStream, so that the rate limit and robots.txt hold for all of
// them together.

package ingest

import (
	"context"
	"time"
)

// HostGate is shared politeness state. Its methods are safe for
// concurrent use.
type HostGate interface {
	// Wait returns when host (scheme://host[:port]) may be sent a
	// request: at most one in every interval for everyone sharing the
	// gate, every request counted.
	Wait(ctx context.Context, host string, every time.Duration) error
	// Robots returns host's robots.txt as fetch got it. fetch is called
	// only when no one sharing the gate has the file yet; its error
	// (the host could not be reached) is not shared.
	Robots(ctx context.Context, host string, fetch func(context.Context) (RobotsFile, error)) (RobotsFile, error)
}

// RobotsFile is the answer to a robots.txt request: the HTTP status and
// the body (capped).
type RobotsFile struct {
	Status int    `json:"status"`
	Body   []byte `json:"body,omitempty"`
}
