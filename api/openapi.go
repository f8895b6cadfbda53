package api

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the API's contract, an OpenAPI 3.1 document; the server
// answers it at /openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request, _ *caller) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(OpenAPI)
	return err
}
