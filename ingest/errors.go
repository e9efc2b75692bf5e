package ingest

import (
	"errors"
	"fmt"
)

// Reasons a source fails, short and fixed so that the summary can count
// failures by them. HTTP statuses are reported as "http NNN".
const (
	ReasonTimeout       = "timeout"
	ReasonTooLarge      = "too large"
	ReasonRedirectLoop  = "redirect loop"
	ReasonTooManyRedirs = "too many redirects"
	ReasonNotHTML       = "not html"
	ReasonRobots        = "disallowed by robots.txt"
	ReasonRobotsDown    = "robots.txt unavailable"
	ReasonNetwork       = "network error"
	ReasonRefused       = "connection refused"
	ReasonNoHost        = "unknown host"
	ReasonBadURL        = "bad url"
	ReasonRetryAfter    = "retry-after too long"
	ReasonNoText        = "no main text"
	ReasonRead          = "read error"
	ReasonParse         = "parse error"
	ReasonExtract       = "claim extraction failed"
	ReasonStore         = "store failed"
	ReasonUnsupported   = "unsupported source"
)

// Error is why one source failed: a short Reason for counting and the
// underlying error for the log line.
type Error struct {
	Reason string
	Err    error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return e.Reason + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

func failf(reason, format string, args ...any) *Error {
	return &Error{Reason: reason, Err: fmt.Errorf(format, args...)}
}

// ReasonOf returns the reason an error carries, or "error" for an error
// that does not say.
func ReasonOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return "error"
}

func httpReason(status int) string { return fmt.Sprintf("http %d", status) }
