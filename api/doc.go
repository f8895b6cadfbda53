// Package api is rflmatch's HTTP API: where caseworkers, forensic liaison
// officers and reviewers submit records, read the candidates of a case, and
// decide on matches. It stands on a [Store] (index.Store in the binary) and
// the engine's candidate query; cmd/rflmatch only wires it ('rflmatch
// serve').
//
// # Matching at every write
//
// Every record stored or changed through POST /v1/records is matched at
// once, both ways: a sought person's case (tracing request, ante-mortem
// data) is queried against the stored remains, registrations and other
// sought cases; a body or a registration is queried for the sought cases
// it could be, and each of those is queried again, because the new record
// changes their candidates and the probabilities of their other
// candidates. A candidate pair whose probability reaches
// [Options].ProposeAt becomes a match (an [engine.Review]) with an id; an
// open match takes the current figures at each query of its sought case,
// and drops to probability 0 when its record is no longer a candidate. A
// rejected pair never comes back as a candidate, whatever is re-ingested;
// a settled match (a confirmed identification or reciprocal search, or a
// registration whose person answered on consent) takes both its records
// out of every other case's candidates and proposals. Records written from
// the command line are matched by [Server.Sweep], which 'rflmatch serve'
// runs at start.
//
// A write may ask to be answered first and matched just after
// (?matching=background): it is answered once its records and its audit
// event are durable, with "matching": "pending", and a goroutine matches
// the queued writes in order ([Options].MatchQueue bounds the queue; a
// write that finds it full waits). That a write waits is durable with it,
// so a server killed first matches it at its next start ([Server.Warm]).
//
// # Who may do what
//
// Requests carry a bearer token (Authorization: Bearer rfl_…), stored only
// as its SHA-256. A token has one [Role] in one organisation. A record
// belongs to the organisation that owns its source: the first that wrote
// into it, through the API or 'rflmatch ingest --org'. Another
// organisation's token cannot write into that source.
//
//	endpoint                              pmd_submitter  tracer          reviewer         admin  partner
//	POST /v1/records                      own PMD        own TR/AM/reg   -                -      -
//	GET  /v1/records/{source}/{id}        own PMD, whole own TR/AM/reg,  any, restricted  -      -
//	                                                     whole           fields removed
//	GET  …/{id}/candidates                own PMD        own records     any              -      -
//	GET  /v1/search                       any, restricted fields removed but for own records   -      -
//	GET  /v1/matches, /v1/matches/{id}    own org's      own org's       all              all    -
//	POST /v1/matches/{id}/decisions       -              first decision  any decision     -      -
//	                                                     on own org's
//	POST /v1/matches/{id}/consent         -              registering org yes              -      -
//	POST /v1/matches/{id}/reopen          -              -               -                yes    -
//	DELETE /v1/records/{source}/{id}      -              -               -                yes    -
//	/v1/tokens, GET /v1/audit             -              -               -                yes    -
//
// Candidate lists and match views cross organisations, as matching must,
// but show other records only as [Restricted] leaves them: no enquirer,
// phone numbers, notes, consent, nor a registration's precise place. A
// record the caller may not read answers 404, as an absent one does.
//
// # Consent before release
//
// A registration match, once confirmed, waits for the found person's
// answer (POST …/consent). Only then does the sought person's side (its
// organisation's tracers, and reviewers) get the registration's
// whereabouts and phones in the match view's "released", and only if the
// answer was yes; a no releases only that the person was found alive and
// does not wish contact.
//
// # Audit and erasure
//
// Every read of a record, candidate list, match list or view, write,
// decision, consent, reopening, erasure, token change and refused read is
// an [Event] in a hash chain kept in the store, appended before the answer
// goes out (a request whose event cannot be written fails). Events name
// records by a keyed pseudonym ([Pseudonym]); [VerifyAudit] recomputes the
// chain. DELETE /v1/records/{source}/{id} erases a record for good
// (index.Store.Erase): its matches are closed as erased and no longer name
// it.
//
// # Under load
//
// Writes are committed in groups: the record submissions that arrive
// while one group is being written go to the store together, in one
// batch, and audit events (with the matches and decisions they record)
// likewise, in one transaction each, so that concurrent requests share a
// disk sync. A request is answered only once what it wrote, and its audit
// event, is durable; reads do not wait for the syncs of other requests'
// writes (the store syncs its commits after applying them). Requests
// take turns at work ([Options].MaxWorking, a few per core): the others
// wait outside, in arrival order, rather than all contending inside the
// store; a request waiting for a sync gives its turn up. Matching after a write takes turns of its own
// ([Options].MaxMatching), so that it leaves candidate lists their share
// of the machine. Queries score with the store's models read once. The
// figures are in /metrics (rflmatch_commit_duration_seconds,
// rflmatch_commit_group_size, rflmatch_audit_wait_seconds, and
// rflmatch_candidate_query_duration_seconds by who waits for the query)
// and 'rflmatch bench load' drives the whole at fixed rates.
//
// # Errors, logs and metrics
//
// Errors are application/problem+json (RFC 9457) with a stable type per
// kind ([ProblemKinds]). Each request is logged once with its request id,
// route pattern, status, time and token id, never a path, a name or a
// body, and with where its time went when it spent any there: turn_ms
// waiting for a turn at work, query_ms in the candidate queries it waited
// for, durable_ms waiting for its writes or its audit event to be durable. /metrics serves Prometheus metrics (rflmatch_… names); /healthz
// and /readyz answer probes; /openapi.json is the contract ([OpenAPI]).
package api
