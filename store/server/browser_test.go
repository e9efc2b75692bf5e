package server

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// -screenshots rewrites testdata/screenshots/*.png from this run.
var updateScreenshots = flag.Bool("screenshots", false, "rewrite the page screenshots under testdata/screenshots")

// chromiumPath finds Debian's Chromium. In CI (CI set) a missing browser
// fails the test; elsewhere it skips it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-headless-shell", "/usr/lib/chromium/chromium", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium: CI must install Debian's chromium (.ci/run does)")
	}
	t.Skip("no Chromium on this machine (apt-get install chromium)")
	return ""
}

// browser starts a headless Chromium with the flags this machine needs
// (no sandbox as root, no background networking) and a fresh profile.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1000, 1100),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	return ctx
}

// richStore is testStore with Ines Calloway quoted over twelve weeks, so
// that her timeline has a shape.
func richStore(t *testing.T) *store.Store {
	st := testStore(t)
	for i := range 14 {
		if i%5 == 3 {
			continue
		}
		text := fmt.Sprintf("Ines Calloway said the dredging of berth %d would “finish before the autumn storms”, and added that the harbour fund was %d%% spent.", i+3, 40+i*4)
		url := fmt.Sprintf("https://harbour.example/dredging/%d", i)
		a := claims.Article{ID: claims.ArticleID(url, ""), URL: url, Title: fmt.Sprintf("Dredging update %d", i+1), Site: []string{"harbour.example", "coast.example"}[i%2],
			Published: time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i+i%3)}
		a.Text = text
		cs := []claims.Claim{claimAt(text, claims.Partial, fmt.Sprintf("the dredging of berth %d would “finish before the autumn storms”", i+3), "Ines Calloway", "Ines Calloway", "said", "Harbour Fund")}
		if i%2 == 0 {
			cs = append(cs, claimAt(text, claims.Indirect, fmt.Sprintf("the harbour fund was %d%% spent", 40+i*4), "Ines Calloway", "Ines Calloway", "added"))
		}
		claims.AssignIDs(a.ID, cs)
		if _, err := st.Put(context.Background(), a, cs, url); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestBrowser drives the pages in a real headless Chromium: search to a
// speaker to an article, the speaker names suggested as one types, the
// timeline's points, a hostile article rendered as text with no script
// run, every page at 390 px without sideways scrolling, and a non-blank
// screenshot of each page.
func TestBrowser(t *testing.T) {
	st := richStore(t)
	_, hs := testServer(t, st, Options{Loopback: true})
	ctx := browser(t)
	prof, err := st.Speaker(context.Background(), speakerKey(t, st, "ines calloway"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("search, speaker, article", func(t *testing.T) {
		do(t, ctx, "search", chromedp.Navigate(hs.URL+"/"),
			chromedp.SendKeys(chromedp.CSS(`form.search input[name=speaker]`), "callo"),
			chromedp.Submit(chromedp.CSS(`form.search input[name=speaker]`)),
			chromedp.WaitVisible(chromedp.CSS(`a.speaker-result`)))
		do(t, ctx, "to the speaker", chromedp.Click(chromedp.CSS(`a.speaker-result`)), chromedp.WaitVisible(chromedp.CSS(`h1.speaker-name`)))
		if name := run(t, ctx, "name", chromedp.Text(chromedp.CSS(`h1.speaker-name`))); name != "Ines Calloway" {
			t.Errorf("speaker page of %q", name)
		}
		points := run(t, ctx, "points", chromedp.Evaluate[int](`document.querySelectorAll("figure.timeline svg circle.point").length`))
		if points != len(prof.Weeks) || points < 10 {
			t.Errorf("timeline has %d points, want one per week with claims: %d", points, len(prof.Weeks))
		}
		do(t, ctx, "to the article", chromedp.Click(chromedp.CSS(`.claim-card a.article`)), chromedp.WaitVisible(chromedp.CSS(`.article-text`)))
		loc := run(t, ctx, "location", chromedp.Location())
		marks := run(t, ctx, "marks", chromedp.Evaluate[int](`document.querySelectorAll(".article-text mark.claim").length`))
		title := run(t, ctx, "hover", chromedp.AttributeValue(chromedp.CSS(`.article-text mark.claim`), "title"))
		if !strings.Contains(loc, "/articles/") || marks < 1 || !strings.HasPrefix(title.Value, "Ines Calloway — ") {
			t.Errorf("article page %s: %d marked claims, first titled %q", loc, marks, title.Value)
		}
	})

	t.Run("names as you type", func(t *testing.T) {
		do(t, ctx, "type", chromedp.Navigate(hs.URL+"/"), chromedp.SendKeys(chromedp.CSS(`form.search input[name=speaker]`), "tob"))
		var got string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && got == ""; time.Sleep(50 * time.Millisecond) {
			got = run(t, ctx, "options", chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#speaker-names option")).map(o => o.value).join("|")`))
		}
		if got != "Tobias Renn" {
			t.Errorf("suggestions for \"tob\": %q", got)
		}
	})

	t.Run("hostile article", func(t *testing.T) {
		evil := testArticles()[4]
		for _, p := range []string{"/articles/" + url.PathEscape(evil.Article.ID), "/speakers/" + url.PathEscape(speakerKey(t, st, "mal evans")), "/?speaker=" + url.QueryEscape(hostile)} {
			do(t, ctx, "load "+p, chromedp.Navigate(hs.URL+p), chromedp.WaitReady(chromedp.CSS(`footer`)))
			pwned := run(t, ctx, "pwned", chromedp.Evaluate[string](`String(window.pwned)`))
			imgs := run(t, ctx, "imgs", chromedp.Evaluate[int](`document.querySelectorAll("main img, main script, main a[href^='javascript']").length`))
			text := run(t, ctx, "text", chromedp.Text(chromedp.CSS(`main`)))
			if pwned != "undefined" || imgs != 0 || !strings.Contains(text, "<script>window.pwned=1</script>") {
				t.Errorf("%s: window.pwned=%s, %d injected elements, text shown: %v", p, pwned, imgs, strings.Contains(text, "<script>"))
			}
		}
	})

	pages := map[string]string{
		"search":  "/?speaker=Calloway",
		"speaker": "/speakers/" + speakerKey(t, st, "ines calloway"),
		"article": "/articles/" + url.PathEscape(testArticles()[1].Article.ID),
		"quote":   "/quotes/" + collect(t, st, store.Query{Speaker: "Tobias Renn"})[0].Cursor(),
	}
	t.Run("390 px", func(t *testing.T) {
		do(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		for name, p := range pages {
			do(t, ctx, "load "+name, chromedp.Navigate(hs.URL+p), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
			w := run(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if w > 390 {
				t.Errorf("%s at 390 px is %d px wide: it scrolls sideways", name, w)
			}
			shot := run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
			checkScreenshot(t, name+"-390", shot)
		}
		do(t, ctx, "desktop", chromedp.EmulateViewport(1000, 1100))
	})

	t.Run("screenshots", func(t *testing.T) {
		for name, p := range pages {
			do(t, ctx, "load "+name, chromedp.Navigate(hs.URL+p), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
			shot := run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
			checkScreenshot(t, name, shot)
		}
	})
}

// checkScreenshot fails on a blank PNG (one colour nearly everywhere),
// writes it under testdata/screenshots with -screenshots, and checks the
// kept one too.
func checkScreenshot(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := nonBlank(b); err != nil {
		t.Errorf("screenshot of %s: %v", name, err)
		return
	}
	path := filepath.Join("testdata", "screenshots", name+".png")
	if *updateScreenshots {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	kept, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("no kept screenshot %s (run go test -run TestBrowser -screenshots ./store/server): %v", path, err)
		return
	}
	if err := nonBlank(kept); err != nil {
		t.Errorf("kept screenshot %s: %v", path, err)
	}
}

// nonBlank decodes a PNG and requires that below the header bar (the top
// 80 px) at least 1% of its pixels differ from the most common colour, and
// that it has many colours, as any page with text has.
func nonBlank(b []byte) error {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("not a PNG: %w", err)
	}
	counts := map[[4]uint32]int{}
	r := img.Bounds()
	for y := r.Min.Y + 80; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			counts[[4]uint32{cr >> 8, cg >> 8, cb >> 8, ca >> 8}]++
		}
	}
	total, top := 0, 0
	for _, n := range counts {
		total += n
		top = max(top, n)
	}
	if len(counts) < 16 || float64(total-top) < 0.01*float64(total) {
		return fmt.Errorf("blank: %d colours, %.0f%% of pixels one colour (%v)", len(counts), 100*float64(top)/float64(total), r.Size())
	}
	return nil
}
