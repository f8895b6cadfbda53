// Package web is the review page: where tracing caseworkers, forensic
// liaison officers and reviewers look at a match in their browser, the
// sought person and the body (or the registration) side by side with the
// reasons, and confirm or reject it. It is served by 'rflmatch serve' at
// "/", from the same binary, with no network: server-rendered HTML
// (html/template), assets embedded, no script.
//
// # The page is a client of the API
//
// The page holds no data of its own. Each page it serves is made of API
// answers that it asks for in process, as the signed-in person's token
// ([api.Server.ServeAs]): the queue is GET /v1/matches, a case GET
// /v1/matches/{id} and the candidates of its sought record (for the
// breakdown of the pair), a decision POST /v1/matches/{id}/decisions. So
// the page never shows more than the API shows the same token, every read
// is audited as the API's are, and every action goes through the API's
// rules; an API refusal is shown on the page with its words.
//
// # Sessions
//
// A person signs in with a token (rfl_…) or a one-time code from
// 'rflmatch token create --code', typed into a form, never in a URL. The
// session lives in memory: its cookie (HttpOnly, SameSite=Strict, Secure
// under TLS) carries a random id; the session holds the token's id, never
// its secret, and ends after [Options].IdleTimeout without a request, at
// sign-out, or when the token is revoked. Every form carries the
// session's CSRF token (the sign-in form a token of its own, in a cookie
// as well), and cross-origin posts are refused besides
// (http.CrossOriginProtection).
//
// # Languages
//
// The page's own words are in catalog/LANG.json (English, French,
// Arabic); the sentences of a pair's explanation are package
// engine/words', which the API fills in the language asked for. The
// language is the one chosen on the page (a cookie), else the browser's
// Accept-Language. Arabic is laid out right to left; names and other
// words as written are isolated (<bdi>), so a Latin name stays left to
// right inside Arabic text.
package web
