// A JetStream server inside the process, for one machine (claims serve
// --nats-embed) and for tests, and the connection every role makes.

package queue

import (
	"context"
	"errors"
	"fmt"
	"net"
	nurl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ServerOptions configure an embedded JetStream server.
type ServerOptions struct {
	// Dir is where JetStream keeps its streams.
	Dir string
	// Listen is HOST:PORT where other processes connect; empty listens
	// nowhere, and only this process connects (ConnectInProcess).
	Listen string
	// Token, when set, is what every client must present (in the URL,
	// nats://TOKEN@HOST:PORT): a server reachable beyond loopback needs one.
	Token string
	// Name names the server in logs and cluster views.
	Name string
}

// readyTimeout bounds the wait for an embedded server to accept clients.
const readyTimeout = 30 * time.Second

// StartServer runs a JetStream server in this process until Shutdown.
func StartServer(o ServerOptions) (*server.Server, error) {
	opts := &server.Options{
		ServerName: o.Name, JetStream: true, StoreDir: o.Dir,
		MaxPayload: maxMessage, NoSigs: true, NoLog: true,
		Authorization: o.Token, DontListen: o.Listen == "",
	}
	if o.Listen != "" {
		host, port, err := net.SplitHostPort(o.Listen)
		if err != nil {
			return nil, fmt.Errorf("nats listen address %q: %w", o.Listen, err)
		}
		opts.Host = host
		if opts.Port, err = strconv.Atoi(port); err != nil {
			return nil, fmt.Errorf("nats listen address %q: port: %w", o.Listen, err)
		}
		if opts.Port == 0 {
			opts.Port = server.RANDOM_PORT
		}
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats server (store %s): %w", o.Dir, err)
	}
	s.Start()
	if !s.ReadyForConnections(readyTimeout) {
		s.Shutdown()
		return nil, fmt.Errorf("nats server (store %s, listen %q) not ready after %s", o.Dir, o.Listen, readyTimeout)
	}
	return s, nil
}

// connectOptions are what every connection of ours uses: it names the
// program, and keeps trying to reconnect for as long as the process runs,
// since a server restarting (or a cluster node stopping) is expected.
func connectOptions(name string) []nats.Option {
	return []nats.Option{
		nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond),
		nats.RetryOnFailedConnect(false),
	}
}

// Connect dials the JetStream server at url (nats://[TOKEN@]HOST:PORT,
// several separated by commas for a cluster).
func Connect(ctx context.Context, url, name string) (*nats.Conn, jetstream.JetStream, error) {
	opts := append(connectOptions(name), nats.Timeout(10*time.Second))
	if dl, ok := ctx.Deadline(); ok {
		opts = append(opts, nats.Timeout(time.Until(dl)))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to nats %s: %w", redact(url), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("jetstream at %s: %w", redact(url), err)
	}
	return nc, js, nil
}

// ConnectInProcess connects to a server of this process without a socket.
func ConnectInProcess(s *server.Server, name string) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect("", append(connectOptions(name), nats.InProcessServer(s))...)
	if err != nil {
		return nil, nil, fmt.Errorf("connect in process: %w", err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("jetstream in process: %w", err)
	}
	return nc, js, nil
}

// ClientURL is where other processes reach s: its client address, with
// an unspecified host given as loopback. Empty when s listens nowhere.
func ClientURL(s *server.Server) string {
	addr := s.Addr()
	if addr == nil {
		return ""
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "nats://" + net.JoinHostPort(host, port)
}

// redact hides a token or password in a URL that goes into an error.
func redact(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		if u, err := nurl.Parse(strings.TrimSpace(p)); err == nil && u.User != nil {
			u.User = nurl.User("***")
			parts[i] = u.String()
		}
	}
	return strings.Join(parts, ",")
}

// isTemporary reports whether a JetStream call may succeed if tried
// again: a stream full (back-pressure), no leader for a moment, a timeout.
func isTemporary(err error) bool {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		// 10077: storing failed, as when a stream with DiscardNew is full;
		// 10047: insufficient resources.
		if apiErr.ErrorCode == 10077 || apiErr.ErrorCode == 10047 {
			return true
		}
		return apiErr.Code == 503 || apiErr.Code == 408
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, nats.ErrConnectionReconnecting) || errors.Is(err, nats.ErrDisconnected)
}
