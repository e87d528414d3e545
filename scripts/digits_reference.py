#!/usr/bin/python3
"""scripts/digits_reference.py: an independent accuracy range for configs/digits.json.

scikit-learn's MLPClassifier (not bsweep) on the split bsweep makes of
data/digits.csv with configs/digits.json: rows permuted by NumPy's legacy
RandomState(0).permutation, the last ceil(0.25 * 1797) = 450 rows
validate, features standardised with the training rows' mean and
population std (a constant pixel keeps scale 1, as StandardScaler); a
64 -> 64 -> 64 -> 10 ReLU network, Adam at learning rate 0.001, no L2
(alpha 0), 40 epochs, mini-batches of 4, 8 and 16, seeds 0..4.  Its
initialisation (Glorot for every layer) and Adam epsilon (1e-8) differ
from bsweep's, so this is a range, not a replica.

Prints the validation accuracies and their range; the numbers are recorded
in tests/digits.sh, which checks bsweep's small-batch runs against it.
    /usr/bin/python3 scripts/digits_reference.py
"""
import math
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

data = np.loadtxt("data/digits.csv", delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1].astype(int)
perm = np.random.RandomState(0).permutation(len(X))
X, y = X[perm], y[perm]
n_train = len(X) - math.ceil(0.25 * len(X))
mean, std = X[:n_train].mean(axis=0), X[:n_train].std(axis=0)
std[std == 0] = 1
X = (X - mean) / std
accs = []
warnings.simplefilter("ignore", ConvergenceWarning)
for B in (4, 8, 16):
    for seed in range(5):
        m = MLPClassifier(hidden_layer_sizes=(64, 64), activation="relu", solver="adam",
                          learning_rate_init=0.001, alpha=0.0, batch_size=B, max_iter=40,
                          shuffle=True, random_state=seed, tol=0.0, n_iter_no_change=1000)
        m.fit(X[:n_train], y[:n_train])
        acc = m.score(X[n_train:], y[n_train:])
        accs.append(acc)
        print("batch %2d seed %d val_acc %.4f" % (B, seed, acc))
print("range %.4f %.4f" % (min(accs), max(accs)))
