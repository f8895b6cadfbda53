package engine

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// A Review is a candidate pair put to people for a decision: what the API
// calls a match. The engine ranks; people decide. Its path depends on what
// the pair is (see [ReviewKind]), and every step is kept in Decisions so
// that who decided what, when and why can always be read back.
type Review struct {
	ID   string     `json:"id"`
	Kind ReviewKind `json:"kind"`
	// Sought is the sought person's case (its tracing request's key, or
	// its ante-mortem record's); Found the body, the registration or, for
	// a reciprocal search, the other sought person's case. Two sought
	// cases are ordered by key, so that a pair has one review.
	Sought Key `json:"sought"`
	Found  Key `json:"found"`
	// Score and Probability are the pair's figures from the sought case's
	// latest candidate query.
	Score       float64      `json:"score"`
	Probability float64      `json:"probability"`
	Status      ReviewStatus `json:"status"`
	Decisions   []Decision   `json:"decisions"`
	Created     time.Time    `json:"created"`
	Updated     time.Time    `json:"updated"`
	// Scored is when Score and Probability were last computed.
	Scored time.Time `json:"scored"`
}

// ReviewKind is which path a review follows.
type ReviewKind string

// The kinds of review.
const (
	// RemainsReview: a sought person and a body. An identification
	// needs two confirmations by two people, at least one a reviewer.
	RemainsReview ReviewKind = "remains"
	// RegistrationReview: a sought person and a living person's
	// registration. Once confirmed, the found person is asked whether
	// their whereabouts may be shared.
	RegistrationReview ReviewKind = "registration"
	// ReciprocalReview: two sought people (relatives looking for each
	// other, or one person traced twice). One confirmation.
	ReciprocalReview ReviewKind = "reciprocal"
)

// ReviewKindOf says which review a pair of record kinds gets, and orders
// the pair: sought first. ok is false for a pair that is never reviewed
// (two bodies, two registrations, a body and a registration).
func ReviewKindOf(a Key, ak Kind, b Key, bk Kind) (kind ReviewKind, sought, found Key, ok bool) {
	sa, sb := ak.Sought(), bk.Sought()
	switch {
	case sa && sb:
		if b.Source < a.Source || (b.Source == a.Source && b.ID < a.ID) {
			a, b = b, a
		}
		return ReciprocalReview, a, b, true
	case sb:
		a, b, ak, bk = b, a, bk, ak
	case !sa:
		return "", Key{}, Key{}, false
	}
	switch bk {
	case PostMortem:
		return RemainsReview, a, b, true
	case Registration:
		return RegistrationReview, a, b, true
	}
	return "", Key{}, Key{}, false
}

// Sought reports whether records of kind k describe a missing person as
// their family describes them: tracing requests and ante-mortem data.
func (k Kind) Sought() bool { return k == TracingRequest || k == AnteMortem }

// ReviewStatus is where a review stands.
type ReviewStatus string

// The statuses of a review.
const (
	Proposed        ReviewStatus = "proposed"
	AwaitingSecond  ReviewStatus = "awaiting_second"
	Confirmed       ReviewStatus = "confirmed"
	Rejected        ReviewStatus = "rejected"
	AwaitingConsent ReviewStatus = "awaiting_consent"
	ConsentGiven    ReviewStatus = "consent_given"
	Declined        ReviewStatus = "declined"
	// Erased: one of its records was erased on request; the review
	// keeps its decisions but no longer names that record.
	Erased ReviewStatus = "erased"
)

// ReviewStatuses lists every status, in the order of the paths.
var ReviewStatuses = []ReviewStatus{Proposed, AwaitingSecond, AwaitingConsent, Confirmed, ConsentGiven, Declined, Rejected, Erased}

// Open reports whether the review still waits for people: it is re-scored
// when its records change, and shows in the queue.
func (s ReviewStatus) Open() bool {
	return s == Proposed || s == AwaitingSecond || s == AwaitingConsent
}

// Settles reports whether the status answers the search: a confirmed
// identification, a confirmed reciprocal search, or a found person who was
// asked for consent. Both records of a settled review leave the open pool.
func (s ReviewStatus) Settles() bool {
	return s == Confirmed || s == ConsentGiven || s == Declined
}

// Verdict is what one decision says.
type Verdict string

// The verdicts.
const (
	Confirm Verdict = "confirm"
	Reject  Verdict = "reject"
	// ConsentYes and ConsentNo record the found person's answer.
	ConsentYes Verdict = "consent_given"
	ConsentNo  Verdict = "consent_declined"
	// Reopen puts a decided review back to proposed.
	Reopen Verdict = "reopen"
	// EraseRecord records that one of the pair's records was erased.
	EraseRecord Verdict = "erase"
)

// ReasonCode is why a decision was taken, from a fixed list so that
// decisions can be counted and audited.
type ReasonCode string

// RejectReasons are the reasons a pair may be rejected for.
var RejectReasons = []ReasonCode{
	"name_mismatch", "sex_mismatch", "age_mismatch", "dental_conflict", "dna_exclusion",
	"dates_impossible", "place_impossible", "description_conflict", "duplicate", "other_evidence",
}

// ConfirmReasons are the evidence a confirmation may rest on.
var ConfirmReasons = []ReasonCode{
	"dna_match", "dental_match", "fingerprints", "documents", "visual_recognition",
	"personal_effects", "family_confirmed", "other_evidence",
}

// ReopenReasons are why an admin may reopen a decided review.
var ReopenReasons = []ReasonCode{"decided_in_error", "new_evidence", "consent_withdrawn", "other_evidence"}

