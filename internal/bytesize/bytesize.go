// Package bytesize parses sizes written for people: "20MB", "512 KB",
// "1048576". Units are binary (KB = 1024 bytes, as the --max-body help
// says); K, M, G and KiB, MiB, GiB are accepted too, in any case. A size
// is a positive whole number of units that fits an int64: anything else,
// an overflow above all, is an error, never a wrapped-around or zero value.
package bytesize

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

var (
	// ErrSyntax means the text is not a size.
	ErrSyntax = errors.New("bytesize: not a size (want a positive number of bytes, KB, MB or GB)")
	// ErrRange means the size does not fit an int64.
	ErrRange = errors.New("bytesize: size too large")
)

var units = []struct {
	suffix string
	mult   int64
}{
	{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"TIB", 1 << 40},
	{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"TB", 1 << 40},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40},
	{"B", 1},
}

// Parse returns the number of bytes s stands for. Errors wrap ErrSyntax or
// ErrRange and quote s.
func Parse(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	if t == "" || strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, s)
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%w: %q (at most %d bytes)", ErrRange, s, int64(math.MaxInt64))
	}
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%w: %q (at most %d bytes)", ErrRange, s, int64(math.MaxInt64))
	}
	return n * mult, nil
}
