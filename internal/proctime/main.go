// Command proctime measures whole processes as /usr/bin/time -v does (wall
// time, peak resident set size), over alternating runs of several
// commands, and prints each command's median, min and max, so that
// before-and-after figures taken on a loaded machine weigh the load on
// both alike.
//
//	go run ./internal/proctime -n 21 -- ./old --help -- ./new --help
//
// Commands are separated by "--"; each is run with no standard input and
// its output discarded. A command that fails stops the measurement: a
// time of a failed run is no figure.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

type run struct {
	wall time.Duration
	cpu  time.Duration // user + system
	rss  int64         // KiB, as getrusage reports it on Linux
}

func main() {
	n := flag.Int("n", 11, "runs of each command")
	dir := flag.String("dir", "", "working directory of the commands")
	flag.Parse()
	cmds := split(flag.Args())
	if len(cmds) == 0 {
		fmt.Fprintln(os.Stderr, "usage: proctime [-n N] -- CMD ARGS... [-- CMD ARGS...]")
		os.Exit(2)
	}
	runs := make([][]run, len(cmds))
	for i := 0; i < *n; i++ {
		for j, c := range cmds {
			r, err := once(context.Background(), *dir, c)
			if err != nil {
				fmt.Fprintf(os.Stderr, "proctime: %s: %v\n", strings.Join(c, " "), err)
				os.Exit(1)
			}
			runs[j] = append(runs[j], r)
		}
	}
	for j, c := range cmds {
		fmt.Println(summary(strings.Join(c, " "), runs[j]))
	}
}

// split cuts args at each "--" into commands.
func split(args []string) [][]string {
	var out [][]string
	var cur []string
	for _, a := range args {
		if a == "--" {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, a)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// once runs c and returns its wall time and peak RSS.
func once(ctx context.Context, dir string, c []string) (run, error) {
	cmd := exec.CommandContext(ctx, c[0], c[1:]...)
	cmd.Dir = dir
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return run{}, err
	}
	wall := time.Since(start)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return run{}, fmt.Errorf("no resource usage for the process")
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return run{wall: wall, cpu: cpu, rss: ru.Maxrss}, nil
}

func summary(name string, rs []run) string {
	walls := make([]float64, len(rs))
	cpus := make([]float64, len(rs))
	rsss := make([]float64, len(rs))
	for i, r := range rs {
		walls[i] = float64(r.wall.Microseconds()) / 1000
		cpus[i] = float64(r.cpu.Microseconds()) / 1000
		rsss[i] = float64(r.rss) / 1024
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rsss)
	med := func(v []float64) float64 { return v[len(v)/2] }
	return fmt.Sprintf("%s\n  wall ms %8.1f (min %8.1f, max %8.1f)  cpu ms %8.1f (min %8.1f)  peak RSS MiB %6.1f (min %6.1f, max %6.1f)  n=%d",
		name, med(walls), walls[0], walls[len(walls)-1], med(cpus), cpus[0], med(rsss), rsss[0], rsss[len(rsss)-1], len(rs))
}
