package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/internal/reach"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// checkAnswer is `whichport check DOMAIN --json`: the /api/v1/check report
// plus what this machine found out about its own network.
type checkAnswer struct {
	check.Report
	Local reach.Diagnosis `json:"local"`
}

func cmdCheck(ctx context.Context, s sys, o options, out *output, args []string) (int, error) {
	if len(args) != 1 {
		return 0, usagef("give one domain or email address: whichport check example.com")
	}
	if err := placeholderErr(args[0][strings.LastIndex(args[0], "@")+1:], args[0]); err != nil {
		return 0, err
	}
	d, err := newDeps(s, o)
	if err != nil {
		return 0, err
	}
	if d.lookup == nil {
		return 0, d.lookupErr
	}
	cfg := d.checkConfig(s, o)
	var b *board
	if !o.json {
		out.printf("Checking %s from %s: %s\n", args[0], d.from, d.where.Describe())
		b = newBoard(out, func(e check.ProbeEntry) string {
			return fmt.Sprintf("%-10s %s:%d", e.Kind, e.Host, e.Port)
		})
	}
	rep, err := check.Domain(ctx, cfg, args[0], func(ev check.Event) {
		if b != nil {
			b.event(ev)
		}
	})
	var budget *check.BudgetError
	switch {
	case errors.Is(err, lookup.ErrBadName):
		return 0, usagef("%q is not a domain name: give example.com or you@example.com", args[0])
	case err != nil && !errors.As(err, &budget):
		return 0, err
	case ctx.Err() != nil:
		return exitProblem, errors.New("interrupted")
	}
	var results []probe.Result
	for _, p := range rep.Probes {
		if p.Result != nil {
			results = append(results, p.Result.Result)
		}
	}
	ans := checkAnswer{Report: rep, Local: reach.Diagnose(results, nil, d.where)}
	ans.Warning, ans.Summary = d.ownWords(rep.Summary)
	rep = ans.Report
	code := exitOK
	if rep.Verdict == rules.VerdictError {
		code = exitProblem
	}
	if o.json {
		return code, writeJSON(out.w, ans)
	}
	b.finish()
	out.println()
	out.printf("Verdict: %s. %s\n", out.verdict(rep.Verdict), rep.Summary)
	for _, p := range ans.Local.Ports {
		if p.Local {
			out.printf("%s port %d: %s\n", p.Host, p.Port, out.paint(ansiBold, p.Headline))
			for _, e := range p.Evidence {
				out.println(indent("- "+e, "    "))
			}
		}
	}
	for _, e := range ans.Local.Environment {
		out.println(out.paint(ansiBold, e))
	}
	if len(rep.Findings) > 0 {
		out.println()
		out.findings(rep.Findings)
	}
	return code, nil
}
