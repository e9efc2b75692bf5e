package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"golang.org/x/net/publicsuffix"
)

// Key prefixes. Each is one byte; see the package documentation for the
// full layout. They are part of the on-disk format: changing one needs a
// schema version bump.
const (
	pMeta        = '!'
	pArticle     = 'a'
	pText        = 't'
	pClaim       = 'c'
	pSource      = 'u'
	pDate        = 'D'
	pSite        = 'W'
	pSpeakerTok  = 'S'
	pSpeakerRaw  = 'X'
	pSpeakerName = 'P'
	pEntityTok   = 'E'
	pEntityRaw   = 'Y'
	pPending     = 's'
	// Speaker linking (link.go).
	pLinks   = 'L'
	pPosting = 'B'
	pNode    = 'N'
	pEntity  = 'Q'
	pLocal   = 'Z'
)

var keySchema = []byte("!schema")

// maxNameKey bounds the bytes of a name inside a key. Longer names are cut
// at a rune boundary; the full name is in the entry's value and every
// lookup compares against the value, so cutting never causes a false match.
const maxNameKey = 256

// suffixFixed is the size of the claim reference that ends every index key
// less the article id: 8 bytes of inverted time before the id, a 0 byte and
// a 4-byte ordinal after it.
const suffixFixed = 8 + 1 + 4

// timeSec is the publication time an article is indexed under, in whole
// seconds. The zero time (undated) sorts as the oldest possible.
func timeSec(t time.Time) int64 { return t.Unix() }

// zeroSec is timeSec of an undated article.
var zeroSec = time.Time{}.Unix()

// invTime maps seconds to 8 bytes that sort newest first: the sign bit is
// flipped so that negative times order correctly as unsigned, then all bits
// are inverted.
func invTime(sec int64) uint64 { return ^(uint64(sec) ^ (1 << 63)) }

func secFromInv(u uint64) int64 { return int64(^u ^ (1 << 63)) }

// ref names one claim: its article and its position in the article.
type ref struct {
	article string
	ord     uint32
	sec     int64
}

// appendSuffix appends the part shared by every index key: inverted time,
// article id, 0, ordinal.
func appendSuffix(b []byte, r ref) []byte {
	b = binary.BigEndian.AppendUint64(b, invTime(r.sec))
	b = append(b, r.article...)
	b = append(b, 0)
	return binary.BigEndian.AppendUint32(b, r.ord)
}

// parseSuffix reads the claim reference at the end of an index key whose
// variable prefix is prefixLen bytes long.
func parseSuffix(key []byte, prefixLen int) (ref, error) {
	s := key[prefixLen:]
	if len(s) < suffixFixed+1 || s[len(s)-5] != 0 {
		return ref{}, fmt.Errorf("malformed index key %q", key)
	}
	return ref{
		sec:     secFromInv(binary.BigEndian.Uint64(s[:8])),
		article: string(s[8 : len(s)-5]),
		ord:     binary.BigEndian.Uint32(s[len(s)-4:]),
	}, nil
}

// parseNameKey splits an index key on a name (prefix byte, name, 0, REF)
// into the name and the claim reference. Names in keys have no NUL, so
// the name ends at the first one, whatever bytes the reference holds.
func parseNameKey(key []byte) ([]byte, ref, error) {
	sep := bytes.IndexByte(key, 0)
	if sep < 0 {
		return nil, ref{}, fmt.Errorf("malformed index key %q", key)
	}
	r, err := parseSuffix(key, sep+1)
	return key[1:sep], r, err
}

// namePrefix is the prefix of an index on a name: prefix byte, the name (cut
// to maxNameKey, NULs dropped), 0.
func namePrefix(p byte, name string) []byte {
	name = keyName(name)
	b := make([]byte, 0, 2+len(name)+suffixFixed+24)
	b = append(b, p)
	b = append(b, name...)
	return append(b, 0)
}

// keyName is a name as it stands in a key: without NULs, which separate a
// key's parts, and cut to maxNameKey at a rune boundary.
func keyName(name string) string {
	name = strings.ReplaceAll(name, "\x00", "")
	if len(name) <= maxNameKey {
		return name
	}
	cut := maxNameKey
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut]
}

func articleKey(id string) []byte { return append([]byte{pArticle}, id...) }
func textKey(id string) []byte    { return append([]byte{pText}, id...) }
func sourceKey(src string) []byte { return append([]byte{pSource}, src...) }

// claimPrefix is the prefix of every claim of an article; claims follow in
// article order because the ordinal is big-endian.
func claimPrefix(id string) []byte {
	b := append([]byte{pClaim}, id...)
	return append(b, 0)
}

func claimKey(r ref) []byte {
	return binary.BigEndian.AppendUint32(claimPrefix(r.article), r.ord)
}

// foldSite is the form sites are indexed and matched in: a site name
// lower-cased ("reuters"), or a host name reduced to its registered
// domain ("www.reuters.com", "uk.reuters.com": "reuters.com"), so that a
// query by a host finds every article of its domain.
func foldSite(site string) string {
	site = strings.ToLower(strings.TrimSpace(site))
	site = strings.TrimPrefix(site, "www.")
	if strings.Contains(site, ".") && !strings.ContainsAny(site, " /:") {
		if d, err := publicsuffix.EffectiveTLDPlusOne(site); err == nil {
			return d
		}
	}
	return site
}

