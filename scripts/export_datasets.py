#!/usr/bin/python3
"""scripts/export_datasets.py: write data/digits.csv and data/iris.csv.

Run once (the outputs are committed; see data/README.md for source and
licence) from the copies Debian's python3-sklearn ships under
sklearn/datasets/data/, loaded with scikit-learn's own loaders:

    /usr/bin/python3 scripts/export_datasets.py

digits.csv: 1797 rows, 64 pixel columns pixel_R_C (integers 0..16) and
the label column "digit" (0..9), in scikit-learn's row order.
iris.csv: 150 rows, four measurements in cm and the label column
"species" as text (setosa, versicolor, virginica), so bsweep's string
labels are exercised; scikit-learn's row order (sorted by species: a
config must shuffle before splitting).
"""
from sklearn.datasets import load_digits, load_iris


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def number(v):
    v = float(v)
    return str(int(v)) if v.is_integer() else repr(v)


digits = load_digits()
write("data/digits.csv",
      ["pixel_%d_%d" % (i // 8, i % 8) for i in range(64)] + ["digit"],
      ([number(v) for v in x] + [str(int(t))] for x, t in zip(digits.data, digits.target)))

iris = load_iris()
write("data/iris.csv",
      ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species"],
      ([number(v) for v in x] + [iris.target_names[t]] for x, t in zip(iris.data, iris.target)))
