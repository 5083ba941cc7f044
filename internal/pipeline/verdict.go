package pipeline

// flatten joins the sentence lists of the paragraphs into one list, in
// document order: the indexing of Side.Sentences and SentBeads.
func flatten(ps [][]string) []string {
	var f []string
	for _, p := range ps {
		f = append(f, p...)
	}
	return f
}
