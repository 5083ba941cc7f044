package bytesize

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  error
	}{
		{"20MB", 20 << 20, nil},
		{"512kb", 512 << 10, nil},
		{" 1 GB ", 1 << 30, nil},
		{"1048576", 1048576, nil},
		{"100B", 100, nil},
		{"3MiB", 3 << 20, nil},
		{"2T", 2 << 40, nil},
		{"8589934591GB", 8589934591 << 30, nil}, // the largest whole number of GB
		// overflows: 8589934592GB wrapped to a negative limit, and
		// 17179869184GB to 0, which meant the default
		{"8589934592GB", 0, ErrRange},
		{"17179869184GB", 0, ErrRange},
		{"9223372036854775808", 0, ErrRange},
		{"99999999999999999999999KB", 0, ErrRange},
		{"", 0, ErrSyntax},
		{"MB", 0, ErrSyntax},
		{"0", 0, ErrSyntax},
		{"-5MB", 0, ErrSyntax},
		{"+5MB", 0, ErrSyntax},
		{"1.5MB", 0, ErrSyntax},
		{"5 XB", 0, ErrSyntax},
		{"0x10", 0, ErrSyntax},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("Parse(%q) = %d, %v, want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && !strings.Contains(err.Error(), strconv.Quote(tt.in)) {
			t.Errorf("Parse(%q): error %q does not quote the input", tt.in, err)
		}
	}
}

// FuzzParse: a size is positive or an error, and a plain number of bytes
// parses to itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"20MB", "8589934592GB", "17179869184GB", "1", "0", "-1K", " 7 kib", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if n != 0 || !(errors.Is(err, ErrSyntax) || errors.Is(err, ErrRange)) {
				t.Fatalf("Parse(%q) = %d, %v", s, n, err)
			}
			return
		}
		if n <= 0 {
			t.Fatalf("Parse(%q) = %d, want a positive size or an error", s, n)
		}
		if v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && v > 0 && v != n {
			t.Fatalf("Parse(%q) = %d, want %d", s, n, v)
		}
	})
}
