package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// The audit log: every access to personal data and every decision is an
// Event, appended to a hash chain kept in the store. Each event's Hash is
// an HMAC, under a key derived from the store's master key, of the
// previous event's hash and the event itself; the chain's head (count and
// last hash) is written in the same transaction as the event. So a changed
// event, a removed one, two swapped and a cut tail all break the chain,
// and [VerifyAudit] names the first broken link. Records are named by a
// keyed pseudonym ([Pseudonym]), not by source and id, so that an erased
// record leaves no identifier in the log.

const (
	auditTable = "audit"      // zero-padded sequence number → Event
	auditHead  = "audit-head" // "head" → Head
	headKey    = "head"
)

// Event is one audited action.
type Event struct {
	Seq       uint64    `json:"seq"`
	At        time.Time `json:"at"`
	Action    string    `json:"action"`
	Token     string    `json:"token,omitempty"`
	Org       string    `json:"org,omitempty"`
	Role      Role      `json:"role,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
	// Records are the pseudonyms of the records the action read or
	// changed; Match the match it concerned.
	Records []string `json:"records,omitempty"`
	Match   string   `json:"match,omitempty"`
	// Detail says more, without personal data: a verdict, a count.
	Detail string `json:"detail,omitempty"`
	Prev   string `json:"prev"`
	Hash   string `json:"hash"`
}

// Head is the chain's end as the store last wrote it.
type Head struct {
	Count uint64 `json:"count"`
	Hash  string `json:"hash"`
}

// The audited actions.
const (
	ActRecordsWrite  = "records.write"
	ActRecordRead    = "record.read"
	ActCandidates    = "candidates.read"
	ActSearch        = "search"
	ActMatchesList   = "matches.list"
	ActMatchRead     = "match.read"
	ActDecision      = "match.decision"
	ActConsent       = "match.consent"
	ActReopen        = "match.reopen"
	ActErase         = "record.erase"
	ActTokenCreate   = "token.create"
	ActTokenRevoke   = "token.revoke"
	ActAuditRead     = "audit.read"
	ActAuthFailure   = "auth.failure"
	ActAccessRefused = "access.refused"
)

// KeyStore is a store that derives keys for the service's own purposes
// (index.Store does); the audit chain needs one for its MAC and one for
// pseudonyms.
type KeyStore interface {
	ServiceKey(label string) ([]byte, error)
}

// auditLog appends events; one writer at a time. It also commits the
// documents an event records (a decision's match, the matches a write
// made), in the same transaction as the event, so that a change and its
// event are durable together or not at all.
type auditLog struct {
	ds     engine.DocStore
	macKey []byte
	pseudo []byte

	// Events are committed in groups: one caller at a time writes every
	// event that waits, in one durable transaction, so that concurrent
	// requests share a disk sync instead of queueing for one each.
	groups groups[*auditWait]
	head   Head // the chain's end; only the writer changes it
	// observe, if set, is told each group's size and the time it took
	// to write, and observeWait each caller's wait from handing its
	// events over to their being durable (the server's metrics).
	observe     func(n int, d time.Duration)
	observeWait func(d time.Duration)
}

// auditWait is what one caller commits: events and documents.
type auditWait struct {
	events []Event
	docs   []engine.DocWrite
}

func openAudit(ctx context.Context, st interface {
	engine.DocStore
	KeyStore
}) (*auditLog, error) {
	mac, err := st.ServiceKey("audit chain v1")
	if err != nil {
		return nil, err
	}
	pseudo, err := st.ServiceKey("record pseudonyms v1")
	if err != nil {
		return nil, err
	}
	a := &auditLog{ds: st, macKey: mac, pseudo: pseudo}
	b, err := st.Doc(ctx, auditHead, headKey)
	switch {
	case errors.Is(err, engine.ErrNotFound):
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(b, &a.head); err != nil {
			return nil, fmt.Errorf("api: audit head: %w", err)
		}
	}
	return a, nil
}

// Pseudonym names a record in the audit log: a keyed hash of its key, the
// same for every event, which tells nothing without the store's key.
func Pseudonym(key []byte, k engine.Key) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(k.Source))
	m.Write([]byte{0})
	m.Write([]byte(k.ID))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

func (a *auditLog) pseudonyms(keys []engine.Key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Pseudonym(a.pseudo, k)
	}
	return out
}

// chainHash is the MAC of an event, its Hash left out, after prev.
func chainHash(key []byte, e Event) string {
	e.Hash = ""
	b, _ := json.Marshal(e) // an Event always marshals
	m := hmac.New(sha256.New, key)
	m.Write([]byte(e.Prev))
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil))
}

func seqKey(n uint64) string { return fmt.Sprintf("%020d", n) }

// append writes e as the chain's next event, with the chain's head,
// durably, and returns once it is written.
func (a *auditLog) append(ctx context.Context, e Event) error {
	return a.commit(ctx, []Event{e}, nil)
}

// commit writes the events, in order, as the chain's next ones, and the
// documents, in one durable transaction with the chain's head, and
// returns once they are written. Callers that arrive while a group is
// being written go, together, in a later group (see groups); the
// documents of a group are applied in the order their callers arrived.
func (a *auditLog) commit(ctx context.Context, events []Event, docs []engine.DocWrite) error {
	handed := time.Now()
	err := a.groups.commit(ctx, &auditWait{events: events, docs: docs}, func(ctx context.Context, group []*auditWait) error {
		start := time.Now()
		err := a.writeGroup(ctx, group)
		if a.observe != nil {
			a.observe(len(group), time.Since(start))
		}
		return err
	})
	if a.observeWait != nil {
		a.observeWait(time.Since(handed))
	}
	return err
}

// writeGroup chains the events of group after the head and writes them
// and the group's documents with the new head in one transaction; only
// the writer calls it.
func (a *auditLog) writeGroup(ctx context.Context, group []*auditWait) error {
	head := a.head
	var writes []engine.DocWrite
	for _, g := range group {
		writes = append(writes, g.docs...)
		for _, e := range g.events {
			e.Seq = head.Count + 1
			e.Prev = head.Hash
			e.At = e.At.UTC()
			e.Hash = chainHash(a.macKey, e)
			eb, err := json.Marshal(e)
			if err != nil {
				return err
			}
			writes = append(writes, engine.DocWrite{Table: auditTable, Key: seqKey(e.Seq), Value: eb})
			head = Head{Count: e.Seq, Hash: e.Hash}
		}
	}
	if head != a.head {
		hb, err := json.Marshal(head)
		if err != nil {
			return err
		}
		writes = append(writes, engine.DocWrite{Table: auditHead, Key: headKey, Value: hb})
	}
	if len(writes) == 0 {
		return nil
	}
	if err := a.ds.PutDocs(ctx, writes...); err != nil {
		return fmt.Errorf("api: writing the audit log: %w", err)
	}
	a.head = head
	return nil
}

// AuditBreak is where a chain stops verifying.
type AuditBreak struct {
	Seq    uint64 // the first event that does not verify; Count+1 for the head
	Reason string
}

func (b *AuditBreak) Error() string {
	return fmt.Sprintf("audit chain broken at event %d: %s", b.Seq, b.Reason)
}

// VerifyAudit recomputes the store's audit chain and returns the number of
// events, or an *AuditBreak naming the first broken link.
func VerifyAudit(ctx context.Context, st interface {
	engine.DocStore
	KeyStore
}) (uint64, error) {
	a, err := openAudit(ctx, st)
	if err != nil {
		return 0, err
	}
	var n uint64
	prev := ""
	err = st.ScanDocs(ctx, auditTable, "", func(k string, v []byte) error {
		n++
		var e Event
		if err := json.Unmarshal(v, &e); err != nil {
			return &AuditBreak{n, "not an event: " + err.Error()}
		}
		switch {
		case k != seqKey(e.Seq):
			return &AuditBreak{n, fmt.Sprintf("event %d is stored as number %s: moved", e.Seq, k)}
		case e.Seq != n:
			return &AuditBreak{n, fmt.Sprintf("event %d follows event %d: events missing or reordered", e.Seq, n-1)}
		case e.Prev != prev:
			return &AuditBreak{n, "it does not follow the event before it: reordered, or one removed"}
		case e.Hash != chainHash(a.macKey, e):
			return &AuditBreak{n, "its hash does not match its content: altered"}
		}
		prev = e.Hash
		return nil
	})
	if err != nil {
		return n, err
	}
	switch {
	case a.head.Count != n:
		return n, &AuditBreak{min(n, a.head.Count) + 1, fmt.Sprintf("the head says %d events, the log holds %d: events removed at the end", a.head.Count, n)}
	case a.head.Hash != prev:
		return n, &AuditBreak{n + 1, "the head does not match the last event"}
	}
	return n, nil
}

// AuditFilter selects events for GET /v1/audit.
type AuditFilter struct {
	Record       string // a pseudonym
	Token        string
	Since, Until time.Time
}

// events returns the events f selects, oldest first, from offset, at most
// limit, and the number selected.
func (a *auditLog) events(ctx context.Context, f AuditFilter, offset, limit int) ([]Event, int, error) {
	var out []Event
	total := 0
	err := a.ds.ScanDocs(ctx, auditTable, "", func(_ string, v []byte) error {
		var e Event
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		switch {
		case f.Token != "" && e.Token != f.Token:
		case !f.Since.IsZero() && e.At.Before(f.Since):
		case !f.Until.IsZero() && !e.At.Before(f.Until):
		case f.Record != "" && !slices.Contains(e.Records, f.Record):
		default:
			if total >= offset && len(out) < limit {
				out = append(out, e)
			}
			total++
		}
		return nil
	})
	return out, total, err
}

// audit records an action of the caller; the request fails if it cannot
// be recorded, so that nothing is read unrecorded.
// The caller's turn at work is given up: what remains is to wait for
// the sync.
func (s *Server) audit(ctx context.Context, c *caller, action string, keys []engine.Key, match, detail string) error {
	e := s.event(c, action, keys, match, detail)
	if c == nil {
		return s.auditLog.append(ctx, e)
	}
	c.turn.give()
	start := time.Now()
	err := s.auditLog.append(ctx, e)
	c.durable += time.Since(start)
	return err
}

// event is the audit event of an action of the caller (nil: the server's
// own).
func (s *Server) event(c *caller, action string, keys []engine.Key, match, detail string) Event {
	e := Event{At: s.opt.Now(), Action: action, Records: s.auditLog.pseudonyms(keys), Match: match, Detail: detail}
	if c != nil {
		e.Token, e.Org, e.Role, e.RequestID = c.ID, c.Org, c.Role, c.requestID
	}
	return e
}

// AppendAudit records an action taken outside the server (a token made
// or revoked from the command line), by the operator who holds the key.
func AppendAudit(ctx context.Context, st interface {
	engine.DocStore
	KeyStore
}, action, detail string, now time.Time) error {
	a, err := openAudit(ctx, st)
	if err != nil {
		return err
	}
	return a.append(ctx, Event{At: now, Action: action, Token: "operator", Detail: detail})
}

// AuditList is the answer to GET /v1/audit.
type AuditList struct {
	Events []Event `json:"events"`
	Total  int     `json:"total"`
	Next   int     `json:"next"`
}

func (s *Server) getAudit(w http.ResponseWriter, r *http.Request, c *caller) error {
	q := r.URL.Query()
	var f AuditFilter
	if src, id := q.Get("source"), q.Get("id"); src != "" || id != "" {
		if src == "" || id == "" {
			return problemf(http.StatusBadRequest, "bad-request", "source and id go together")
		}
		f.Record = Pseudonym(s.auditLog.pseudo, engine.Key{Source: src, ID: id})
	}
	f.Token = q.Get("token")
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return problemf(http.StatusBadRequest, "bad-request", "%s must be an RFC 3339 time", p.name)
			}
			*p.dst = t
		}
	}
	limit, err := intParam(q.Get("limit"), 100, 1, 1000, "limit")
	if err != nil {
		return err
	}
	offset, err := intParam(q.Get("offset"), 0, 0, 1<<30, "offset")
	if err != nil {
		return err
	}
	evs, total, err := s.auditLog.events(r.Context(), f, offset, limit)
	if err != nil {
		return err
	}
	if err := s.audit(r.Context(), c, ActAuditRead, nil, "", strconv.Itoa(len(evs))+" events"); err != nil {
		return err
	}
	out := AuditList{Events: evs, Total: total, Next: -1}
	if out.Events == nil {
		out.Events = []Event{}
	}
	if offset+len(evs) < total {
		out.Next = offset + len(evs)
	}
	return writeJSON(w, http.StatusOK, out)
}
