package main

import (
	"math"
	"sort"
)

type fitOptions struct {
	iters int
	rate  float64
	l2    float64
}

// fit learns a weight per term by batch gradient descent on the log loss;
// the "bias" term, which every sample has, is not penalised.
func fit(samples []sample, opt fitOptions) map[string]float64 {
	names := map[string]bool{}
	for _, s := range samples {
		for _, t := range s.terms {
			names[t] = true
		}
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a fixed order, so that a fit is repeatable
	w := make(map[string]float64, len(keys))
	n := float64(len(samples))
	if n == 0 {
		return w
	}
	for range opt.iters {
		grad := make(map[string]float64, len(keys))
		for _, s := range samples {
			z := 0.0
			for _, t := range s.terms {
				z += w[t]
			}
			y := 0.0
			if s.right {
				y = 1
			}
			e := 1/(1+math.Exp(-z)) - y
			for _, t := range s.terms {
				grad[t] += e
			}
		}
		for _, k := range keys {
			penalty := opt.l2 * w[k]
			if k == "bias" {
				penalty = 0
			}
			w[k] -= opt.rate * (grad[k]/n + penalty)
		}
	}
	return w
}
