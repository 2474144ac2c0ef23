#!/usr/bin/env bash
# Whole-command wall times of the GitOps commands against their peers, interleaved in one run
# (ours, theirs, ours, ... with the order flipped every round), medians and ratios:
#   1. `image set` vs the real `kustomize edit set image` (v5.7.1) on a copy of the seed's
#      production overlay;
#   2. `promote-image` vs the seed's workflow done by hand (git checkout -b, kustomize edit set
#      image, git commit, git push) against a local bare remote.
# Usage: bench/gitops.sh [RUNS] [PROMOTE_RUNS]   (defaults 100 and 20)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
promote_runs=${2:-20}
cargo build --release --quiet
scripts/build-components kustomize
eval "$(scripts/build-components --print-bins | grep KUSTOMIZE_BIN)"
export BIN="${CARGO_TARGET_DIR:-target}/release/kubectl-rollouts" KUSTOMIZE_BIN
python3 - "$runs" "$promote_runs" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time

runs, promote_runs = int(sys.argv[1]), int(sys.argv[2])
bin_, kustomize = os.path.abspath(os.environ["BIN"]), os.environ["KUSTOMIZE_BIN"]
seed = os.path.abspath("examples/gitops/k8s")
tmp = tempfile.mkdtemp()

def timed(cmd, cwd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start

def row(name, ours, theirs, peer):
    mo, mt = statistics.median(ours), statistics.median(theirs)
    print(f"| {name} | {mo*1000:.1f} ms | {peer}: {mt*1000:.1f} ms | {mt/mo:.1f}x |")

print("| command | ours (median) | peer (median) | peer / ours |")
print("|---|---|---|---|")

ours, theirs = [], []
for i in range(runs):
    work = os.path.join(tmp, f"set-{i}")
    shutil.copytree(seed, work)
    overlay = os.path.join(work, "overlays/production")
    a = lambda: ours.append(timed([bin_, "image", "set", f"kainlite/tr:v1.{i}.0"], overlay))
    b = lambda: theirs.append(timed([kustomize, "edit", "set", "image", f"kainlite/tr:v1.{i}.0"], overlay))
    (a(), b()) if i % 2 == 0 else (b(), a())
row(f"image set ({runs} runs)", ours, theirs, "kustomize edit set image")

def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def repo(name):
    remote, work = os.path.join(tmp, name + ".git"), os.path.join(tmp, name)
    git("init", "--quiet", "--bare", "--initial-branch=main", remote, cwd=tmp)
    git("clone", "--quiet", remote, work, cwd=tmp)
    git("config", "user.name", "Bench", cwd=work)
    git("config", "user.email", "bench@example.invalid", cwd=work)
    git("checkout", "--quiet", "-b", "main", cwd=work)
    shutil.copytree(seed, os.path.join(work, "k8s"))
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "initial", cwd=work)
    git("push", "--quiet", "origin", "main", cwd=work)
    return work

ours_repo, their_repo = repo("ours"), repo("theirs")
by_hand = os.path.join(tmp, "by-hand.sh")
with open(by_hand, "w") as f:
    f.write(f"""#!/usr/bin/env bash
set -euo pipefail
tag=$1
git fetch --quiet origin main
git checkout --quiet -b "deploy/tr-web-$tag" origin/main
(cd k8s/overlays/production && {kustomize} edit set image "kainlite/tr=kainlite/tr:$tag")
git commit --quiet -am "chore: bump tr-web to $tag"
git push --quiet origin "deploy/tr-web-$tag"
git checkout --quiet main
""")
os.chmod(by_hand, 0o755)
ours, theirs = [], []
for i in range(promote_runs):
    tag = f"v2.{i}.0"
    a = lambda: ours.append(timed([bin_, "promote-image", "--app", "tr-web", "--overlay", "k8s/overlays/production", "--image", f"kainlite/tr:{tag}"], ours_repo))
    b = lambda: theirs.append(timed([by_hand, tag], their_repo))
    (a(), b()) if i % 2 == 0 else (b(), a())
row(f"promote-image ({promote_runs} runs)", ours, theirs, "git + kustomize by hand")
shutil.rmtree(tmp)
PY
