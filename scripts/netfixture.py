"""The part the golden-file scripts share: the sections of tests/fixture.h's
format (hexadecimal floats, or decimal integers), the activations and their
derivatives in float64, and the random float32 network with its rows that
tests/netfixture.h reads.  Imported by scripts/make_fixtures.py,
make_noise_fixture.py and make_sharp_fixture.py.
"""
import numpy as np

ACTS = ["relu", "tanh", "sigmoid", "linear"]


def put(f, name, values, as_int=False):
    """A section: 'name count' then one value per line."""
    values = np.asarray(values).ravel()
    f.write("%s %d\n" % (name, values.size))
    for v in values:
        f.write("%d\n" % int(v) if as_int else float(v).hex() + "\n")


def act_fwd(z, act):
    if act == "relu":
        return np.maximum(z, 0.0)
    if act == "tanh":
        return np.tanh(z)
    if act == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    return z


def act_bwd(dy, y, act):
    """The gradient through the activation, from its output y."""
    if act == "relu":
        return dy * (y > 0)
    if act == "tanh":
        return dy * (1.0 - y * y)
    if act == "sigmoid":
        return dy * y * (1.0 - y)
    return dy


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
