package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"runtime failure", errors.New("open x: no such file"), 1},
		// Message text decides nothing: only the error's type does.
		{"failure that reads like a usage error", errors.New("flag provided but not defined: -x"), 1},
		{"usage", usageErrorf("align: want one TRANSLATION"), 2},
		{"wrapped usage", fmt.Errorf("coverage: %w", usageErrorf("bad")), 2},
		{"problems", problemsf("3 findings"), 3},
		{"wrapped problems", fmt.Errorf("tmx: %w", problemsf("3 findings")), 3},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
	}
}

// TestUsageErrorsFromCLI checks that urfave/cli's own usage errors become
// usageErrors at their source and exit 2.
func TestUsageErrorsFromCLI(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"unknown command", []string{"nosuch"}, `unknown command "nosuch"`},
		{"unknown subcommand", []string{"tmx", "nosuch"}, `unknown command "nosuch"`},
		{"unknown global flag", []string{"--nosuch"}, "flag provided but not defined"},
		{"unknown command flag", []string{"align", "--nosuch", "x.txt"}, "flag provided but not defined"},
		{"unknown subcommand flag", []string{"tmx", "stats", "--nosuch", "x.tmx"}, "flag provided but not defined"},
		{"invalid value", []string{"--timeout", "abc", "align", "x.txt"}, "invalid value"},
		{"required flag", []string{"tmx", "convert", "x.tmx"}, "required flag --to"},
		{"bad language", []string{"align", "--src-lang", "!!", "x.txt"}, "--src-lang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("got exit %d, stderr %q; want 2 and %q", code, stderr, tt.wantErr)
			}
		})
	}
	if code, out, _ := runCLI(t); code != 0 || !strings.Contains(out, "USAGE") {
		t.Errorf("no arguments: got exit %d, want 0 and the help", code)
	}
}
