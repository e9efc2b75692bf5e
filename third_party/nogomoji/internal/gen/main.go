// Command gen writes emojis.txt, the emoji strings of gomoji's table, one
// a line, from the data.go of the gomoji release named in go:generate
// (read from the module cache: `go mod download` puts it there).
//
//	go generate github.com/forPelevin/gomoji
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen MODULE@VERSION OUT")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(module, out string) error {
	// Run outside any module, so that no replace directive applies.
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=")
	b, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go mod download %s: %w", module, err)
	}
	var dl struct{ Dir string }
	if err := json.Unmarshal(b, &dl); err != nil {
		return fmt.Errorf("go mod download %s: %w", module, err)
	}
	path := filepath.Join(dl.Dir, "data.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return err
	}
	var keys []string
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		// A map entry: its key, and nothing inside its value.
		if lit, ok := kv.Key.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if _, isStruct := kv.Value.(*ast.CompositeLit); isStruct {
				if k, err := strconv.Unquote(lit.Value); err == nil {
					keys = append(keys, k)
				}
			}
		}
		return false
	})
	if len(keys) == 0 {
		return fmt.Errorf("%s: no emoji table found", path)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(o)
	for _, k := range keys {
		fmt.Fprintln(w, k)
	}
	if err := w.Flush(); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}
