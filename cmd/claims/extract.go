package main

import (
	"github.com/spf13/cobra"
)

func newExtractCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "extract [--json] [--with-text] FILE...|-",
		Short: "Print the claims found in article files",
	}
}
