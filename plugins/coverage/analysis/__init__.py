"""Cross-article analysis: sentences, claims and the stance of each appearance."""
