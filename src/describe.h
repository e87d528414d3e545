/* describe.h: one line saying what a sweep ran (its data, model,
 * optimizer and learning rate, budget, seeds), from its resolved config;
 * run.json's "description", which every figure shows as its subtitle. */
#ifndef BSWEEP_DESCRIBE_H
#define BSWEEP_DESCRIBE_H

#include <stddef.h>

#include "config.h"

/* The description of sweep c into buf (size bytes, always terminated;
 * cut at the end when too small, 512 bytes are plenty), e.g.
 *   blobs: 1000 samples, 2 features, 3 classes (500 train) | 2-50-3 relu |
 *   Adam lr 0.001 | 100 epochs | 1 seed
 * (one line).  A CSV dataset (its shape resolved: data_resolve) is named
 * by its file's base name, its first 40 bytes and "..." when longer.  Text
 * longer than buf ends at the last whole part that fits, then "...".  A key the grid varies is shown as "grid" where
 * its value would be, and the grid's axes last.  Only printable ASCII but
 * '"', '\\', '`', '$', '@', '{', '}' and '\'' reaches buf (any other byte,
 * e.g. of a file name, becomes '?'), so that scripts may take the text
 * safely (scripts/plots.sh checks the same class). */
void describe_sweep(const struct config *c, char *buf, size_t size);

#endif
