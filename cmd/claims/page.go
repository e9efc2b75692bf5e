package main

import (
	"fmt"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest"
	"github.com/spf13/cobra"
)

// extractPage turns an HTML file into an article through the same
// main-text extraction that ingest uses, so that `claims extract page.html`
// and `claims ingest page.html` find the same claims.
func extractPage(cmd *cobra.Command, b []byte, path string) (claims.Article, error) {
	a, err := ingest.ExtractPage(cmd.Context(), b, "", "")
	if err != nil {
		return claims.Article{}, fmt.Errorf("extract %s: %w", path, err)
	}
	return a, nil
}
