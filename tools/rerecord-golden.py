#!/usr/bin/env python3
"""Re-records golden traces after model code moved (README "Golden traces").

A trace stores each event's source line, so a change that only shifts lines
in model/ makes the golden traces stop replaying byte for byte. For each
trace that no longer replays, this re-runs its scenario with the options the
trace records and keeps the new trace only if its schedule and verdict kind
are the old one's: then nothing but locations (and names) changed. A trace
whose schedule or verdict differs is left alone and named: that is a change
of behaviour to look at, not to re-record.

  tools/rerecord-golden.py [--build DIR] [TRACE...]   (default: traces/golden/*.json)

Exit 0 when every trace replays afterwards, 1 otherwise.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_command(mmcheck, trace):
    c = trace["checker"]
    cmd = [mmcheck, "run", trace["scenario"], "--variant", trace["variant"], "--max-steps", str(c["max_steps"])]
    for k, v in trace.get("params", {}).items():
        cmd += ["--param", f"{k}={v}"]
    if "text" in trace:
        cmd += ["--mix", trace["text"]]
    cmd += ["--lockdep"] if c.get("lockdep") else ["--no-lockdep"]
    exact = ["--strategy", c["strategy"], "--seed", str(c["seed"])]
    if "preemption_bound" in c:
        exact += ["--preemption-bound", str(c["preemption_bound"])]
    return [cmd, cmd + exact]  # as the default run would, then as the trace says it was found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("traces", nargs="*")
    args = ap.parse_args()
    mmcheck = os.path.join(args.build, "tools", "mmcheck")
    traces = args.traces or sorted(glob.glob(os.path.join(root, "traces", "golden", "*.json")))
    failed = 0
    # In the build folder, so that the rename into traces/ stays on one file system.
    with tempfile.TemporaryDirectory(dir=args.build) as work:
        for path in traces:
            name = os.path.basename(path)
            if subprocess.run([mmcheck, "replay", path], capture_output=True, cwd=root).returncode == 0:
                print(f"replays      {name}")
                continue
            old = json.load(open(path))
            kept = False
            for cmd in run_command(mmcheck, old):
                out = os.path.join(work, name)
                if os.path.exists(out):
                    os.remove(out)
                subprocess.run(cmd + ["--trace-out", out], capture_output=True, cwd=root)
                if not os.path.exists(out):
                    continue
                new = json.load(open(out))
                if new["schedule"] == old["schedule"] and new["verdict"]["kind"] == old["verdict"]["kind"]:
                    os.replace(out, path)
                    kept = True
                    break
            ok = kept and subprocess.run([mmcheck, "replay", path], capture_output=True, cwd=root).returncode == 0
            print(f"{'re-recorded' if ok else 'DIFFERS    '}  {name}")
            failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
