#!/usr/bin/env python3
"""Runs docs/your-own-code.md as a user would, against the installed package.

usage: guide_test.py SOURCE_DIR BUILD_DIR [--update]

1. Installs BUILD_DIR into a temporary prefix, $HOME/mmcheck, with HOME a
   temporary folder (the guide's install block, marked
   `<!-- guide-test: install -->`, is this step: the test does not rebuild
   the tree it is run from).
2. Runs every other ```sh block of the guide in order, in one shell session
   (the working folder carries over), and compares each block's output
   (stdout and stderr) with the ```text block that follows it, if any; a
   block without one must exit 0. Elapsed times ("0.012s") are masked.
3. Checks that the project the guide built is examples/my-checks, file for
   file, and asserts its verdicts through --json: each bug found with a trace
   that replays, each fixed variant verified as expected, `ctest` passing.
   So the example is compiled once, by the guide's own commands.

With --update, the guide's ```text blocks are rewritten with what the
commands printed (review the diff: it is the guide's promise to users).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

SOURCE_DIR, BUILD_DIR = sys.argv[1], sys.argv[2]
UPDATE = "--update" in sys.argv[3:]
GUIDE = os.path.join(SOURCE_DIR, "docs", "your-own-code.md")
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "my-checks")
# Elapsed times, as `run` ("0.012s") and ctest ("0.35 sec") print them.
TIME = re.compile(r" *\b\d+\.\d+ ?(s|sec)\b")

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def blocks(text):
    """(marker, language, body, first line, end line) for each fenced block."""
    out = []
    marker = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"<!-- guide-test: (\w+) -->", line.strip())
        if m:
            marker = m.group(1)
        elif line.startswith("```"):
            lang = line[3:].strip()
            start = i + 1
            body = []
            i += 1
            while not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append((marker, lang, "\n".join(body) + "\n", start, i))
            marker = None
        i += 1
    return out


def masked(text):
    return TIME.sub(" N.NNNs", text).rstrip("\n")


home = tempfile.mkdtemp(prefix="mmcheck-guide-")
env = dict(os.environ, HOME=home)
prefix = os.path.join(home, "mmcheck")
install = subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", prefix],
                         capture_output=True, text=True)
if install.returncode != 0:
    sys.exit("cmake --install failed:\n" + install.stdout + install.stderr)

cwd = home
state = os.path.join(home, ".guide-cwd")
guide_lines = open(GUIDE).read().split("\n")
guide_blocks = blocks("\n".join(guide_lines))
updates = {}  # text block index -> what the commands printed
ran = 0
for index, (marker, lang, body, _, _) in enumerate(guide_blocks):
    if lang != "sh" or marker in ("install", "skip"):
        continue
    expected = None
    if index + 1 < len(guide_blocks) and guide_blocks[index + 1][1] == "text":
        expected = guide_blocks[index + 1][2]
    script = body + '\nstatus=$?\npwd > "$GUIDE_CWD"\nexit $status\n'
    r = subprocess.run(["bash", "-c", script], cwd=cwd, env=dict(env, GUIDE_CWD=state),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ran += 1
    cwd = open(state).read().strip()
    first = body.strip().split("\n")[0]
    if expected is None:
        if r.returncode != 0:
            fail("block `%s` exited %d:\n%s" % (first, r.returncode, r.stdout))
    elif UPDATE:
        updates[index + 1] = r.stdout.rstrip("\n").split("\n")
    elif masked(r.stdout) != masked(expected):
        fail("block `%s` printed:\n%s\nbut the guide shows:\n%s" %
             (first, r.stdout, expected))

if UPDATE:
    for index in sorted(updates, reverse=True):
        _, _, _, start, end = guide_blocks[index]
        guide_lines[start:end] = updates[index]
    open(GUIDE, "w").write("\n".join(guide_lines))
    print("guide: %d output blocks rewritten; review the diff" % len(updates))

if ran < 5:
    fail("only %d blocks of the guide ran" % ran)

# The project the guide built is the example, file for file.
project = os.path.join(home, "my-checks")
for name in sorted(os.listdir(EXAMPLE)):
    mine = os.path.join(project, name)
    if not os.path.exists(mine) or open(mine).read() != open(os.path.join(EXAMPLE, name)).read():
        fail("the guide's my-checks/%s differs from examples/my-checks/%s" % (name, name))

checks = os.path.join(project, "build", "my_checks")


def run(*args):
    return subprocess.run([checks, *args], cwd=project, capture_output=True, text=True)


for scenario, kind in (("refobj", "deadlock"), ("dcl", "data_race")):
    buggy = run("run", scenario, "--variant", "buggy", "--json", "--trace-out",
                os.path.join(home, scenario + ".json"))
    line = json.loads(buggy.stdout.splitlines()[0]) if buggy.stdout else {}
    if buggy.returncode != 1 or line.get("verdict") != "violation" or \
            (line.get("violation") or {}).get("kind") != kind or not line.get("expected"):
        fail("%s buggy: expected a %s violation (exit 1), got exit %d: %s %s" %
             (scenario, kind, buggy.returncode, buggy.stdout, buggy.stderr))
    replay = run("replay", os.path.join(home, scenario + ".json"))
    if replay.returncode != 0:
        fail("%s buggy: the trace did not replay (exit %d): %s %s" %
             (scenario, replay.returncode, replay.stdout, replay.stderr))
    fixed = run("run", scenario, "--variant", "fixed", "--json")
    line = json.loads(fixed.stdout.splitlines()[0]) if fixed.stdout else {}
    if fixed.returncode != 0 or line.get("verdict") != "verified" or not line.get("expected") \
            or line.get("warnings") != []:
        fail("%s fixed: expected verified as expected (exit 0), got exit %d: %s %s" %
             (scenario, fixed.returncode, fixed.stdout, fixed.stderr))

ctest = subprocess.run(["ctest", "--test-dir", os.path.join(project, "build")],
                       capture_output=True, text=True)
if ctest.returncode != 0 or "100% tests passed" not in ctest.stdout:
    fail("ctest in the example failed:\n" + ctest.stdout + ctest.stderr)

if failures:
    print("%d failures (the guide's folder is kept: %s)" % (len(failures), home))
    sys.exit(1)
subprocess.run(["rm", "-rf", home])
print("guide: %d blocks ran and matched; the example's verdicts hold" % ran)
