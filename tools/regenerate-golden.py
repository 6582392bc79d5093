#!/usr/bin/env python3
"""Regenerate the golden traces after a deliberate model change.

A golden trace records the source location of every step, so any edit that
moves a line of model/ makes `mmcheck regress` report it as diverged. This
reruns each trace's exploration with the options the trace records
(scenario, variant, parameters, mix text, strategy, seed, lockdep, step
bound) and replaces the file only when the new counterexample has the same
violation kind and the same message up to step numbers; otherwise it leaves
the file alone and says why (then the change altered a verdict: look).

Usage: tools/regenerate-golden.py MMCHECK [GOLDEN_DIR [FILE...]]   (exit 1 if any kept)
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def normalized(message):
    return re.sub(r"\d+", "N", message or "")


def rerun(mmcheck, trace, out):
    checker = trace["checker"]
    # "dfs" in a trace is usually the preemption-bounded dfs that shrank a
    # dpor counterexample, which `mmcheck run` redoes by itself.
    strategy = "dpor" if checker["strategy"] == "dfs" else checker["strategy"]
    cmd = [mmcheck, "run", trace["scenario"], "--variant", trace["variant"],
           "--strategy", strategy, "--seed", str(checker["seed"]),
           "--max-steps", str(checker["max_steps"]), "--trace-out", out, "--no-progress",
           "--lockdep" if checker["lockdep"] else "--no-lockdep"]
    for key, value in sorted(trace.get("params", {}).items()):
        cmd += ["--param", f"{key}={value}"]
    if trace.get("text"):
        cmd += ["--mix", trace["text"]]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    mmcheck = sys.argv[1]
    golden = sys.argv[2] if len(sys.argv) >= 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "traces", "golden")
    kept = 0
    only = set(sys.argv[3:])
    for name in sorted(os.listdir(golden)):
        if not name.endswith(".json") or (only and name not in only):
            continue
        path = os.path.join(golden, name)
        with open(path) as f:
            old = json.load(f)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, name)
            rerun(mmcheck, old, out)
            if not os.path.exists(out):
                print(f"kept    {name}: the rerun found no violation")
                kept += 1
                continue
            with open(out) as f:
                new = json.load(f)
            same_kind = old["verdict"]["kind"] == new["verdict"]["kind"]
            same_message = normalized(old["verdict"]["message"]) == normalized(new["verdict"]["message"])
            if not (same_kind and same_message):
                print(f"kept    {name}: the rerun found {new['verdict']['kind']}: "
                      f"{new['verdict']['message'].splitlines()[0]}")
                kept += 1
                continue
            # Keep what the rerun does not write (e.g. a preload's mix text).
            for key in old:
                new.setdefault(key, old[key])
            tmp_path = path + ".tmp"
            with open(tmp_path, "w") as f:
                json.dump(new, f, indent=2)
                f.write("\n")
            os.replace(tmp_path, path)
            print(f"updated {name}")
    return 1 if kept else 0


if __name__ == "__main__":
    sys.exit(main())
