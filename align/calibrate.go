package align

// Calibration of bead confidence.
//
// setConfidence gives a bead a confidence from its local margin (how much
// more the best local alternative costs), which orders beads well but is
// not a probability: on the pooled dev sets beads of raw confidence 0.05
// were right 65 % of the time, those of 0.45 80 % (docs/quality.md,
// "Confidence"). calibrate maps the raw value to the probability that the
// bead is exactly a gold bead with an isotonic regression (pool adjacent
// violators; Zadrozny & Elkan 2002), fitted once on the even-numbered
// documents of every dev set pooled by scripts/calibrate-fit.py and
// embedded here as data; the odd-numbered documents measure it. No bead is
// certain: the table tops out below 1.

// calibrationKnots are (raw, calibrated) points, raw ascending;
// calibrate interpolates linearly between them and is flat outside.
// Fitted on 10441 beads; held-out ECE 0.058 → 0.004 over 10702 beads.
var calibrationKnots = [][2]float64{
	{0.1655, 0.7603},
	{0.4104, 0.8249},
	{0.5538, 0.8619},
	{0.6509, 0.8858},
	{0.7056, 0.9091},
	{0.7572, 0.9101},
	{0.7970, 0.9136},
	{0.8172, 0.9278},
	{0.8455, 0.9459},
	{0.8688, 0.9552},
	{0.8983, 0.9601},
	{0.9254, 0.9688},
	{0.9388, 0.9755},
	{0.9633, 0.9762},
	{0.9886, 0.9789},
	{0.9986, 0.9800},
}

// calibrate maps a raw confidence (setConfidence) to a calibrated one.
func calibrate(c float64) float64 {
	k := calibrationKnots
	if c <= k[0][0] {
		return k[0][1]
	}
	for i := 1; i < len(k); i++ {
		if c <= k[i][0] {
			x0, y0, x1, y1 := k[i-1][0], k[i-1][1], k[i][0], k[i][1]
			return y0 + (y1-y0)*(c-x0)/(x1-x0)
		}
	}
	return k[len(k)-1][1]
}

// calibrated replaces the raw confidences of beads by calibrated ones, in
// place, and returns beads. Only the public results are calibrated: the
// passes inside the aligner use the raw margins (their thresholds were set
// on them).
func calibrated(beads []Bead) []Bead {
	for k := range beads {
		beads[k].Confidence = calibrate(beads[k].Confidence)
	}
	return beads
}
