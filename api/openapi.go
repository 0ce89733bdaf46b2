package api

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPISpec describes every endpoint (OpenAPI 3.1); a test checks that
// each registered route is in it.
//
//go:embed openapi.json
var openAPISpec []byte

func (s *server) openAPI(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/json", openAPISpec)
}
