#!/usr/bin/python3
"""scripts/make_csv_golden.py: the NumPy reference for tests/csv.sh.

Writes tests/csv/good/standardize.csv (a table with features of very
different scales, string labels, the label column in the middle) and
tests/csv/good/standardize.golden: the dataset bsweep must make of it with
tests/csv/good/standardize.json (shuffle_seed 3: NumPy's legacy
RandomState(3).permutation applied as X[perm]; validation_fraction 0.25:
ceil(0.25 n) validation rows, as scikit-learn's train_test_split; then
standardised with the mean and population standard deviation (ddof 0) of
the training rows only), labels as class indices in byte order of the
label texts.  Values with %.17g; tests/csv.sh compares with a relative
tolerance of 1e-12 (NumPy sums pairwise, bsweep in row order).
Run once; the outputs are committed.  Versions: NumPy's legacy
RandomState stream is frozen, so any NumPy reproduces them.
"""
import math
import numpy as np

n, d = 41, 3
rs = np.random.RandomState(20261129)
X = rs.normal(size=(n, d)) * np.array([1e-3, 1.0, 1e4]) + np.array([5.0, -2.0, 1e5])
names = np.array(["versicolor", "Setosa", "virginica"])
y = names[rs.randint(0, 3, size=n)]

with open("tests/csv/good/standardize.csv", "w") as f:
    f.write('small,"label",big scale,"mid ""quoted"""\n')
    for i in range(n):
        f.write("%r,%s,%r,%r\n" % (float(X[i, 0]), y[i], float(X[i, 2]), float(X[i, 1])))
# column order in the file: small, label, big, mid -> features small, big, mid
F = X[:, [0, 2, 1]]
perm = np.random.RandomState(3).permutation(n)
F, y = F[perm], y[perm]
n_val = math.ceil(0.25 * n)
n_train = n - n_val
mean = F[:n_train].mean(axis=0)
std = F[:n_train].std(axis=0)
Z = (F - mean) / std
classes = sorted(set(y), key=lambda s: s.encode())
with open("tests/csv/good/standardize.golden", "w") as f:
    f.write("x0,x1,x2,label\n")
    for i in range(n):
        f.write(",".join("%.17g" % v for v in Z[i]) + ",%d\n" % classes.index(y[i]))
print("n_train", n_train, "classes", classes)