// Decision is one step of a review, as it was taken.
type Decision struct {
	Verdict Verdict    `json:"verdict"`
	Reason  ReasonCode `json:"reason,omitempty"`
	Note    string     `json:"note,omitempty"`
	// Actor is who decided (an opaque id, never a name); Org their
	// organisation; Reviewer whether they hold the reviewer role, which
	// the second confirmation of an identification needs.
	Actor    string    `json:"actor"`
	Org      string    `json:"org"`
	Reviewer bool      `json:"reviewer"`
	At       time.Time `json:"at"`
	// From and To are the statuses before and after.
	From ReviewStatus `json:"from"`
	To   ReviewStatus `json:"to"`
}

// The errors of Decide. ErrBadDecision is a decision that is malformed
// whatever the state; ErrDecisionConflict one the review's state does not
// allow (it was decided meanwhile, or the same person confirms twice).
var (
	ErrBadDecision      = errors.New("bad decision")
	ErrDecisionConflict = errors.New("decision not allowed now")
)

// MaxNoteLen bounds a decision's free-text note, in bytes.
const MaxNoteLen = 4000

// Decide applies d to the review, appends it to Decisions with its From
// and To, and sets Updated to d.At. Confirm and Reject are the caseworkers'
// verdicts; ConsentYes and ConsentNo record the found person's answer;
// Reopen is an admin's (the caller checks roles). The review is unchanged
// when Decide returns an error.
func (r *Review) Decide(d Decision) error {
	if len(d.Note) > MaxNoteLen {
		return fmt.Errorf("%w: note longer than %d bytes", ErrBadDecision, MaxNoteLen)
	}
	if d.Actor == "" {
		return fmt.Errorf("%w: no actor", ErrBadDecision)
	}
	if err := checkReason(d); err != nil {
		return err
	}
	to, err := r.next(d)
	if err != nil {
		return err
	}
	d.From, d.To = r.Status, to
	r.Status = to
	r.Decisions = append(r.Decisions, d)
	r.Updated = d.At
	return nil
}

func checkReason(d Decision) error {
	var list []ReasonCode
	required := true
	switch d.Verdict {
	case Reject:
		list = RejectReasons
	case Confirm:
		list, required = ConfirmReasons, false
	case Reopen:
		list = ReopenReasons
	case ConsentYes, ConsentNo:
		if d.Reason != "" {
			return fmt.Errorf("%w: a consent answer takes no reason", ErrBadDecision)
		}
		return nil
	default:
		return fmt.Errorf("%w: unknown verdict %q", ErrBadDecision, d.Verdict)
	}
	switch {
	case d.Reason == "" && required:
		return fmt.Errorf("%w: %s needs a reason, one of %v", ErrBadDecision, d.Verdict, list)
	case d.Reason != "" && !slices.Contains(list, d.Reason):
		return fmt.Errorf("%w: reason %q is not one of %v", ErrBadDecision, d.Reason, list)
	}
	return nil
}

// next is the status d leads to from the review's current one.
func (r *Review) next(d Decision) (ReviewStatus, error) {
	conflict := func(why string) (ReviewStatus, error) {
		return "", fmt.Errorf("%w: %s", ErrDecisionConflict, why)
	}
	if d.Verdict == Reopen {
		if r.Status.Open() {
			return conflict(fmt.Sprintf("the match is %s, not decided", r.Status))
		}
		return Proposed, nil
	}
	if !r.Status.Open() {
		return conflict(fmt.Sprintf("the match is already %s; an admin can reopen it", r.Status))
	}
	switch d.Verdict {
	case ConsentYes, ConsentNo:
		if r.Status != AwaitingConsent {
			return conflict(fmt.Sprintf("the match is %s: consent is asked once a registration match is confirmed", r.Status))
		}
		if d.Verdict == ConsentYes {
			return ConsentGiven, nil
		}
		return Declined, nil
	case Reject:
		return Rejected, nil
	}
	// Confirm.
	switch r.Status {
	case Proposed:
		switch r.Kind {
		case RemainsReview:
			return AwaitingSecond, nil
		case RegistrationReview:
			return AwaitingConsent, nil
		}
		return Confirmed, nil
	case AwaitingSecond:
		first := r.lastConfirmation()
		switch {
		case first == nil:
			return conflict("no first confirmation on record")
		case first.Actor == d.Actor:
			return conflict("the second confirmation must come from another person")
		case !first.Reviewer && !d.Reviewer:
			return conflict("one of the two confirmations must come from a reviewer")
		}
		return Confirmed, nil
	}
	return conflict(fmt.Sprintf("the match is %s: record the found person's answer on consent", r.Status))
}

// Erase closes the review because its record k was erased: the status
// becomes Erased, k is no longer named (its side is left zero), and d,
// whose Verdict is set to EraseRecord, is appended. It reports whether the
// review named k.
func (r *Review) Erase(k Key, d Decision) bool {
	switch k {
	case r.Sought:
		r.Sought = Key{}
	case r.Found:
		r.Found = Key{}
	default:
		return false
	}
	d.Verdict, d.From, d.To = EraseRecord, r.Status, Erased
	r.Status = Erased
	r.Decisions = append(r.Decisions, d)
	r.Updated = d.At
	return true
}

// lastConfirmation is the confirmation that opened the current round: the
// last decision, when it moved the review to AwaitingSecond.
func (r *Review) lastConfirmation() *Decision {
	for i := len(r.Decisions) - 1; i >= 0; i-- {
		d := &r.Decisions[i]
		if d.To == AwaitingSecond && d.Verdict == Confirm {
			return d
		}
		if d.Verdict == Reopen {
			return nil
		}
	}
	return nil
}
