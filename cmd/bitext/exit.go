package main

import (
	"errors"
	"fmt"
)

// usageError is a mistake in the command line; it exits with status 2.
// Every usage mistake is one from its source: our own checks, and
// urfave/cli's through onUsageError, unknownCommand and the required-flag
// check in main.go (typedUsageErrors).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, a ...any) error {
	return &usageError{fmt.Sprintf(format, a...)}
}

// problemsError means the command ran but found problems (exit status 3);
// the findings have already been printed.
type problemsError struct{ msg string }

func (e *problemsError) Error() string { return e.msg }

func problemsf(format string, a ...any) error {
	return &problemsError{fmt.Sprintf(format, a...)}
}

// exitCode is the one place that maps an error to an exit status.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	var pe *problemsError
	if errors.As(err, &pe) {
		return 3
	}
	return 1
}
