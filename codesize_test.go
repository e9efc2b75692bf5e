package claims

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Size limits for the code a newcomer reads, outside tests and generated
// files: a file of at most maxFileLines lines, a function of at most
// maxFuncLines, unless its doc comment says why it cannot be split (a
// sentence with longFuncMarker in it).
const (
	maxFileLines   = 600
	maxFuncLines   = 80
	longFuncMarker = "It is long because"
)

func TestCodeSize(t *testing.T) {
	fset := token.NewFileSet()
	var largestFile, largestFunc string
	var fileLines, funcLines int
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		n := fset.File(f.Pos()).LineCount()
		if n > maxFileLines {
			t.Errorf("%s: %d lines (at most %d)", path, n, maxFileLines)
		}
		if n > fileLines {
			fileLines, largestFile = n, path
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			lines := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
			if lines > maxFuncLines && !strings.Contains(fn.Doc.Text(), longFuncMarker) {
				t.Errorf("%s: func %s: %d lines (at most %d, or a doc comment saying %q why)", path, fn.Name.Name, lines, maxFuncLines, longFuncMarker)
			}
			if lines > funcLines {
				funcLines, largestFunc = lines, path+": "+fn.Name.Name
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("largest file %s (%d lines), largest function %s (%d lines)", largestFile, fileLines, largestFunc, funcLines)
}
