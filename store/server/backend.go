package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// Backend is what a command reads and writes: an open *store.Store, or a
// *Client of the server holding the store.
type Backend interface {
	Query(ctx context.Context, q store.Query, fn func(store.Result) error) error
	Speakers(ctx context.Context, q store.SpeakerQuery) ([]store.SpeakerCount, error)
	Article(ctx context.Context, ref string) (claims.Article, []claims.Claim, error)
	Group(ctx context.Context, id string) (store.Group, error)
	GroupHead(ctx context.Context, id string) (store.Group, error)
	Stats(ctx context.Context) (store.Stats, error)
	Check(ctx context.Context) error
	Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (store.PutResult, error)
	HasSource(ctx context.Context, source string) (bool, error)
	Close() error
}

var (
	_ Backend = (*store.Store)(nil)
	_ Backend = (*Client)(nil)
)

// dialTimeout bounds the health check that tells a live server from a
// stale note.
const dialTimeout = 3 * time.Second

// Open returns the store in dir for a command: a client of the claims
// server holding it when there is one, else the store itself, opened with
// opts. A store held by another process that is not a server fails with
// store.ErrInUse, as store.Open does.
func Open(ctx context.Context, dir string, opts store.Options) (Backend, error) {
	c, err := Dial(ctx, dir)
	if err != nil || c != nil {
		return c, err
	}
	st, err := store.Open(dir, opts)
	if errors.Is(err, store.ErrInUse) {
		// A server may have taken the store since we looked.
		if c, derr := Dial(ctx, dir); derr == nil && c != nil {
			return c, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// Dial returns a client of the server holding the store in dir, or nil
// when no server holds it. The token is $CLAIMS_TOKEN, else what the
// server left in TokenFile. A server that advertised itself and does not
// answer as itself is an error wrapping store.ErrInUse.
func Dial(ctx context.Context, dir string) (*Client, error) {
	held, raw, err := store.ReadHolder(dir)
	if err != nil || !held || len(raw) == 0 {
		return nil, err
	}
	var note Note
	if json.Unmarshal(raw, &note) != nil || note.URL == "" {
		return nil, nil
	}
	token := os.Getenv("CLAIMS_TOKEN")
	if token == "" {
		if b, err := os.ReadFile(filepath.Join(dir, TokenFile)); err == nil {
			token = strings.TrimSpace(string(b))
		}
	}
	c := NewClient(note.URL, token)
	c.dir = dir
	hctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	var h HealthJSON
	if err := c.do(hctx, http.MethodGet, "/healthz", nil, &h); err != nil || h.Instance != note.Instance {
		if err == nil {
			err = fmt.Errorf("another server (%s) answers there", h.Store)
		}
		return nil, fmt.Errorf("%w: store %s is held by claims serve (pid %d) at %s, which does not answer: %v",
			store.ErrInUse, dir, note.PID, note.URL, err)
	}
	return c, nil
}
