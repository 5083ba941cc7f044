package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestOmegaTInsertsEveryAlignedSegment runs scripts/omegat-check.sh: an
// OmegaT 3.6 ar->en project with bitext's exported SRX as its project
// segmentation and bitext's seed.tmx in tm/auto must insert every aligned
// segment (issue 17: with OmegaT's own rules it inserted 30 of 34, missing
// the sentences that end in «؟»). Slow (builds bitext, starts a JVM);
// skipped with -short and when java or OmegaT is absent.
func TestOmegaTInsertsEveryAlignedSegment(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs OmegaT")
	}
	jar := os.Getenv("OMEGAT_JAR")
	if jar == "" {
		jar = "/usr/share/omegat/OmegaT.jar"
	}
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java not installed")
	}
	if _, err := os.Stat(jar); err != nil {
		t.Skipf("OmegaT not installed: %v", err)
	}
	out, err := exec.Command("sh", "../../scripts/omegat-check.sh").CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 77 {
		t.Skipf("omegat-check skipped: %s", out)
	}
	if err != nil {
		t.Fatalf("omegat-check: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "inserted") {
		t.Fatalf("omegat-check printed no count:\n%s", out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))
}
