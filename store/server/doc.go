// Package server serves an open claims store over HTTP: a JSON API (the
// objects of ../shared/spec/formats.md, as `claims query --json` prints
// them) and server-rendered web pages for people: search, a speaker, an
// article, a quote.
//
// # Contract
//
//   - The API: GET /api/claims, /api/speakers, /api/articles/{id},
//     /api/stats, /api/check, /api/sources, /api/jobs/{id}, /healthz;
//     POST /api/ingest (sources, run by the Ingester cmd wires in) and
//     POST /api/articles (one extracted article, stored as store.Put
//     stores it). Errors are {"error": message, "status": code} with the
//     status the error calls for: 400 for a bad request or query, 401 and
//     403 for auth and origin, 404, 405, 413 for a body over its limit,
//     500 for the store's own failures.
//   - Lists are capped: at most MaxClaimsPage claims and MaxSpeakersPage
//     speakers per request; longer answers are read with the "next"
//     cursor.
//   - Safety: POST needs the token (Authorization: Bearer) and a
//     same-origin or origin-less request with a JSON body; with
//     Options.TokenForReads every request needs it (header, cookie, or
//     ?token= once, which sets the cookie). On a loopback address the Host
//     header must name loopback (DNS rebinding). Every response carries a
//     Content-Security-Policy that allows only the server's own scripts
//     and styles; every piece of article text goes through html/template.
//   - Answers of GET /api/claims and /api/speakers are kept until the
//     store's next write (store.Generation) and never served after it.
//   - Pages work without JavaScript; app.js only suggests speaker names
//     as one types.
//   - A client (Open) reaches the server holding a store through the note
//     the server leaves in the store's lock (store.Advertise), and is a
//     Backend like the store itself, so that a command behaves the same
//     either way.
package server
