#!/usr/bin/env python3
"""Fit the confidence model of confidence.go.

    claims eval --gold ../shared/data/polnear/train.jsonl --predictions /tmp/p.jsonl
    python3 extract/fitconf.py ../shared/data/polnear/train.jsonl /tmp/p.jsonl

prints the weights to paste into confidenceWeights. The target is "the claim
matches a gold claim at coverage > 0.3 and its speaker is right", which is
what Claim.Confidence promises (formats.md). Fit on train only; measure the
confidence split on dev with `claims eval`. The features below must stay in
step with confidence() in confidence.go. Plain Python: no packages needed.
"""
import json, math, re, sys, unicodedata

SAY = {"said", "says", "say", "saying", "told", "tells", "tell", "telling", "according to"}


def norm(n):
    n = unicodedata.normalize("NFD", n)
    n = "".join(c for c in n if unicodedata.category(c) != "Mn").lower()
    return " ".join(w for w in re.split(r"[^\w']+", n) if w and w not in ("mr", "mrs", "ms", "dr", "miss", "prof"))


def speaker_right(g, p):
    gs, ps = g.get("speaker"), p.get("speaker")
    if gs is None or ps is None:
        return gs is None and ps is None
    if gs.get("mention") and ps["end"] > ps["start"] and ps["start"] < gs["end"] and gs["start"] < ps["end"]:
        return True
    a, b = norm(gs["name"]), norm(ps["name"])
    return a == b or (a and b and a.split()[-1] == b.split()[-1])


def features(p, text):
    f = ["rule=" + p.get("rule", ""), "basis=" + p.get("speaker_basis", "none"), "kind=" + p["kind"]]
    cue = (p.get("cue") or {}).get("text", "").lower()
    cls = "say" if cue in SAY else "other" if cue else "none"
    if cls != "none":
        f.append("cue=" + cls)
    n = len(p["text"].split())
    lb = "short" if n < 6 else "mid" if n < 15 else "long"
    f += ["len=" + lb, "rl=" + p.get("rule", "") + "|" + lb, "kc=" + p["kind"] + "|" + cls]
    if p.get("cue") and p["cue"]["start"] > p["start"]:
        f.append("content=left")
    if "\n\n" not in text[: p["start"]]:
        f.append("headline")
    before = text[max(0, p["start"] - 5): p["start"]]
    if before.strip().lower().endswith("that"):
        f.append("that")
    if p["start"] < 3 or "\n" in before[-3:]:
        f.append("parastart")
    if p["text"].rstrip().endswith("?"):
        f.append("question")
    if p["kind"] == "direct" and n >= 25:
        f.append("longquote")
    sp = p.get("speaker")
    if sp and p.get("cue") and abs(sp["start"] - p["cue"]["end"]) > 40 and abs(p["cue"]["start"] - sp["end"]) > 40:
        f.append("farspeaker")
    return f


def main(gold_path, pred_path):
    gold = [json.loads(l) for l in open(gold_path, encoding="utf-8")]
    pred = {}
    for l in open(pred_path, encoding="utf-8"):
        d = json.loads(l)
        pred[d["id"]] = d["claims"]
    X, Y = [], []
    for a in gold:
        ps = pred.get(a["id"], [])
        ok = [False] * len(ps)
        used = [False] * len(ps)
        for g in a["claims"]:
            best, bc, L = -1, 0.0, g["end"] - g["start"]
            for i, p in enumerate(ps):
                if used[i] or not L:
                    continue
                c = max(0, min(g["end"], p["end"]) - max(g["start"], p["start"])) / L
                if c > bc:
                    best, bc = i, c
            if best >= 0 and bc > 0.3:
                used[best] = True
                ok[best] = speaker_right(g, ps[best])
        for i, p in enumerate(ps):
            X.append(features(p, a["text"]))
            Y.append(1.0 if ok[i] else 0.0)
    names = sorted({k for x in X for k in x})
    w = {k: 0.0 for k in names}
    b, lr, l2 = 0.0, 0.5, 0.001
    for _ in range(400):  # batch gradient descent on the log loss
        gw = dict.fromkeys(names, 0.0)
        gb = 0.0
        for x, y in zip(X, Y):
            e = 1 / (1 + math.exp(-(b + sum(w[k] for k in x)))) - y
            gb += e
            for k in x:
                gw[k] += e
        b -= lr * gb / len(X)
        for k in names:
            w[k] -= lr * (gw[k] / len(X) + l2 * w[k])
    print('\t"bias": %.3f,' % b)
    for k in names:
        print('\t"%s": %.3f,' % (k, w[k]))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: fitconf.py GOLD.jsonl PREDICTIONS.jsonl")
    main(sys.argv[1], sys.argv[2])
