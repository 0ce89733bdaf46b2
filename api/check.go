package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *server) mx(c echo.Context) error {
	return &httpError{Status: http.StatusServiceUnavailable, Msg: "live checks are not available yet"}
}

func (s *server) probe(c echo.Context) error {
	return &httpError{Status: http.StatusServiceUnavailable, Msg: "live checks are not available yet"}
}

func (s *server) check(c echo.Context) error {
	return &httpError{Status: http.StatusServiceUnavailable, Msg: "live checks are not available yet"}
}
