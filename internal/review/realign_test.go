package review

import (
	"context"
	"reflect"
	"testing"
)

// TestRealignSeed accepts some rows of the seed, realigns around them and
// checks that the accepted rows come back unchanged, every sentence is in
// one bead, and undo restores the rows as they were.
func TestRealignSeed(t *testing.T) {
	s := seedSession(t)
	// Spoil the alignment between two accepted stretches: merge rows 6
	// and 7 on the translation side, then accept rows 0-3 and 10-12.
	ctx := context.Background()
	steps := []Op{
		{Op: OpMerge, Rows: []int{6}, Side: "tgt"},
		{Op: OpAccept, Rows: []int{0, 1, 2, 3, 10, 11, 12}},
	}
	for _, op := range steps {
		if _, err := s.Apply(ctx, op, nil, "t", t0); err != nil {
			t.Fatal(err)
		}
	}
	before := cloneBeads(s.Beads)
	accepted := map[string]bool{}
	for _, b := range s.Beads {
		if b.Status == Accepted {
			accepted[key(b.Src, b.Tgt)] = true
		}
	}
	ch, err := s.Apply(ctx, Op{Op: OpRealign}, &AlignRealigner{}, "t", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("after realign: %v", err)
	}
	n := 0
	for _, b := range s.Beads {
		if b.Status == Accepted {
			n++
			if !accepted[key(b.Src, b.Tgt)] {
				t.Errorf("accepted bead %v-%v is new", b.Src, b.Tgt)
			}
		}
	}
	if n != len(accepted) {
		t.Errorf("after realign: %d accepted beads, want %d", n, len(accepted))
	}
	// The spoiled merge is undone by the realignment (the seed's rows 6
	// and 7 were 1-1 and 1-1 before it).
	if got := s.Beads[7].Shape(); got == "1-0" {
		t.Errorf("row 8 still %s after realigning", got)
	}
	t.Log(ch.Message)
	if _, err := s.Apply(ctx, Op{Op: OpUndo}, nil, "t", t0); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Beads, before) {
		t.Error("undo realign: beads differ from before")
	}
}
