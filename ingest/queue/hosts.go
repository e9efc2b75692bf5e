// Politeness across workers: the per-host rate limit and robots.txt kept
// in JetStream, so that they hold for every worker on every machine
// together (Hosts is the ingest.HostGate the workers' fetchers share).

package queue

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claims-project/claims/ingest"
)

// maxRobots is the largest robots.txt kept, as ingest's fetcher reads it.
const maxRobots = 512 << 10

// robotsLease is how long a worker fetching a host's robots.txt keeps
// the others waiting for it; past that, one of them fetches it instead.
const robotsLease = time.Minute

// Hosts keeps each host's next free request slot (claims_hosts) and its
// robots.txt (claims_robots).
type Hosts struct {
	slots, robots jetstream.KeyValue
}

var _ ingest.HostGate = (*Hosts)(nil)

// NewHosts returns the gate of the queue on js.
func NewHosts(ctx context.Context, js jetstream.JetStream) (*Hosts, error) {
	h, err := lookup(ctx, js)
	if err != nil {
		return nil, err
	}
	return &Hosts{slots: h.hosts, robots: h.robots}, nil
}

// hostKey makes a host a key: lower case letters, digits, dots and
// hyphens stay, any other byte is _ and its hex value, so that two hosts
// never share a key.
func hostKey(host string) string {
	var b strings.Builder
	for _, c := range []byte(strings.ToLower(host)) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' && b.Len() > 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "_%02x", c)
	}
	return b.String()
}

// Wait takes host's next free slot and sleeps until it comes. The slot
// is taken with compare-and-swap on the host's key: its value is the time
// of the next free slot, which each taker moves one interval on, so that
// slots are handed out once each, to workers anywhere.
func (g *Hosts) Wait(ctx context.Context, host string, every time.Duration) error {
	if every <= 0 {
		return nil
	}
	key := hostKey(host)
	for {
		var next time.Time
		var rev uint64
		e, err := g.slots.Get(ctx, key)
		switch {
		case err == nil:
			rev = e.Revision()
			if v := e.Value(); len(v) == 8 {
				next = time.Unix(0, int64(binary.BigEndian.Uint64(v)))
			}
		case !errors.Is(err, jetstream.ErrKeyNotFound):
			return fmt.Errorf("host %s: read its turn: %w", host, err)
		}
		now := time.Now()
		slot := now
		if next.After(now) {
			slot = next
		}
		v := binary.BigEndian.AppendUint64(nil, uint64(slot.Add(every).UnixNano()))
		if rev == 0 {
			_, err = g.slots.Create(ctx, key, v)
		} else {
			_, err = g.slots.Update(ctx, key, v, rev)
		}
		if isConflict(err) {
			continue // another worker took this slot: take the next
		}
		if err != nil {
			return fmt.Errorf("host %s: take its turn: %w", host, err)
		}
		return sleep(ctx, slot.Sub(now))
	}
}

// robotsRecord is a host's entry in claims_robots: a lease while one
// worker fetches the file, then the file.
type robotsRecord struct {
	Pending bool      `json:"pending,omitempty"`
	Since   time.Time `json:"since"`
	Status  int       `json:"status,omitempty"`
	Body    string    `json:"body,omitempty"`
}

// Robots returns host's robots.txt: from claims_robots when a worker
// fetched it, else fetched here under a create-only lease while the
// others wait for it.
func (g *Hosts) Robots(ctx context.Context, host string, fetch func(context.Context) (ingest.RobotsFile, error)) (ingest.RobotsFile, error) {
	key := hostKey(host)
	for {
		e, err := g.robots.Get(ctx, key)
		var rec robotsRecord
		switch {
		case err == nil:
			if json.Unmarshal(e.Value(), &rec) != nil {
				rec = robotsRecord{Pending: true} // unreadable: take it over below
			}
			if !rec.Pending {
				return ingest.RobotsFile{Status: rec.Status, Body: []byte(rec.Body)}, nil
			}
			if time.Since(rec.Since) < robotsLease {
				if err := sleep(ctx, 100*time.Millisecond); err != nil {
					return ingest.RobotsFile{}, err
				}
				continue
			}
		case !errors.Is(err, jetstream.ErrKeyNotFound):
			return ingest.RobotsFile{}, fmt.Errorf("host %s: read robots.txt: %w", host, err)
		}
		var rev uint64
		if e != nil {
			rev = e.Revision()
		}
		if took, err := g.lease(ctx, key, rev); err != nil || !took {
			if err != nil {
				return ingest.RobotsFile{}, fmt.Errorf("host %s: robots.txt lease: %w", host, err)
			}
			continue
		}
		return g.fetchRobots(ctx, host, key, fetch)
	}
}

// lease takes the right to fetch a host's robots.txt: it creates the
// key, or replaces a lease gone stale (rev).
func (g *Hosts) lease(ctx context.Context, key string, rev uint64) (bool, error) {
	b, _ := json.Marshal(robotsRecord{Pending: true, Since: time.Now()})
	var err error
	if rev == 0 {
		_, err = g.robots.Create(ctx, key, b)
	} else {
		_, err = g.robots.Update(ctx, key, b, rev)
	}
	if isConflict(err) {
		return false, nil
	}
	return err == nil, err
}

// fetchRobots fetches the file under the lease and shares it; on failure
// it gives the lease up so that the next worker tries.
func (g *Hosts) fetchRobots(ctx context.Context, host, key string, fetch func(context.Context) (ingest.RobotsFile, error)) (ingest.RobotsFile, error) {
	f, err := fetch(ctx)
	if err != nil {
		g.robots.Delete(context.WithoutCancel(ctx), key)
		return f, err
	}
	body := f.Body
	if len(body) > maxRobots {
		body = body[:maxRobots]
	}
	b, _ := json.Marshal(robotsRecord{Since: time.Now(), Status: f.Status, Body: string(body)})
	if _, err := g.robots.Put(ctx, key, b); err != nil {
		return f, fmt.Errorf("host %s: share robots.txt: %w", host, err)
	}
	return f, nil
}
