"""The part the small-network golden files share (tests/netfixture.h reads it):
a random float32 network with its rows, and its sections in the format of
tests/fixture.h (hexadecimal floats, or decimal integers).  Imported by
scripts/make_noise_fixture.py and scripts/make_sharp_fixture.py.
"""
import numpy as np

ACTS = ["relu", "tanh", "sigmoid", "linear"]


def put(f, name, values, as_int=False):
    values = np.asarray(values).ravel()
    f.write("%s %d\n" % (name, values.size))
    for v in values:
        f.write("%d\n" % int(v) if as_int else float(v).hex() + "\n")


def random_network(D, hidden, K, N, seed, wscale):
    """widths, Ws (out, in), bs, x (N, D), y: float32 values from
    RandomState(seed), weights uniform in +-wscale, biases in +-0.3."""
    rs = np.random.RandomState(seed)
    widths = [D] + hidden + [K]
    Ws, bs = [], []
    for l in range(len(widths) - 1):
        Ws.append(rs.uniform(-wscale, wscale, size=(widths[l + 1], widths[l])).astype(np.float32))
        bs.append(rs.uniform(-0.3, 0.3, size=widths[l + 1]).astype(np.float32))
    x = rs.standard_normal((N, D)).astype(np.float32)
    y = rs.randint(0, K, size=N)
    return widths, Ws, bs, x, y


def put_network(f, widths, act, x, y, Ws, bs):
    """The sections netfixture_load reads: widths, activation, x, y, W<l>, b<l>."""
    put(f, "widths", widths, True)
    put(f, "activation", [ACTS.index(act)], True)
    put(f, "x", x)
    put(f, "y", y, True)
    for l in range(len(Ws)):
        put(f, "W%d" % l, Ws[l])
        put(f, "b%d" % l, bs[l])
