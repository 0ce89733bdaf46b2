package probe

import "errors"

// Sentinel errors, checked with errors.Is.
var (
	ErrLineTooLong    = errors.New("probe: reply line too long")
	ErrTooManyLines   = errors.New("probe: too many lines in one reply")
	ErrMalformedReply = errors.New("probe: malformed SMTP reply")
	ErrTooMuchData    = errors.New("probe: peer sent more data than allowed for one connection")
	ErrCRLF           = errors.New("probe: CR or LF in a command")
	ErrBadEHLOName    = errors.New("probe: invalid EHLO name")
	ErrBadTarget      = errors.New("probe: invalid target")
	ErrNoAddresses    = errors.New("probe: host has no addresses")
	ErrNotTLS         = errors.New("probe: peer did not answer with TLS")
	ErrOtherMode      = errors.New("probe: port speaks the other TLS mode")
)
