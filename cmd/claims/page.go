package main

import (
	"fmt"

	"github.com/claims-project/claims/extract"

	"github.com/spf13/cobra"
)

// extractPage turns an HTML file into an article through the ingest path.
func extractPage(cmd *cobra.Command, b []byte, path string) (a extract.Article, err error) {
	return a, fmt.Errorf("extract %s: HTML input needs the ingest package's main-text extraction", path)
}