// articleSites are the site terms an article's claims are indexed and
// matched under: its site name and the registered domain of its URL,
// once each, so that --site finds "Reuters" by reuters.com.
func articleSites(site, rawURL string) []string {
	var out []string
	if s := foldSite(site); s != "" {
		out = append(out, s)
	}
	if u, err := url.Parse(rawURL); err == nil && u.Hostname() != "" {
		if d := foldSite(u.Hostname()); d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// kv is one entry to write.
type kv struct {
	key, val []byte
}

// claimSpeakers lists a claim's speakers once each: the first speaker, then
// any others in the speakers array.
func claimSpeakers(c *claims.Claim) []claims.Speaker {
	var out []claims.Speaker
	seen := map[string]bool{}
	add := func(s claims.Speaker) {
		if strings.TrimSpace(s.Name) == "" || seen[s.Name] {
			return
		}
		seen[s.Name] = true
		out = append(out, s)
	}
	if c.Speaker != nil {
		add(*c.Speaker)
	}
	for _, s := range c.Speakers {
		add(s)
	}
	return out
}

// speakerRecord is the value of a pSpeakerName entry: the name as the
// article wrote it and the title it gave, so `claims speakers` needs no
// claim reads.
type speakerRecord struct {
	Name  string `json:"n"`
	Title string `json:"t,omitempty"`
	// Type is the speaker's type, which with the name decides its node
	// for every name but a person's short one (entityPlan).
	Type string `json:"y,omitempty"`
}

// indexEntries derives every index entry of one claim. It is a pure
// function of the claim and its article's date and site, which is what lets
// Put delete an article's old entries by re-deriving them from the old
// claims.
func indexEntries(r ref, sites []string, c *claims.Claim) ([]kv, error) {
	suffix := appendSuffix(nil, r)
	withSuffix := func(prefix []byte) []byte { return append(prefix, suffix...) }
	var out []kv
	kind := []byte(c.Kind)
	out = append(out, kv{withSuffix([]byte{pDate}), kind})
	for _, site := range sites {
		out = append(out, kv{withSuffix(namePrefix(pSite, site)), []byte(site)})
	}
	// Token postings: one key per token, whose value lists every normalised
	// name on this claim that has the token (two speakers may share a
	// surname).
	addNames := func(tokPrefix, rawPrefix byte, names []string) {
		tokNames := map[string][]string{}
		var order []string
		seenRaw := map[string]bool{}
		for _, name := range names {
			if raw := strings.TrimSpace(name); !seenRaw[raw] {
				seenRaw[raw] = true
				out = append(out, kv{withSuffix(namePrefix(rawPrefix, raw)), []byte(raw)})
			}
			toks := claims.NameWords(name)
			norm := strings.Join(toks, " ")
			for _, t := range toks {
				if _, ok := tokNames[t]; !ok {
					order = append(order, t)
				}
				if !slices.Contains(tokNames[t], norm) {
					tokNames[t] = append(tokNames[t], norm)
				}
			}
		}
		for _, t := range order {
			out = append(out, kv{withSuffix(namePrefix(tokPrefix, t)), []byte(strings.Join(tokNames[t], "\x00"))})
		}
	}
	speakers := claimSpeakers(c)
	names := make([]string, len(speakers))
	seenNorm := map[string]bool{}
	for i, sp := range speakers {
		names[i] = sp.Name
		norm := claims.NormalizeName(sp.Name)
		if norm == "" || seenNorm[norm] {
			continue
		}
		seenNorm[norm] = true
		v, err := encodeJSON(speakerRecord{Name: sp.Name, Title: sp.Title, Type: sp.Type})
		if err != nil {
			return nil, err
		}
		out = append(out, kv{withSuffix(namePrefix(pSpeakerName, norm)), v})
	}
	addNames(pSpeakerTok, pSpeakerRaw, names)
	var ents []string
	for _, e := range c.Entities {
		if strings.TrimSpace(e.Name) != "" {
			ents = append(ents, e.Name)
		}
	}
	addNames(pEntityTok, pEntityRaw, ents)
	return out, nil
}

// seekTime is the first key under prefix for claims published before
// untilSec (exclusive), newest first.
func seekTime(prefix []byte, untilSec int64) []byte {
	b := append([]byte(nil), prefix...)
	if untilSec == math.MinInt64 {
		return b
	}
	return binary.BigEndian.AppendUint64(b, invTime(untilSec-1))
}

// binaryOrd is the ordinal at the end of a claim key.
func binaryOrd(claimKey []byte) uint32 {
	return binary.BigEndian.Uint32(claimKey[len(claimKey)-4:])
}

// bytesIndex0 is the index of the first NUL in b, or len(b) if there is
// none: where the article id of a claim key, or the name of a name-index
// key, ends.
func bytesIndex0(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return len(b)
}
