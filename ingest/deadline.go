// Hosts that are slow or not there: the deadline of one source across
// its retries, and the names of the two ways a host is unreachable.

package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	nurl "net/url"
	"syscall"
	"time"
)

// DefaultSourceTimeout is how long one source may take, retries
// included: a request that times out (30 s) and its one retry, not four
// requests 30 s apart. A host that never answers costs this, once.
const DefaultSourceTimeout = 45 * time.Second

// maxTimeoutRetries is how often a request that timed out is tried again:
// a host that did not answer in Timeout rarely answers the third time, and
// each try costs the whole Timeout.
const maxTimeoutRetries = 1

// errSourceTimeout is the cause of a source's context when its
// SourceTimeout ends it.
var errSourceTimeout = errors.New("source timeout")

// sourceClock is the deadline of one Fetch (FetchOptions.SourceTimeout),
// which starts at its first request.
type sourceClock struct {
	parent context.Context
	limit  time.Duration
	ctx    context.Context
	cancel context.CancelFunc
}

// start returns the source's context, starting its clock on first use.
func (c *sourceClock) start() context.Context {
	if c.ctx == nil {
		c.ctx, c.cancel = context.WithTimeoutCause(c.parent, c.limit, errSourceTimeout)
	}
	return c.ctx
}

// expired reports whether the source's deadline, not its caller, ended it.
func (c *sourceClock) expired() bool {
	return c.ctx != nil && c.parent.Err() == nil && errors.Is(context.Cause(c.ctx), errSourceTimeout)
}

func (c *sourceClock) stop() {
	if c.cancel != nil {
		c.cancel()
	}
}

// unreachable names the two ways a host is not there at all: it refuses
// the connection (nothing listens on the port), or its name does not
// resolve. It returns nil for any other error.
func unreachable(u *nurl.URL, err error) *Error {
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return &Error{Reason: ReasonRefused, Err: fmt.Errorf("%s: host %s refused the connection: %w", u, u.Host, err)}
	case errors.As(err, &dns) && dns.IsNotFound:
		return &Error{Reason: ReasonNoHost, Err: fmt.Errorf("%s: no host %s: %w", u, u.Hostname(), err)}
	}
	return nil
}
