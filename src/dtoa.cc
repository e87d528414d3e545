/* dtoa.cc: the shortest decimal digits that read back to a double, from
 * Google's double-conversion library (Debian: libdouble-conversion-dev,
 * the converter of V8 and Firefox).  The library is C++, so this wrapper
 * is too: the one C++ file of bsweep, called only by fmt_double (util.c),
 * which turns the digits into text. */
#include <double-conversion/double-conversion.h>

#include "dtoa.h"

int dtoa_shortest(double v, char *digits, int size, int *point)
{
	bool negative;
	int length;
	double_conversion::DoubleToStringConverter::DoubleToAscii(
		v, double_conversion::DoubleToStringConverter::SHORTEST, 0, digits, size,
		&negative, &length, point);
	return length;
}
