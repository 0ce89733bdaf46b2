//go:build nostatic

package api

import "net/http"

// Built with -tags nostatic (the Cloudflare Worker), the api leaves
// response compression to the host: Cloudflare compresses responses at
// its edge by the client's Accept-Encoding, so JSON is sent as is and the
// module does not link compress/flate.
func compressJSON(h http.Header, acceptEncoding string, b []byte) []byte {
	return b
}
