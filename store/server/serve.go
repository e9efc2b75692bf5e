package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// TokenFile is where, inside the store's directory, a serving process
// keeps its token (mode 0600) for the CLI of the same user to find.
const TokenFile = "claims.token"

// Note is what a serving process writes in its store's lock file
// (store.Advertise): where it listens, and who it is.
type Note struct {
	URL      string `json:"url"`
	PID      int    `json:"pid"`
	Instance string `json:"instance"`
}

// Timeouts of the http.Server Serve runs: a slow or stalled client cannot
// hold a connection open for ever.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	shutdownTimeout   = 10 * time.Second
)

// ListenURL is the URL a client reaches a listener at: an unspecified
// address (0.0.0.0, ::) is reached through loopback.
func ListenURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

// httpServer is the http.Server Serve runs, with its timeouts.
func (s *Server) httpServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// Serve serves on ln until ctx ends or serving fails. While it serves,
// the store's lock says where (Note) and the token is in TokenFile, so
// that `claims` commands on the same store come here; both are removed
// before Serve returns. On ctx's end it stops accepting, cancels ingest
// jobs, and waits up to ten seconds for requests in flight. The caller
// closes the store afterwards.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	dir := s.st.Dir()
	tokenPath := filepath.Join(dir, TokenFile)
	if s.opts.Token != "" {
		if err := writePrivate(tokenPath, []byte(s.opts.Token+"\n")); err != nil {
			return fmt.Errorf("serve store %s: write token: %w", dir, err)
		}
		defer os.Remove(tokenPath)
	}
	note, _ := json.Marshal(Note{URL: ListenURL(ln.Addr()), PID: os.Getpid(), Instance: s.instance})
	if err := s.st.Advertise(note); err != nil {
		return err
	}
	defer s.st.Advertise(nil)
	if s.opts.Ready != nil {
		s.opts.Ready(ListenURL(ln.Addr()))
	}
	hs := s.httpServer()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		err = hs.Shutdown(sctx)
		<-errc
	}
	s.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("serve store %s: %w", dir, err)
	}
	return nil
}

// writePrivate writes a file only its owner can read, replacing any.
func writePrivate(path string, b []byte) error {
	os.Remove(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
