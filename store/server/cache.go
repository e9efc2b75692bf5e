package server

import (
	"net/http"
	"sync"
)

// answerCache keeps the JSON answers of GET /api/claims and /api/speakers
// until the store's next write (store.Generation): the same question asked
// again, as the pages and their readers do, costs a map lookup. An entry
// read in one generation is never served in another.
type answerCache struct {
	mu    sync.Mutex
	gen   uint64
	bytes int
	m     map[string][]byte
}

// Bounds of the cache; when either is reached it is emptied.
const (
	maxCacheBytes   = 32 << 20
	maxCacheEntries = 20_000
	maxCachedAnswer = 256 << 10
)

// get returns the answer to key cached in generation gen.
func (c *answerCache) get(gen uint64, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	b, ok := c.m[key]
	return b, ok
}

// put caches an answer computed entirely in generation gen.
func (c *answerCache) put(gen uint64, key string, b []byte) {
	if len(b) > maxCachedAnswer {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m == nil || c.bytes+len(b) > maxCacheBytes || len(c.m) >= maxCacheEntries {
		c.gen, c.m, c.bytes = gen, map[string][]byte{}, 0
	}
	c.m[key] = b
	c.bytes += len(b) + len(key)
}

// cached serves GET requests to h from the cache, and caches h's 200
// answers when the store was not written while h ran.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.NoCache {
			h(w, r)
			return
		}
		key := r.URL.Path + "?" + r.URL.RawQuery
		gen := s.st.Generation()
		if b, ok := s.cache.get(gen, key); ok {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Write(b)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h(rec, r)
		if rec.status == http.StatusOK && s.st.Generation() == gen {
			s.cache.put(gen, key, rec.body)
		}
	}
}

// recorder passes a response through and keeps a copy of its body.
type recorder struct {
	http.ResponseWriter
	status int
	body   []byte
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if len(r.body) <= maxCachedAnswer {
		r.body = append(r.body, b...)
	}
	return r.ResponseWriter.Write(b)
}
