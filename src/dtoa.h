/* dtoa.h: the shortest round-trip digits of a double (dtoa.cc, on the
 * double-conversion library). */
#ifndef BSWEEP_DTOA_H
#define BSWEEP_DTOA_H

#ifdef __cplusplus
extern "C" {
#endif

/* The fewest significant decimal digits that read back to v (finite),
 * without sign, into digits (size >= 18; NUL-terminated), the closest to
 * v among them: |v| = 0.DIGITS x 10^point.  Returns their number (1 and
 * "0" for zero). */
int dtoa_shortest(double v, char *digits, int size, int *point);

#ifdef __cplusplus
}
#endif

#endif
