// Package eval reads gold-labelled articles and scores predicted claims
// against them as "How claims eval scores" in the formats spec
// (shared/spec/formats.md) says, but for the name rule SpeakerRight notes.
//
// # Gold files
//
// ReadGold reads gold JSON Lines: one article a line with "id", "text" and
// "claims" (and optionally "html"); other fields are ignored. Each Article
// carries its line as a claims.Gold, the spec's gold form. Every offset
// is a code-point offset into "text" and must select exactly the span's
// text. A file with any defect (broken JSON, missing id/text/claims/kind/
// speaker/offsets, unknown kind, empty or out-of-range span, text not
// matching its offsets, duplicate id) is rejected as a whole with
// *InputError values naming file, line, article and field: nothing is
// skipped. A gold speaker may have a name and no mention. Lines may be of
// any length.
//
// # Scoring
//
// For each article and each threshold, every gold claim in gold order is
// matched to the still unmatched prediction with the largest coverage
// |gold ∩ pred| / |gold| (code points; ties go to the earlier prediction),
// and the match stands only if the coverage is strictly greater than the
// threshold. Reports give thresholds 0.3 (Loose) and 0.8 (Strict). Then
// precision = matched / predicted, recall = matched / gold, speaker
// accuracy = matched with the right speaker / matched, and end-to-end
// precision and recall count only matches with the right speaker.
// SpeakerRight says whether a matched prediction's speaker is right: both
// none, mentions overlapping, or names equal or ending in the same last
// name once folded by claims.NormalizeName (see SpeakerRight for how this
// differs from the spec's current wording). By kind, gold claims are
// grouped by their gold kind (recall, speaker accuracy, end-to-end
// recall) and predictions by their predicted kind (precision, end-to-end
// precision), since a false alarm has no gold kind. A rate with a zero denominator is absent (null), not
// 0 or 1; F1 treats an absent side as 0 when the other is present.
//
// Predictions come from a Predictor: TextPredictor runs an extractor on
// the gold text; HTMLPredictor runs it on the main text of the article's
// HTML page and maps the predicted spans onto the gold text with Align.
// Evaluate runs a Predictor over many articles concurrently and returns
// results in gold order. Predicted offsets are checked against the text
// they were found in; bad ones are an error, not a low score.
//
// # JSON report
//
// `claims eval --json` prints one Report:
//
//	{
//	  "gold_files": ["corpus/gold.jsonl"],
//	  "source": "text",                 // or "html"
//	  "without_html": 28,               // html only: articles left out for want of a page
//	  "thresholds": [0.3, 0.8],
//	  "articles": 12,
//	  "all": BREAKDOWN,
//	  "by_kind": {"direct": BREAKDOWN, "indirect": BREAKDOWN, "partial": BREAKDOWN},
//	  "confidence_split": {
//	    "threshold": 0.3,
//	    "top":    {"predicted": 50, "matched": 45, "precision": 0.9, "min_confidence": 0.7, "max_confidence": 0.99},
//	    "bottom": {"predicted": 49, "matched": 30, "precision": 0.61, "min_confidence": 0.1, "max_confidence": 0.7}
//	  },
//	  "gold_text_found": {"mean": 0.988, "min": 0.97, "min_article": "..."},  // html only
//	  "per_article": [{"id": "...", "all": BREAKDOWN, "by_kind": {...}, "gold_text_found": 0.99}, ...],
//	  "mistakes": {                     // only with --errors N
//	    "threshold": 0.3,
//	    "total_misses": 7, "total_false_alarms": 3, "total_wrong_speakers": 2,
//	    "misses": [MISTAKE...], "false_alarms": [MISTAKE...], "wrong_speakers": [MISTAKE...]
//	  }
//	}
//
//	BREAKDOWN = {"gold": 10, "predicted": 9, "scores": [FIGURES at 0.3, FIGURES at 0.8]}
//	FIGURES = {
//	  "threshold": 0.3,
//	  "matched_gold": 8, "matched_predicted": 8,
//	  "speaker_right_gold": 7, "speaker_right_predicted": 7,
//	  "precision": 0.889, "recall": 0.8, "f1": 0.842, "speaker_accuracy": 0.875,
//	  "e2e_precision": 0.778, "e2e_recall": 0.7, "e2e_f1": 0.737
//	}                                   // each rate a number in [0,1] or null
//	MISTAKE = {
//	  "type": "miss" | "false_alarm" | "wrong_speaker",
//	  "article": "...", "kind": "direct", "start": 10, "end": 40, "text": "...",
//	  "context": "…text before ⟦the claim⟧ text after…",
//	  "gold": CLAIM, "predicted": CLAIM,  // each when there is one
//	  "why": "the nearest prediction covers only 25% of it ..."
//	}
//
// start and end of a false alarm are -1 when it could not be placed in
// the gold text (HTML mode). gold_text_found is the fraction of the gold
// text's non-space code points that Align found in the page's extracted
// text: below 1 when page extraction dropped part of the article (often
// just the byline or standfirst).
//
// The split sorts all predictions by confidence (descending; ties keep
// gold order) and puts the first half, rounded up, in "top".
package eval
