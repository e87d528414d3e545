#!/bin/sh
# tests/outdir.sh BSWEEP: what a sweep does with its output directory, as
# --dry-run tells it and as the real run does it (one decision, outdir.c):
#   - new, this config's finished or partly finished results (with and
#     without --resume), another config's (refused: exit 2, the same
#     message from --dry-run as from the real run, the way out named, the
#     keys that differ; --force: what it deletes);
#   - the counts are the files' (counted here with ls, not by bsweep).
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
B=$(cd "$(dirname "$BSWEEP")" && pwd)/$(basename "$BSWEEP")
cd "$T_TMP" || exit 1

printf '{"name": "t", "data": {"n_samples": 60, "n_train": 40}, "train": {"epochs": 2, "learning_rate": 0.1}, "sweep": {"batch_sizes": [8, 40], "seeds": [0, 1]}}' >t.json
sed 's/"learning_rate": 0.1/"learning_rate": 0.05/; s/"epochs": 2/"epochs": 3/' t.json >mine.json
summaries() { ls "$1"/runs/*.summary.csv 2>/dev/null | wc -l | tr -d ' '; }

# a new directory
t_run "$B" -n t.json
t_expect_rc "dry run, new directory" 0
t_expect_grep "dry run, new directory: said" "$T_OUT" '^output: results/t/ (new: all 4 runs will be trained)$'
t_check "dry run wrote nothing" test ! -e results

# this config's results, all finished
"$B" -q t.json
t_run "$B" -n t.json
t_expect_rc "dry run over this config's finished results" 0
t_expect_grep "dry run over finished results: trained again, --resume named" "$T_OUT" \
	"^output: results/t/ (exists: this config's results, $(summaries results/t) of 4 runs finished; all 4 will be trained again (--resume keeps them))$"

# partly finished: one run's summary gone
rm results/t/runs/b40_s1.summary.csv
k=$(summaries results/t)
t_check "(3 runs finished on disk)" test "$k" = 3
t_run "$B" -n t.json
t_expect_grep "dry run, partly finished" "$T_OUT" \
	"^output: results/t/ (exists: this config's results, $k of 4 runs finished; all 4 will be trained again (--resume keeps them))$"
t_run "$B" -n --resume t.json
t_expect_grep "dry run --resume, partly finished" "$T_OUT" \
	"^output: results/t/ (exists: this config's results; resuming: keeping $k finished runs, training $((4 - k)))$"
cp results/t/runs/b8_s0.epochs.csv kept.csv
t_run "$B" --resume t.json
t_expect_rc "--resume, partly finished" 0
t_expect_grep "--resume says what it keeps" "$T_ERR" "^bsweep: resuming: keeping $k finished runs, training $((4 - k))$"
t_check "--resume kept the finished run's file" cmp kept.csv results/t/runs/b8_s0.epochs.csv
t_run "$B" t.json
t_expect_grep "run again without --resume: said first" "$T_ERR" \
	"^bsweep: 4 of 4 runs are already finished in results/t/runs/; training all of them again (use --resume to keep them)$"
t_run "$B" -q t.json
t_check "... not with -q" test ! -s "$T_ERR"

# another config's results (the README's recipe: a copy of the config,
# its learning rate edited, its name not)
cp results/t/summary.csv before.csv
t_run "$B" -q mine.json
t_expect_rc "another config's results: refused" 2
cp "$T_ERR" real.err
t_expect_err "another config's results: the way out named, --force last with what it deletes" \
"bsweep: results/t: holds the results of another sweep (results/t/run.json records a different config: config.train.learning_rate is 0.1 there, 0.05 in this one; other keys that differ: config.train.epochs); nothing was written
hint: give this config a name of its own: change \"name\" (now \"t\") in mine.json, or choose another directory with -o DIR; --force would delete the $(summaries results/t) finished runs of \"t\" in results/t/ and train this config there"
t_run "$B" -n mine.json
t_expect_rc "dry run of a refused sweep" 2
t_check "dry run of a refused sweep: the real run's message" cmp "$T_ERR" real.err
t_expect_grep "dry run of a refused sweep: the output line says so" "$T_OUT" \
	'^output: results/t/ (exists: results of another config, name "t"; a real run is refused: change "name" in mine.json, or give -o DIR, or --force to replace them)$'
t_run "$B" -n -o results/t mine.json
t_expect_grep "dry run with -o: no name to change" "$T_OUT" \
	'^output: results/t/ (exists: results of another config, name "t"; a real run is refused: choose another directory with -o DIR, or --force to replace them)$'
t_run "$B" -n --force mine.json
t_expect_rc "dry run --force" 0
t_expect_grep "dry run --force: what it deletes" "$T_OUT" \
	'^output: results/t/ (exists: results of another config, name "t"; --force deletes its 4 finished runs, then all 4 runs of this one are trained)$'
t_check "refusals and dry runs left the results as they were" cmp before.csv results/t/summary.csv
sed 's/"name": "t"/"name": "mine"/' mine.json >mine2.json
t_run "$B" -n mine2.json
t_expect_grep "a name of its own: a new directory" "$T_OUT" '^output: results/mine/ (new: all 4 runs will be trained)$'
t_run "$B" --force mine.json
t_expect_rc "--force" 0
t_expect_grep "--force says what it deletes" "$T_ERR" '^bsweep: --force: deleting the 4 finished runs of "t" in results/t/$'

# run files without a run.json: --resume is refused, by the dry run too
rm results/t/run.json
t_run "$B" -q --resume t.json
cp "$T_ERR" real.err
t_expect_rc "--resume without run.json" 2
t_run "$B" -n --resume t.json
t_expect_rc "dry run --resume without run.json" 2
t_check "dry run --resume without run.json: the real run's message" cmp "$T_ERR" real.err
t_expect_grep "dry run --resume without run.json: the output line" "$T_OUT" \
	'^output: results/t/ (exists: run files but no run.json; a real run with --resume is refused: run without --resume to train every run again)$'
t_done
