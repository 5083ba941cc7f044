package main

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestPermuteArgs(t *testing.T) {
	app := newApp(io.Discard, io.Discard)
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"flags first", "bitext align -o x.tmx t.txt", "bitext align -o x.tmx t.txt"},
		{"flags after", "bitext align t.txt -o x.tmx --json", "bitext align -o x.tmx --json t.txt"},
		{"value flag with =", "bitext align t.txt --original=a.txt", "bitext align --original=a.txt t.txt"},
		{"global after command", "bitext align t.txt --offline --cache-dir /c", "bitext --offline --cache-dir /c align t.txt"},
		{"global before command", "bitext --offline align t.txt", "bitext --offline align t.txt"},
		{"subcommand", "bitext tmx validate a.tmx --json", "bitext tmx validate --json a.tmx"},
		{"stdin dash", "bitext align - -o x.tmx", "bitext align -o x.tmx -"},
		{"double dash", "bitext align -o x.tmx -- -odd-name.txt", "bitext align -o x.tmx -- -odd-name.txt"},
		{"no command", "bitext --help", "bitext --help"},
		{"parent's flag before the subcommand", "bitext tm --tm x.db concord --side target Q", "bitext tm --tm x.db concord --side target Q"},
		{"parent's flag, then a global", "bitext tm --tm=x.db lookup Q --offline", "bitext --offline tm --tm=x.db lookup Q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := permuteArgs(app, strings.Fields(tt.in))
			if want := strings.Fields(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("permuteArgs(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}
