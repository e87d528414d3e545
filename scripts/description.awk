# description.awk -- run.json's top-level "description" (src/describe.c),
# every figure's subtitle, for plots.sh and compare.sh: read run.json on
# standard input, print the text.  It takes the member as cJSON prints it,
# one line with a tab before it and one after the colon, and prints
# nothing when there is none (an older run.json) or the text holds any
# character describe.c never writes: the text reaches gnuplot only as an
# argument, but a hand-edited file is not trusted even so.  Run it with
# LC_ALL=C (the scripts do).
BEGIN { key = "\t\"description\":\t\""; sq = "'" }
index($0, key) == 1 {
	s = substr($0, length(key) + 1)
	if (s ~ /",$/) s = substr(s, 1, length(s) - 2)
	else if (s ~ /"$/) s = substr(s, 1, length(s) - 1)
	else exit
	if (s ~ /[^ -~]/ || s ~ /["\\`$@{}]/ || index(s, sq)) exit
	print s
	exit
}
