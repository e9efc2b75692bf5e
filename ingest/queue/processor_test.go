package queue

import "testing"

// TestPipelineWorkersPolite: four workers running ingest's real pipeline
// (fetch, main text, claims), four fetchers each, share one host's rate
// limit and its robots.txt: the site sees at most its rate in any second
// and one robots.txt request, every page is stored with its quotation,
// and a page robots.txt disallows is skipped, not failed.
func TestPipelineWorkersPolite(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the extractor and fetches for seconds")
	}
	const perHost, workers, pages = 5, 4, 15
	s, js := newQueue(t, Config{})
	ctx := testContext(t)
	site := newSite(t, 0)
	sink := newSink()
	startWriter(t, ctx, js, sink)
	ex := benchExtractor(t)
	for range workers {
		_, wjs := connect(t, s)
		startPipelineWorker(t, ctx, wjs, ex, 4, 1, 8, perHost)
	}
	srcs := append(sources(pages, site.URL+"/story/%d"), site.URL+"/private/page")
	e := enqueue(t, ctx, js, srcs...)
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != pages || sum.Skipped != 1 || sum.Failed != 0 {
		t.Errorf("%d stored, %d skipped, %d failed (%v); want %d, 1, 0", sum.Stored, sum.Skipped, sum.Failed, sum.FailedBy, pages)
	}
	if sum.Speakers["Dana Moss"] != pages {
		t.Errorf("speakers %v, want Dana Moss %d times", sum.Speakers, pages)
	}
	// A slot may start late, never early; one late request can bunch
	// with the next, hence one more than the rate.
	if got := site.busiestSecond(); got > perHost+1 {
		t.Errorf("busiest second at the host: %d requests; the limit is %d/s for all workers", got, perHost)
	}
	site.mu.Lock()
	robots := site.robots
	site.mu.Unlock()
	if robots != 1 {
		t.Errorf("robots.txt fetched %d times, want once for all workers", robots)
	}
	t.Logf("%d pages: busiest second %d requests (limit %d/s, %d workers)", pages+1, site.busiestSecond(), perHost, workers)
}
